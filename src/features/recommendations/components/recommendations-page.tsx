/**
 * The Recommendations page: total potential savings, then every recommendation biggest first,
 * filtered by kind, project and owner, with open, snoozed and dismissed ones a click apart.
 * Every filter lives in the URL.
 */
import { Link, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useSession, usersQueryOptions } from '../../../api/queries';
import { formatCentsWhole, formatDateTime, formatInteger } from '../../../lib/format';
import { ALL_PROJECTS, useProjectScope } from '../../../lib/project-scope';
import { PageHeader, Stat } from '../../../ui/card';
import { EmptyState, ErrorState, Skeleton } from '../../../ui/states';
import { useRecommendations, type RecommendationFilters, type RecommendationKind, type RecommendationStatus } from '../api/get-recommendations';
import { RecommendationCard } from './recommendation-card';
import { ResultMessage, useResultMessage } from '../../../ui/result-message';
import { useNames } from './use-names';
import { KIND_LABELS } from './titles';

const STATUSES: Array<{ value: RecommendationStatus; label: string }> = [
  { value: 'open', label: 'Open' },
  { value: 'snoozed', label: 'Snoozed' },
  { value: 'dismissed', label: 'Dismissed' },
];
const KINDS = Object.keys(KIND_LABELS) as RecommendationKind[];
const PAGE_SIZE = 100;

function pick<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

export function RecommendationsPage() {
  const [search, setSearch] = useSearchParams();
  const status = pick(search.get('status'), STATUSES.map((s) => s.value)) ?? 'open';
  const kind = pick(search.get('kind'), KINDS);
  // The URL's project wins; without one, the header's project switcher scopes the page ("all" in the URL overrides it).
  const { projectId: scope } = useProjectScope();
  const projectParam = search.get('project');
  const projectId = projectParam === ALL_PROJECTS ? undefined : projectParam || (scope !== ALL_PROJECTS ? scope : undefined);
  const ownerId = search.get('owner') || undefined;
  const filters: RecommendationFilters = { status, limit: PAGE_SIZE, ...(kind ? { kind } : {}), ...(projectId ? { projectId } : {}), ...(ownerId ? { ownerId } : {}) };
  const list = useRecommendations(filters);
  const names = useNames();
  const { message, announce, messageRef } = useResultMessage();

  const hrefWith = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    return `?${next.toString()}`;
  };
  const setFilter = (name: string, value: string) => {
    const v = name === 'project' && value === '' && scope !== ALL_PROJECTS ? ALL_PROJECTS : value;
    setSearch(new URLSearchParams(hrefWith({ [name]: v || undefined }).slice(1)), { replace: true });
  };

  return (
    <>
      <PageHeader
        title="Recommendations"
        description="Where your GPU spend can go further, each with the evidence it rests on and one click to act. A pod's savings are counted once: each saves on top of the ones listed before it."
      />
      <Summary list={list.data} status={status} isPending={list.isPending} />
      <Filters kind={kind} projectId={projectId} ownerId={ownerId} onChange={setFilter} />
      <nav aria-label="Recommendation status" className="mt-4 flex flex-wrap gap-2">
        {STATUSES.map((s) => (
          <Link
            key={s.value}
            to={hrefWith({ status: s.value === 'open' ? undefined : s.value })}
            aria-current={s.value === status ? 'page' : undefined}
            className={`rounded-full border px-3 py-1 text-sm font-medium ${s.value === status ? 'border-teal-700 bg-teal-50 text-teal-900 dark:border-teal-400 dark:bg-teal-950 dark:text-teal-100' : 'border-slate-300 text-slate-700 hover:bg-slate-100 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800'}`}
          >
            {list.data ? `${s.label} (${formatInteger(list.data.counts[s.value])})` : s.label}
          </Link>
        ))}
      </nav>
      <ResultMessage message={message} messageRef={messageRef} className="mt-3" />
      <section aria-labelledby="recommendation-list" className="mt-2">
        <h2 id="recommendation-list" className="sr-only">
          {STATUSES.find((s) => s.value === status)?.label} recommendations
        </h2>
        {list.isPending ? (
          <div className="space-y-4">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} className="h-64 w-full" label="Loading recommendations…" />
            ))}
          </div>
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} minHeight="min-h-64" />
        ) : list.data.items.length === 0 ? (
          <EmptyState title={status === 'open' ? 'No recommendations here' : status === 'snoozed' ? 'Nothing snoozed' : 'Nothing dismissed'}>
            {status === 'open'
              ? 'Nothing to save for the pods that match: they fit their GPUs, run when used, and pay the best price their jurisdiction offers.'
              : `Recommendations you ${status === 'snoozed' ? 'snooze' : 'dismiss'} stay findable here.`}
          </EmptyState>
        ) : (
          <ul className="space-y-4">
            {list.data.items.map((r) => (
              <li key={r.id}>
                <RecommendationCard r={r} names={names} onDone={announce} />
              </li>
            ))}
          </ul>
        )}
        {list.data && list.data.total > list.data.items.length && (
          <p className="mt-4 text-sm text-slate-600 dark:text-slate-300">
            Showing the {formatInteger(list.data.items.length)} biggest of {formatInteger(list.data.total)}. Filter by project or owner to see the rest.
          </p>
        )}
      </section>
    </>
  );
}

