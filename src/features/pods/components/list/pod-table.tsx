/**
 * The pod list as a virtualized table: only the rows on screen are in the DOM, and only the
 * pages of 100 they fall in are asked for, so 10,000 pods scroll as smoothly as 10.
 */
import { useRef } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import { formatCents, formatDuration, formatInteger } from '../../../../lib/format';
import { ErrorState, Skeleton } from '../../../../ui/states';
import { POD_PAGE_SIZE, usePodListHead, usePodPages } from '../../api/list-pods';
import type { Pod, PodFilters } from '../../api/types';
import { withFilter } from '../../pod-filters';
import { PodStatusBadge } from '../pod-status';
import { useNames } from '../use-names';

const ROW_PX = 52;
const GRID = 'grid grid-cols-[minmax(10rem,2fr)_7rem_minmax(8rem,1.4fr)_6rem_minmax(7rem,1fr)_minmax(6rem,1fr)_5rem_6rem_4.5rem] items-center gap-2 px-3';

type SortKey = PodFilters['sort'];
const COLUMNS: Array<{ label: string; sort?: SortKey; numeric?: boolean }> = [
  { label: 'Name', sort: 'name' },
  { label: 'Status', sort: 'status' },
  { label: 'GPUs', sort: 'gpuCount' },
  { label: 'Region' },
  { label: 'Image' },
  { label: 'Owner' },
  { label: 'Age', sort: 'createdAt' },
  { label: 'Cost so far', sort: 'costToDate', numeric: true },
  { label: 'GPU util.', numeric: true },
];

function SortHeader({ label, sort, numeric, filters }: { label: string; sort?: SortKey | undefined; numeric?: boolean | undefined; filters: PodFilters }) {
  const [search, setSearch] = useSearchParams();
  const active = sort !== undefined && filters.sort === sort;
  // "Age" sorts by creation time: newest first is youngest first.
  const ascending = active && (sort === 'createdAt' ? filters.order === 'desc' : filters.order === 'asc');
  const ariaSort = active ? (ascending ? 'ascending' : 'descending') : undefined;
  const align = numeric ? 'justify-end text-right' : '';
  if (!sort) return <div role="columnheader" className={`flex ${align}`}>{label}</div>;
  const toggle = () => {
    const order = active ? (filters.order === 'asc' ? 'desc' : 'asc') : sort === 'name' ? 'asc' : 'desc';
    setSearch(withFilter(withFilter(search, 'sort', sort), 'order', order), { replace: true });
  };
  return (
    <div role="columnheader" aria-sort={ariaSort} className={`flex ${align}`}>
      <button type="button" onClick={toggle} className="inline-flex items-center gap-1 font-medium hover:underline">
        {label}
        <span aria-hidden="true">{active ? (filters.order === 'asc' ? '▲' : '▼') : ''}</span>
      </button>
    </div>
  );
}

function PodRow({ pod, asOfMs }: { pod: Pod; asOfMs: number }) {
  const names = useNames();
  // The pod's page links back to this list as it is filtered now.
  const { search } = useLocation();
  return (
    <>
      <div role="cell" className="truncate">
        <Link className="link" to={`/pods/${pod.id}`} state={{ listSearch: search }}>
          {pod.name}
        </Link>
        <span className="block truncate text-xs text-slate-600 dark:text-slate-400">{names.project(pod.projectId)}</span>
      </div>
      <div role="cell">
        <PodStatusBadge status={pod.status} />
      </div>
      <div role="cell" className="truncate" title={`${pod.gpuCount} × ${names.gpu(pod.gpuTypeId)}`}>
        {pod.gpuCount} × {names.gpu(pod.gpuTypeId)}
      </div>
      <div role="cell" className="truncate">{names.region(pod.regionId)}</div>
      <div role="cell" className="truncate" title={names.image(pod.imageId)}>{names.image(pod.imageId)}</div>
      <div role="cell" className="truncate" title={names.user(pod.ownerId)}>{names.user(pod.ownerId)}</div>
      <div role="cell">{formatDuration(asOfMs - Date.parse(pod.createdAt))}</div>
      <div role="cell" className="text-right tabular-nums">{formatCents(pod.costToDateCents)}</div>
      <div role="cell" className="text-right tabular-nums">{pod.gpuUtilPercent === null ? <span className="text-slate-500 dark:text-slate-400">–</span> : `${Math.round(pod.gpuUtilPercent)}%`}</div>
    </>
  );
}

export function PodTable({ filters, empty }: { filters: PodFilters; empty: React.ReactNode }) {
  const scroller = useRef<HTMLDivElement>(null);
  const head = usePodListHead(filters);
  const total = head.data?.total ?? 0;
  // TanStack Virtual returns functions React Compiler must not memoize; this component opts out by using it plainly.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_PX, overscan: 8 });
  const rows = virtualizer.getVirtualItems();
  const pageNumbers = [...new Set(rows.map((r) => Math.floor(r.index / POD_PAGE_SIZE)))];
  const pages = usePodPages(filters, pageNumbers);
  const podAt = (index: number): Pod | undefined => {
    const i = pageNumbers.indexOf(Math.floor(index / POD_PAGE_SIZE));
    return pages[i]?.data?.items[index % POD_PAGE_SIZE];
  };
  const failed = pages.find((p) => p.isError);

  if (head.isPending) return <Skeleton className="h-[60vh] w-full" label="Loading pods…" />;
  if (!head.data) return <ErrorState error={head.error} onRetry={() => void head.refetch()} minHeight="min-h-[60vh]" />;
  if (total === 0) return <>{empty}</>;
  const asOfMs = Date.parse(head.data.asOf);
  return (
    <>
      <p className="mb-2 text-sm text-slate-700 dark:text-slate-300" aria-live="polite">
        {formatInteger(total)} {total === 1 ? 'pod' : 'pods'}
        {head.isPlaceholderData && ' (updating…)'}
      </p>
      {failed && <ErrorState error={failed.error} onRetry={() => void failed.refetch()} />}
      <div ref={scroller} className="h-[65vh] overflow-auto rounded-xl border border-slate-200 bg-white text-sm dark:border-slate-700 dark:bg-slate-900" tabIndex={0} aria-label="Pods, scrollable">
        <div role="table" aria-label="Pods" aria-rowcount={total + 1} className="min-w-[62rem]">
          <div role="rowgroup" className="sticky top-0 z-10 border-b border-slate-200 bg-slate-50 dark:border-slate-700 dark:bg-slate-800">
            <div role="row" aria-rowindex={1} className={`${GRID} h-10 text-slate-700 dark:text-slate-200`}>
              {COLUMNS.map((c) => (
                <SortHeader key={c.label} label={c.label} sort={c.sort} numeric={c.numeric} filters={filters} />
              ))}
            </div>
          </div>
          <div role="rowgroup" className="relative" style={{ height: virtualizer.getTotalSize() }}>
            {rows.map((r) => {
              const pod = podAt(r.index);
              return (
                <div
                  key={r.key}
                  role="row"
                  aria-rowindex={r.index + 2}
                  className={`${GRID} absolute inset-x-0 border-b border-slate-100 dark:border-slate-800`}
                  style={{ height: ROW_PX, transform: `translateY(${r.start}px)` }}
                >
                  {pod ? (
                    <PodRow pod={pod} asOfMs={asOfMs} />
                  ) : (
                    <div role="cell" className="col-span-9">
                      <span className="inline-block h-4 w-48 animate-pulse rounded bg-slate-200 dark:bg-slate-700" />
                      <span className="sr-only">Loading…</span>
                    </div>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </>
  );
}
