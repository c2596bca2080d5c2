/** The Audit log's filters: who, what, project, and a range of whole days; each one a labelled control kept in the URL. */
import { useQuery } from '@tanstack/react-query';
import { useSession, usersQueryOptions } from '../../../api/queries';
import { Field } from '../../../ui/field';
import { hasAuditFilters, isReversedRange, type AuditParams } from '../audit-params';
import { AUDIT_ACTIONS, AUDIT_ACTION_LABELS } from '../audit-words';
import type { AuditAction } from '../api/audit-log';

export const POLICY_ACTOR = 'policy';
const controlClass = 'field-input';

export function AuditFilters({
  params,
  onChange,
  onClear,
}: {
  params: AuditParams;
  onChange: (patch: Partial<AuditParams>) => void;
  onClear: () => void;
}) {
  const session = useSession();
  const me = session.data?.user;
  const users = useQuery({ ...usersQueryOptions(), enabled: me !== undefined && me.role !== 'engineer' });
  // Engineers see their own entries (and policies' on their pods): the list offers only those.
  const people = me?.role === 'engineer' ? [me] : [...(users.data?.items ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const unknownActor = params.actorId !== '' && params.actorId !== POLICY_ACTOR && !people.some((u) => u.id === params.actorId);
  const projects = session.data?.projects ?? [];
  const unknownProject = params.projectId !== '' && !projects.some((p) => p.id === params.projectId);
  const reversed = isReversedRange(params);
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <form aria-label="Audit log filters" onSubmit={(e) => e.preventDefault()}>
      <div className="grid grid-cols-1 items-start gap-4 sm:grid-cols-2 lg:grid-cols-[repeat(5,minmax(0,1fr))_auto]">
        <Field id="audit-who" label="Who">
          {(a11y) => (
            <select {...a11y} className={controlClass} value={params.actorId} onChange={(e) => onChange({ actorId: e.target.value })}>
              <option value="">{me?.role === 'engineer' ? 'Everyone I can see' : 'Everyone'}</option>
              {people.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
              {unknownActor && <option value={params.actorId}>{params.actorId}</option>}
              <option value={POLICY_ACTOR}>Policies (budgets, auto-stop)</option>
            </select>
          )}
        </Field>
        <Field id="audit-what" label="What">
          {(a11y) => (
            <select
              {...a11y}
              className={controlClass}
              value={params.action}
              onChange={(e) => onChange({ action: e.target.value as AuditAction | '' })}
            >
              <option value="">Every action</option>
              {AUDIT_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {AUDIT_ACTION_LABELS[a]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="audit-project" label="Project">
          {(a11y) => (
            <select {...a11y} className={controlClass} value={params.projectId} onChange={(e) => onChange({ projectId: e.target.value })}>
              <option value="">All projects</option>
              {projects.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
              {unknownProject && <option value={params.projectId}>{params.projectId}</option>}
            </select>
          )}
        </Field>
        <Field id="audit-from" label="From" describedBy="audit-days-note">
          {(a11y) => (
            <input
              {...a11y}
              type="date"
              className={controlClass}
              value={params.from}
              max={params.to || undefined}
              onChange={(e) => onChange({ from: e.target.value })}
            />
          )}
        </Field>
        <Field
          id="audit-to"
          label="To"
          describedBy="audit-days-note"
          error={reversed ? 'To is before From: nothing can match.' : undefined}
        >
          {(a11y) => (
            <input
              {...a11y}
              type="date"
              className={controlClass}
              value={params.to}
              min={params.from || undefined}
              onChange={(e) => onChange({ to: e.target.value })}
            />
          )}
        </Field>
        <div className="lg:pt-6">
          <button type="button" className="btn-secondary" onClick={onClear} disabled={!hasAuditFilters(params)}>
            Clear filters
          </button>
        </div>
      </div>
      <p id="audit-days-note" className="mt-2 text-xs text-slate-600 dark:text-slate-400">
        From and To are whole days in your time zone ({timeZone}).
      </p>
    </form>
  );
}
