/**
 * The ledger by project, user, GPU type or pod: sortable columns (the API sorts), each row linking
 * to the pod or to this page narrowed to it, the others and the total in the footer, and the CSV.
 */
import { useState, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import type { components } from '../../../api/schema';
import { formatCents, formatPercent } from '../../../lib/format';
import { Card } from '../../../ui/card';
import { EmptyState, ErrorState, Skeleton } from '../../../ui/states';
import { useUtilizationBreakdown } from '../api/get-utilization-breakdown';
import { CATEGORIES, formatGpuHours, type Figures } from '../figures';
import { BREAKDOWNS, breakdownRowHref, type BreakdownBy, type BreakdownSort, type UtilizationParams, type WindowQuery } from '../params';
import { ExportCsvButton } from './export-csv-button';
import { ScrollTable } from '../../../ui/scroll-table';

type Row = components['schemas']['UtilizationBreakdownRow'];

const PAGE = 50;
const TH = 'px-2 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300';
const TD = 'px-2 py-2 tabular-nums text-slate-900 dark:text-slate-100';

const COLUMNS: Array<{ sort: BreakdownSort; label: string; value: (f: Figures) => string }> = [
  { sort: 'allocated', label: 'Allocated', value: (f) => formatGpuHours(f.allocatedGpuSeconds) },
  { sort: 'efficiency', label: 'GPU time active', value: (f) => formatPercent(f.efficiency) },
  { sort: 'spend', label: 'GPU spend', value: (f) => formatCents(f.spendCents) },
  ...CATEGORIES.map((c) => ({ sort: c.key as BreakdownSort, label: c.label, value: (f: Figures) => formatCents(f.waste[c.key].cents) })),
  { sort: 'waste', label: 'Waste', value: (f) => formatCents(f.wasteCents) },
];

export function BreakdownTable({ params, query, update }: { params: UtilizationParams; query: WindowQuery; update: (c: Partial<UtilizationParams>) => void }) {
  const [limit, setLimit] = useState(PAGE);
  const { by, sort, order } = params;
  const { data, error, refetch, isFetching } = useUtilizationBreakdown(query, by, sort, order, limit);
  const setSort = (next: BreakdownSort) => update(next === sort ? { order: order === 'desc' ? 'asc' : 'desc' } : { sort: next, order: next === 'name' ? 'asc' : 'desc' });
  return (
    <Card
      title="Breakdown"
      className="mb-6"
      actions={<ExportCsvButton query={query} by={by} sort={sort} order={order} />}
    >
      <ByTabs by={by} onChange={(next) => { setLimit(PAGE); update({ by: next }); }} />
      <div id="breakdown-panel" role="tabpanel" aria-labelledby={`breakdown-tab-${by}`} aria-busy={isFetching} className="mt-3">
        {error && !data ? (
          <ErrorState error={error} onRetry={() => void refetch()} minHeight="min-h-48" />
        ) : !data ? (
          <Skeleton className="h-48 w-full" label="Loading the breakdown…" />
        ) : data.rows.length === 0 ? (
          <EmptyState title="No GPU spend in this range">Nothing in this scope ran in the range.</EmptyState>
        ) : (
          <ScrollTable label={`Breakdown by ${BREAKDOWNS.find((b) => b.value === data.by)?.label.toLowerCase() ?? 'name'}`}>
            <table className="w-full min-w-[48rem] text-sm">
              {/* While another breakdown loads the previous one stays on screen: label it by what it shows. */}
              <caption className="sr-only">GPU spend and waste by {BREAKDOWNS.find((b) => b.value === data.by)?.label.toLowerCase()}, sorted by {data.sort} {data.order === 'asc' ? 'ascending' : 'descending'}</caption>
              <thead>
                <tr className="border-b border-slate-200 dark:border-slate-700">
                  <SortHeader label={BREAKDOWNS.find((b) => b.value === data.by)?.label ?? 'Name'} column="name" sort={sort} order={order} onSort={setSort} />
                  <th scope="col" className={TH}>Pods</th>
                  {COLUMNS.map((c) => (
                    <SortHeader key={c.sort} label={c.label} column={c.sort} sort={sort} order={order} onSort={setSort} />
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r) => (
                  <tr key={r.id} className="border-b border-slate-100 dark:border-slate-800">
                    <th scope="row" className="px-2 py-2 text-left font-medium">
                      <Link className="link" to={breakdownRowHref(params, data.by, r.id)}>
                        {r.name}
                      </Link>
                      <RowDetail row={r} />
                    </th>
                    <td className={TD}>{r.podCount}</td>
                    {COLUMNS.map((c) => (
                      <td key={c.sort} className={TD}>{c.value(r.figures)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                {data.others && (
                  <tr className="border-b border-slate-100 dark:border-slate-800">
                    <th scope="row" className="px-2 py-2 text-left font-medium text-slate-700 dark:text-slate-200">
                      Other {data.others.rowCount} {data.by === 'pod' ? 'pods' : 'rows'}
                    </th>
                    <td className={TD} />
                    {COLUMNS.map((c) => (
                      <td key={c.sort} className={TD}>{c.value(data.others!.figures)}</td>
                    ))}
                  </tr>
                )}
                <tr className="border-t-2 border-slate-300 font-semibold dark:border-slate-600">
                  <th scope="row" className="px-2 py-2 text-left">Total</th>
                  <td className={TD} />
                  {COLUMNS.map((c) => (
                    <td key={c.sort} className={TD}>{c.value(data.totals)}</td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </ScrollTable>
        )}
        {data?.others && (
          <button type="button" className="btn-secondary mt-3" onClick={() => setLimit((l) => l + PAGE * 4)}>
            Show more ({data.others.rowCount} not listed)
          </button>
        )}
      </div>
    </Card>
  );
}

function RowDetail({ row }: { row: Row }) {
  if (!row.pod) return null;
  return (
    <span className="block text-xs font-normal text-slate-600 dark:text-slate-300">
      {row.pod.projectName} · {row.pod.ownerName} · {row.pod.gpuCount}× {row.pod.gpuTypeId} · {row.pod.status}
    </span>
  );
}

function SortHeader({ label, column, sort, order, onSort }: { label: string; column: BreakdownSort; sort: BreakdownSort; order: 'asc' | 'desc'; onSort: (c: BreakdownSort) => void }) {
  const active = sort === column;
  return (
    <th scope="col" className={TH} aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="inline-flex items-center gap-1 uppercase hover:underline focus-visible:outline-2 focus-visible:outline-teal-600" onClick={() => onSort(column)}>
        {label}
        <span aria-hidden="true">{active ? (order === 'asc' ? '▲' : '▼') : '↕'}</span>
      </button>
    </th>
  );
}

/** Tabs by the WAI-ARIA pattern: arrow keys move between them. */
function ByTabs({ by, onChange }: { by: BreakdownBy; onChange: (b: BreakdownBy) => void }) {
  const onKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    const i = BREAKDOWNS.findIndex((b) => b.value === by);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    e.preventDefault();
    const next = BREAKDOWNS[(i + step + BREAKDOWNS.length) % BREAKDOWNS.length];
    if (next) {
      onChange(next.value);
      document.getElementById(`breakdown-tab-${next.value}`)?.focus();
    }
  };
  return (
    <div role="tablist" aria-label="Break down by" className="flex gap-1 border-b border-slate-200 dark:border-slate-700">
      {BREAKDOWNS.map((b) => (
        <button
          key={b.value}
          id={`breakdown-tab-${b.value}`}
          type="button"
          role="tab"
          aria-selected={by === b.value}
          aria-controls="breakdown-panel"
          tabIndex={by === b.value ? 0 : -1}
          onClick={() => onChange(b.value)}
          onKeyDown={onKey}
          className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-teal-600 ${by === b.value ? 'border-teal-700 text-teal-800 dark:border-teal-400 dark:text-teal-200' : 'border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white'}`}
        >
          By {b.label === 'GPU type' ? b.label : b.label.toLowerCase()}
        </button>
      ))}
    </div>
  );
}
