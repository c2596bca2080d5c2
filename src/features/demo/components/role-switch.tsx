/** "View as": the same world as an engineer, finance or an admin sees it, without signing in. */
import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../../../api/problem';
import { useSession, usersQueryOptions } from '../../../api/queries';
import { ErrorState, Skeleton } from '../../../ui/states';
import { useDemoAction } from '../api/demo-actions';
import { ROLES } from '../story';

export function RoleSwitch({ onDone }: { onDone: (message: string) => void }) {
  const session = useSession();
  const users = useQuery(usersQueryOptions());
  const actAs = useDemoAction(onDone);
  return (
    <div className="space-y-2 border-t border-slate-200 pt-4 dark:border-slate-700">
      <h3 className="font-semibold">View as</h3>
      {users.isPending ? (
        <Skeleton className="h-14" label="Loading people…" />
      ) : users.isError ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} minHeight="min-h-14" />
      ) : (
        <div role="group" aria-label="View as" className="flex flex-wrap gap-2">
          {ROLES.map(({ role, label, sees }) => {
            const person = users.data.items.find((u) => u.role === role);
            if (!person) return null;
            const current = session.data?.user.role === role;
            return (
              <button
                key={role}
                type="button"
                className={current ? 'btn-primary' : 'btn-secondary'}
                aria-pressed={current}
                disabled={actAs.isPending}
                onClick={() => actAs.mutate({ type: 'act-as', userId: person.id, done: `Now viewing as ${person.name}, ${label.toLowerCase()}: ${sees}` })}
              >
                <span className="flex flex-col items-start leading-tight">
                  <span>{label}</span>
                  <span className="text-xs font-normal">{person.name}</span>
                </span>
              </button>
            );
          })}
        </div>
      )}
      {actAs.isError && <p role="alert" className="field-error">{errorMessage(actAs.error)}</p>}
    </div>
  );
}
