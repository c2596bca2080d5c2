/** The charts as a table: one GPU at a time, one row per point the API aggregated. */
import { formatDateTime } from '../../../../lib/format';
import type { PodMetrics } from '../../api/types';
import { METRIC_CHARTS } from './metric-series';

export function MetricsTable({ metrics, gpuIndex, bucketLabel }: { metrics: PodMetrics; gpuIndex: number; bucketLabel: string }) {
  const gpu = metrics.gpus.find((g) => g.gpuIndex === gpuIndex) ?? metrics.gpus[0];
  if (!gpu) return null;
  return (
    <div className="max-h-96 overflow-auto rounded-lg border border-slate-200 dark:border-slate-700" tabIndex={0} role="region" aria-label={`GPU ${gpu.gpuIndex} metrics table`}>
      <table className="w-full text-sm tabular-nums">
        <caption className="p-2 text-left text-slate-700 dark:text-slate-300">
          GPU {gpu.gpuIndex}: each row averages {bucketLabel} while the pod ran (– where it did not run)
        </caption>
        <thead className="sticky top-0 bg-slate-50 dark:bg-slate-800">
          <tr>
            <th scope="col" className="p-2 text-left font-medium">Time</th>
            {METRIC_CHARTS.map((c) => (
              <th key={c.id} scope="col" className="p-2 text-right font-medium">
                {c.title} ({c.unit})
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {gpu.points.map((p) => (
            <tr key={p.t} className="border-t border-slate-100 dark:border-slate-800">
              <th scope="row" className="p-2 text-left font-normal">{formatDateTime(p.t)}</th>
              {METRIC_CHARTS.map((c) => {
                const v = c.value(p);
                return (
                  <td key={c.id} className="p-2 text-right">
                    {v === null ? '–' : v}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
