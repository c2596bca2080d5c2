/**
 * The pod list at desktop widths: a virtualized table (only the rows on screen are in the DOM,
 * only the pages of 100 they fall in are asked for), with each pod's rate now and its actions.
 */
import { useRef } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { formatCents, formatDuration, formatRatePerHour } from '../../../../lib/format';
import { ErrorState } from '../../../../ui/states';
import type { Pod, PodFilters } from '../../api/types';
import { withFilter } from '../../pod-filters';
import { podGpusLabel } from '../../pod-gpus';
import { podRateNowMicroUsdPerHour } from '../../pod-rate';
import { PodStatusBadge } from '../pod-status';
import { useNames } from '../use-names';
import { PodRowActions } from './pod-row-actions';
import { usePodWindow } from './use-pod-window';

const ROW_PX = 52;
// The GPU column is wide enough for the longest catalog name with its count ("8 × NVIDIA H100 PCIe 80GB"):
// below the table's minimum width it scrolls sideways rather than cutting GPU types short.
const GRID = 'grid grid-cols-[minmax(9rem,1fr)_6.75rem_12.5rem_5.5rem_5rem_6rem_5.5rem_4.5rem_9rem] items-center gap-2 px-3';

type SortKey = PodFilters['sort'];
const COLUMNS: Array<{ label: string; sort?: SortKey; numeric?: boolean; hidden?: boolean }> = [
  { label: 'Name', sort: 'name' },
  { label: 'Status', sort: 'status' },
  { label: 'GPUs', sort: 'gpuCount' },
  { label: 'Region' },
  { label: 'Age', sort: 'createdAt' },
  { label: 'Cost so far', sort: 'costToDate', numeric: true },
  { label: '$/h', numeric: true },
  { label: 'GPU util.', numeric: true },
  { label: 'Actions', numeric: true, hidden: true },
];

function SortHeader({
  label,
  sort,
  numeric,
  hidden,
  filters,
}: {
  label: string;
  sort?: SortKey | undefined;
  numeric?: boolean | undefined;
  hidden?: boolean | undefined;
  filters: PodFilters;
}) {
  const [search, setSearch] = useSearchParams();
  const active = sort !== undefined && filters.sort === sort;
  // "Age" sorts by creation time: newest first is youngest first.
  const ascending = active && (sort === 'createdAt' ? filters.order === 'desc' : filters.order === 'asc');
  const ariaSort = active ? (ascending ? 'ascending' : 'descending') : undefined;
  const align = numeric ? 'justify-end text-right' : '';
  if (!sort)
    return (
      <div role="columnheader" className={`flex ${align}`}>
        {hidden ? <span className="sr-only">{label}</span> : label}
      </div>
    );
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

function PodRow({
  pod,
  asOfMs,
  canAct,
  onStopFailed,
}: {
  pod: Pod;
  asOfMs: number;
  canAct: boolean;
  onStopFailed: (pod: Pod, error: unknown) => void;
}) {
  const names = useNames();
  // The pod's page links back to this list as it is filtered now.
  const { search } = useLocation();
  const muted = 'text-slate-600 dark:text-slate-400';
  return (
    <>
      <div role="cell" className="min-w-0">
        <Link className="link block truncate" to={`/pods/${pod.id}`} state={{ listSearch: search }} title={pod.name}>
          {pod.name}
        </Link>
        <span className={`block truncate text-xs ${muted}`} title={`${names.project(pod.projectId)} · ${names.user(pod.ownerId)}`}>
          {names.project(pod.projectId)} · {names.user(pod.ownerId)}
        </span>
      </div>
      <div role="cell">
        <PodStatusBadge status={pod.status} />
      </div>
      <div role="cell">
        {podGpusLabel(pod, names.gpu(pod.gpuTypeId))}
      </div>
      <div role="cell" className="truncate">
        {names.region(pod.regionId)}
      </div>
      <div role="cell">{formatDuration(asOfMs - Date.parse(pod.createdAt))}</div>
      <div role="cell" className="text-right tabular-nums">
        {formatCents(pod.costToDateCents)}
      </div>
      <div role="cell" className="text-right tabular-nums">
        {formatRatePerHour(podRateNowMicroUsdPerHour(pod))}
      </div>
      <div role="cell" className="text-right tabular-nums">
        {pod.gpuUtilPercent === null ? <span className={muted}>–</span> : `${Math.round(pod.gpuUtilPercent)}%`}
      </div>
      <div role="cell">
        <PodRowActions pod={pod} canAct={canAct} onStopFailed={onStopFailed} />
      </div>
    </>
  );
}

export function PodTable({
  filters,
  total,
  asOfMs,
  canAct,
  onStopFailed,
}: {
  filters: PodFilters;
  total: number;
  asOfMs: number;
  canAct: boolean;
  onStopFailed: (pod: Pod, error: unknown) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const { items, totalPx, podAt, failed } = usePodWindow(filters, total, ROW_PX, scroller);
  return (
    <>
      {failed && <ErrorState error={failed.error} onRetry={() => void failed.refetch()} />}
      <div
        ref={scroller}
        className="h-[65vh] overflow-auto rounded-xl border border-slate-200 bg-white text-sm dark:border-slate-700 dark:bg-slate-900"
        tabIndex={0}
        aria-label="Pods, scrollable"
      >
        <div role="table" aria-label="Pods" aria-rowcount={total + 1} className="min-w-[70rem]">
          <div role="rowgroup" className="sticky top-0 z-10 border-b border-slate-200 bg-slate-50 dark:border-slate-700 dark:bg-slate-800">
            <div role="row" aria-rowindex={1} className={`${GRID} h-10 text-slate-700 dark:text-slate-200`}>
              {COLUMNS.map((c) => (
                <SortHeader key={c.label} label={c.label} sort={c.sort} numeric={c.numeric} hidden={c.hidden} filters={filters} />
              ))}
            </div>
          </div>
          <div role="rowgroup" className="relative" style={{ height: totalPx }}>
            {items.map((r) => {
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
                    <PodRow pod={pod} asOfMs={asOfMs} canAct={canAct} onStopFailed={onStopFailed} />
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
