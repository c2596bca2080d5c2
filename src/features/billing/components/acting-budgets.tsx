/**
 * A budget that acts is said to the people it acts on, where they are: on the Overview, on the
 * launch form before they fill it, and on Billing. Engineers see the organization's budget here
 * too (what it does to their projects, not its amounts), so a stopped pod is never a mystery.
 */
import { Link } from 'react-router';
import { useSession } from '../../../api/queries';
import { formatDate } from '../../../lib/format';
import { useActingBudgets } from '../api/get-acting-budgets';

export function ActingBudgets({ className = '' }: { className?: string }) {
  const acting = useActingBudgets();
  const session = useSession();
  const items = acting.data?.items ?? [];
  if (items.length === 0) return null;
  const canChange = session.data?.user.role === 'admin' || session.data?.user.role === 'finance';
  return (
    <section aria-label="Budgets acting on your projects" className={`space-y-2 ${className}`}>
      {items.map((b) => {
        const scope = b.projectId === null ? `The ${b.scopeName} budget` : `The ${b.scopeName} project’s budget`;
        const until = formatDate(Date.parse(b.until) - 1);
        return (
          <div key={b.budgetId} className="rounded-lg border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50">
            <p>
              <strong>{scope} is spent for this month.</strong>{' '}
              {b.policy === 'block-launches'
                ? `New pods cannot be launched in ${b.projectId === null ? 'any project' : 'it'} until the month ends (${until}).`
                : `Its policy stops idle pods${b.projectId === null ? '' : ' in it'} until the month ends (${until}).`}{' '}
              {canChange ? (
                <Link className="font-medium underline underline-offset-2" to="/billing?tab=budgets">
                  Raise it or change its policy
                </Link>
              ) : (
                'A finance user or an admin can raise it.'
              )}
            </p>
            {b.stoppedPods.length > 0 && (
              <p className="mt-1">
                Stopped since {formatDate(b.since)}:{' '}
                {b.stoppedPods.map((p, i) => (
                  <span key={p.id}>
                    {i > 0 && ', '}
                    <Link className="underline underline-offset-2" to={`/pods/${p.id}`}>
                      {p.name}
                    </Link>
                  </span>
                ))}
                . Start them again when you need them.
              </p>
            )}
          </div>
        );
      })}
    </section>
  );
}