/** Holds a line's height where a figure will be. */
const PENDING = '\u00a0';

function Summary({ list, status, isPending }: { list: ReturnType<typeof useRecommendations>['data']; status: RecommendationStatus; isPending: boolean }) {
  const label = status === 'open' ? 'Potential savings per month' : status === 'snoozed' ? 'Snoozed savings per month' : 'Dismissed savings per month';
  // While the total loads, the same box and sentence with their figures left out (a date's width
  // held by spaces), so the filters below do not move when it arrives, on a phone least of all.
  const loading = isPending || !list;
  return (
    <div className="grid gap-4 md:grid-cols-[minmax(0,20rem)_1fr]" aria-busy={loading}>
      <Stat
        label={label}
        value={list ? formatCentsWhole(list.totalMonthlySavingsCents) : PENDING}
        hint={list ? `${formatInteger(list.total)} recommendation${list.total === 1 ? '' : 's'}` : <span role="status">Loading the total…</span>}
      />
      {/* On a phone the sentence wraps to about seven lines whatever its figures: its room is kept from the start. */}
      <div className="min-h-40 self-center space-y-1 text-sm text-slate-700 md:min-h-0 dark:text-slate-300">
        <p>
          Judged on each running pod’s last {list ? formatInteger(list.windowDays) : '…'} days of GPU telemetry, up to {list ? formatDateTime(list.asOf) : PENDING.repeat(40)}; none rests on fewer than{' '}
          {list ? formatInteger(list.minDaysObserved) : '…'} days of data. Savings are GPU cost at the pace observed, per 30-day month.
        </p>
        {list && list.podsAwaitingData > 0 && (
          <p>
            {formatInteger(list.podsAwaitingData)} running pod{list.podsAwaitingData === 1 ? ' has' : 's have'} too little data to judge yet.
          </p>
        )}
      </div>
    </div>
  );
}

function Filters({ kind, projectId, ownerId, onChange }: { kind?: string; projectId?: string; ownerId?: string; onChange: (name: string, value: string) => void }) {
  const session = useSession();
  const users = useQuery(usersQueryOptions());
  return (
    <form className="mt-6 grid gap-3 sm:grid-cols-3" onSubmit={(e) => e.preventDefault()} aria-label="Filter recommendations">
      <div>
        <label htmlFor="rec-kind" className="field-label">
          Kind
        </label>
        <select id="rec-kind" className="field-input" value={kind ?? ''} onChange={(e) => onChange('kind', e.target.value)}>
          <option value="">All kinds</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="rec-project" className="field-label">
          Project
        </label>
        <select id="rec-project" className="field-input" value={projectId ?? ''} onChange={(e) => onChange('project', e.target.value)}>
          <option value="">All projects</option>
          {session.data?.projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="rec-owner" className="field-label">
          Owner
        </label>
        <select id="rec-owner" className="field-input" value={ownerId ?? ''} onChange={(e) => onChange('owner', e.target.value)}>
          <option value="">Everyone</option>
          {users.data?.items.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}
