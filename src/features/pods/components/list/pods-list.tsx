/**
 * The Pods page body: filters from the URL, the count (with the terminated pods it leaves out),
 * then the pods as a virtualized table on wide screens or as cards on phones, with their empty states.
 */
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorMessage } from '../../../../api/problem';
import { formatInteger } from '../../../../lib/format';
import { ALL_PROJECTS, useProjectScope } from '../../../../lib/project-scope';
import { EmptyState } from '../../../../ui/states';
import { usePodCount, usePodListHead } from '../../api/list-pods';
import type { Pod, PodFilters } from '../../api/types';
import { activeFilterCount, ANY_STATUS, filtersFromSearch, hidesTerminated, withFilter } from '../../pod-filters';
import { PendingRead } from '../read-state';
import { useNames } from '../use-names';
import { PodCards } from './pod-cards';
import { PodFilterBar } from './pod-filter-bar';
import { PodTable } from './pod-table';
import { useWideScreen } from './use-wide-screen';

export function PodsList() {
  const [search, setSearch] = useSearchParams();
  const { projectId, setProjectId } = useProjectScope();
  // One project scope: a link's ?projectId= becomes the header's project (then leaves the URL).
  useEffect(() => {
    if (!search.has('projectId')) return;
    setProjectId(search.get('projectId') || ALL_PROJECTS);
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.delete('projectId');
        return next;
      },
      { replace: true },
    );
  }, [search, setSearch, setProjectId]);
  const filters = filtersFromSearch(search, projectId === ALL_PROJECTS ? undefined : projectId);
  const filtered = activeFilterCount(search) > 0 || filters.projectId !== undefined;
  return (
    <>
      <PodFilterBar filters={filters} />
      <PodsBody
        filters={filters}
        empty={
          filtered ? (
            <EmptyState title="No pods match these filters">Change or clear the filters above to see more pods.</EmptyState>
          ) : (
            <EmptyState title="No pods yet">
              <Link className="link" to="/pods/new">
                Launch your first dev pod
              </Link>
            </EmptyState>
          )
        }
      />
    </>
  );
}

function PodsBody({ filters, empty }: { filters: PodFilters; empty: React.ReactNode }) {
  const [search, setSearch] = useSearchParams();
  const wide = useWideScreen();
  const names = useNames();
  const canAct = names.role !== undefined && names.role !== 'finance';
  const [stopFailure, setStopFailure] = useState<{ pod: Pod; error: unknown } | null>(null);
  const head = usePodListHead(filters);
  const hiding = hidesTerminated(search);
  const terminated = usePodCount({ ...filters, status: ['terminated'] }, hiding);
  const hidden = hiding ? (terminated.data ?? 0) : 0;
  const onStopFailed = (pod: Pod, error: unknown) => setStopFailure({ pod, error });
  // "Show terminated" goes away once pressed: focus moves to the count it changed, not to the page.
  const count = useRef<HTMLParagraphElement>(null);
  const showTerminated = () => {
    setSearch(withFilter(search, 'status', ANY_STATUS), { replace: true });
    count.current?.focus();
  };

  if (!head.data) return <PendingRead query={head} className="h-[60vh] w-full" label="Loading pods…" minHeight="min-h-[60vh]" />;
  const total = head.data.total;
  const asOfMs = Date.parse(head.data.asOf);
  return (
    <>
      <div className="mb-2 flex flex-wrap items-baseline gap-x-3 gap-y-1 text-sm text-slate-700 dark:text-slate-300">
        <p ref={count} tabIndex={-1} aria-live="polite">
          <span>
            {formatInteger(total)} {total === 1 ? 'pod' : 'pods'}
          </span>
          {hidden > 0 && <span>, {formatInteger(hidden)} terminated not shown</span>}
          {head.isPlaceholderData && ' (updating…)'}
        </p>
        {hidden > 0 && (
          <button type="button" className="link" onClick={showTerminated}>
            Show terminated
          </button>
        )}
      </div>
      {stopFailure && (
        <div
          role="alert"
          className="mb-2 rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-50"
        >
          <p className="font-semibold">
            Could not stop {stopFailure.pod.name}. It is {stopFailure.pod.status} as before.
          </p>
          <p>{errorMessage(stopFailure.error)}</p>
        </div>
      )}
      {total === 0 ? (
        empty
      ) : wide ? (
        <PodTable filters={filters} total={total} asOfMs={asOfMs} canAct={canAct} onStopFailed={onStopFailed} />
      ) : (
        <PodCards filters={filters} total={total} canAct={canAct} onStopFailed={onStopFailed} />
      )}
    </>
  );
}
