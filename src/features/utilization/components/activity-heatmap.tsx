/** The heatmap card: every GPU's activity over the range, its legend, time axis and table alternative. */
import { useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { formatDate, formatDateTime, formatGpus, formatPercent } from '../../../lib/format';
import { Card } from '../../../ui/card';
import { EmptyState, ErrorState, Skeleton } from '../../../ui/states';
import { useUtilizationHeatmap } from '../api/get-utilization-heatmap';
import { heatmapRows, podSummaries } from '../heatmap-data';
import type { WindowQuery } from '../params';
import { DisclosureTable, TD, TH } from './disclosure-table';
import { HeatmapCanvas, LEVEL_COLOURS } from './heatmap-canvas';
import { useElementWidth } from './use-element-width';

const TABLE_PAGE = 200;

export function ActivityHeatmap({ query }: { query: WindowQuery }) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref, 50);
  // A column per pixel at most: finer than that the canvas could not show.
  const maxColumns = Math.min(1000, Math.max(24, width ?? 336));
  const { data, error, refetch, isFetching } = useUtilizationHeatmap(query, maxColumns, width !== undefined);
  const rows = useMemo(() => (data ? heatmapRows(data) : []), [data]);
  const firstMs = data ? Date.parse(data.firstColumn) : 0;
  return (
    <Card title="Activity by GPU" className="mb-6">
      <div ref={ref} aria-busy={isFetching}>
        {error && !data ? (
          <ErrorState error={error} onRetry={() => void refetch()} minHeight="min-h-96" />
        ) : !data ? (
          <Skeleton className="h-96 w-full" label="Loading the heatmap…" />
        ) : data.gpuCount === 0 ? (
          <EmptyState title="No GPUs ran in this range">Choose a longer range or another scope.</EmptyState>
        ) : (
          <>
            <p className="mb-2 text-sm text-slate-600 dark:text-slate-300">
              Each row is a GPU, grouped by project and pod; each column {Math.round(data.bucketMs / 60_000)} minutes. Orange is paid-for time doing nothing. Point at a cell for details; click to open the pod.
            </p>
            <Legend />
            <HeatmapCanvas
              rows={rows}
              columns={data.columns}
              firstColumnMs={firstMs}
              bucketMs={data.bucketMs}
              label={`Heatmap of engine activity for ${formatGpus(data.gpuCount)} GPUs over ${data.columns} time columns, from ${formatDateTime(data.window.from)} to ${formatDateTime(data.window.to)}. The table below lists each pod's activity.`}
            />
            <TimeAxis fromMs={firstMs} toMs={firstMs + data.columns * data.bucketMs} />
            <DisclosureTable summary={`Show the heatmap as a table (${podSummaries(data).length} pods)`}>{() => <PodActivityTable data={data} />}</DisclosureTable>
          </>
        )}
      </div>
    </Card>
  );
}

function Legend() {
  return (
    <ul className="mb-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-700 dark:text-slate-200" aria-label="Legend">
      <li className="flex items-center gap-1">
        <span className="inline-block size-3 rounded-sm border border-slate-300 bg-slate-50 dark:border-slate-600 dark:bg-slate-900" aria-hidden="true" /> not allocated
      </li>
      <li className="flex items-center gap-1">
        <span className="inline-block size-3 rounded-sm" style={{ backgroundColor: LEVEL_COLOURS[1] }} aria-hidden="true" /> idle
      </li>
      <li className="flex items-center gap-1">
        <span className="inline-flex" aria-hidden="true">
          {LEVEL_COLOURS.slice(2).map((c) => (
            <span key={c} className="inline-block h-3 w-2" style={{ backgroundColor: c }} />
          ))}
        </span>
        engine activity, low to high
      </li>
    </ul>
  );
}

function TimeAxis({ fromMs, toMs }: { fromMs: number; toMs: number }) {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => fromMs + (toMs - fromMs) * f);
  return (
    <div className="mt-1 flex justify-between text-xs text-slate-600 dark:text-slate-300" aria-hidden="true">
      {ticks.map((t) => (
        <span key={t}>{toMs - fromMs > 3 * 86_400_000 ? formatDate(t) : formatDateTime(t)}</span>
      ))}
    </div>
  );
}

function PodActivityTable({ data }: { data: NonNullable<ReturnType<typeof useUtilizationHeatmap>['data']> }) {
  const pods = useMemo(() => podSummaries(data), [data]);
  const [shown, setShown] = useState(TABLE_PAGE);
  return (
    <>
      <table className="w-full text-sm">
        <caption className="sr-only">Engine activity and idle share by pod</caption>
        <thead>
          <tr>
            <th scope="col" className={TH}>Project</th>
            <th scope="col" className={TH}>Pod</th>
            <th scope="col" className={TH}>GPUs</th>
            <th scope="col" className={TH}>Mean engine activity</th>
            <th scope="col" className={TH}>Idle share of allocated time</th>
          </tr>
        </thead>
        <tbody>
          {pods.slice(0, shown).map((p) => (
            <tr key={p.podId} className="border-t border-slate-100 dark:border-slate-800">
              <td className={TD}>{p.projectName}</td>
              <td className={TD}>
                <Link className="link" to={`/pods/${encodeURIComponent(p.podId)}`}>
                  {p.podName}
                </Link>
              </td>
              <td className={TD}>{p.migProfile ? `${p.migProfile} slice (${formatGpus(p.gpuCount)})` : p.gpuCount}</td>
              <td className={TD}>{formatPercent(p.meanEngineActive)}</td>
              <td className={TD}>{formatPercent(p.idleShare)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pods.length > shown && (
        <button type="button" className="btn-secondary mt-2" onClick={() => setShown((n) => n + TABLE_PAGE * 5)}>
          Show more pods ({pods.length - shown} more)
        </button>
      )}
    </>
  );
}
