/** Live per-GPU DCGM metrics over 1 h / 6 h / 24 h / 7 d, as charts or a table (range and view in the URL), with the range's energy and CO2e. */
import { lazy, Suspense, useLayoutEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { formatDuration } from '../../../../lib/format';
import { ErrorState, Skeleton } from '../../../../ui/states';
import { usePodMetrics } from '../../api/get-pod-metrics';
import type { MetricsRange, PodDetail, PodMetrics as PodMetricsData } from '../../api/types';
import { MetricsTable } from './metrics-table';

const GpuCharts = lazy(() => import('./gpu-charts'));
const RANGES: Array<{ value: MetricsRange; label: string }> = [
  { value: '1h', label: '1 hour' },
  { value: '6h', label: '6 hours' },
  { value: '24h', label: '24 hours' },
  { value: '7d', label: '7 days' },
];
const kWh = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** Points a chart of this width can show: one per 4 px of a half-width chart, in steps of 20. */
function pointsFor(width: number): number {
  return Math.max(20, Math.min(400, Math.floor(width / 2 / 4 / 20) * 20));
}

/** How many points of the range carry a sample (the first GPU's; every GPU of a pod runs together). */
function samplesIn(metrics: PodMetricsData): number {
  return (metrics.gpus[0]?.points ?? []).filter((p) => p.DCGM_FI_DEV_GPU_UTIL !== null).length;
}

/** A pod that has just started has no line to draw yet: say so, rather than show empty axes. */
function NoSamplesYet({ pod }: { pod: PodDetail }) {
  const starting = pod.status === 'running' || pod.status === 'queued' || pod.status === 'provisioning';
  return (
    <div role="status" className="flex min-h-64 flex-col items-center justify-center gap-1 rounded-lg border border-dashed border-slate-300 p-6 text-center dark:border-slate-600">
      <p className="font-medium text-slate-800 dark:text-slate-100">{starting ? 'Collecting data' : 'No GPU data in this range'}</p>
      <p className="max-w-prose text-sm text-slate-600 dark:text-slate-300">
        {starting
          ? `The GPUs report every 5 minutes once the pod is running; the ${pod.gpuCount === 1 ? 'charts fill' : 'charts fill, one line per GPU,'} in as the samples arrive. This page refreshes by itself.`
          : 'The pod was not running in this range. Pick a longer range to see when it last ran.'}
      </p>
    </div>
  );
}

export function PodMetrics({ pod, regionPue, regionName }: { pod: PodDetail; regionPue: number | undefined; regionName: string }) {
  const [search, setSearch] = useSearchParams();
  const range = (RANGES.find((r) => r.value === search.get('range'))?.value ?? '1h') as MetricsRange;
  const view = search.get('view') === 'table' ? 'table' : 'chart';
  const gpuIndex = Number(search.get('gpu') ?? 0) || 0;
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(960);
  useLayoutEffect(() => {
    if (box.current && box.current.clientWidth > 0) setWidth(box.current.clientWidth);
  }, []);
  const maxPoints = pointsFor(width);
  const metrics = usePodMetrics(pod.id, range, maxPoints, pod.status === 'running');
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(search);
    next.set(name, value);
    setSearch(next, { replace: true });
  };
  return (
    <div ref={box} className="space-y-3">
      <div className="flex flex-wrap items-center gap-4">
        <div role="group" aria-label="Time range" className="inline-flex overflow-hidden rounded-lg border border-slate-300 dark:border-slate-600">
          {RANGES.map((r) => (
            <button key={r.value} type="button" aria-pressed={r.value === range} onClick={() => set('range', r.value)} className={`px-3 py-1.5 text-sm ${r.value === range ? 'bg-accent-700 text-white' : 'bg-white dark:bg-slate-900'}`}>
              {r.label}
            </button>
          ))}
        </div>
        <div role="group" aria-label="Show as" className="inline-flex overflow-hidden rounded-lg border border-slate-300 dark:border-slate-600">
          {(['chart', 'table'] as const).map((v) => (
            <button key={v} type="button" aria-pressed={v === view} onClick={() => set('view', v)} className={`px-3 py-1.5 text-sm ${v === view ? 'bg-accent-700 text-white' : 'bg-white dark:bg-slate-900'}`}>
              {v === 'chart' ? 'Charts' : 'Table'}
            </button>
          ))}
        </div>
        {view === 'table' && pod.gpuCount > 1 && (
          <label className="flex items-center gap-2 text-sm">
            GPU
            <select className="rounded-lg border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-900" value={gpuIndex} onChange={(e) => set('gpu', e.target.value)}>
              {Array.from({ length: pod.gpuCount }, (_, i) => (
                <option key={i} value={i}>
                  GPU {i}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {metrics.isPending ? (
        <Skeleton className="h-64 w-full" label="Loading metrics…" />
      ) : !metrics.data ? (
        <ErrorState error={metrics.error} onRetry={() => void metrics.refetch()} minHeight="min-h-64" />
      ) : samplesIn(metrics.data) < 2 ? (
        <NoSamplesYet pod={pod} />
      ) : (
        <>
          <p className="text-sm text-slate-700 dark:text-slate-300">
            Energy in the last {RANGES.find((r) => r.value === range)?.label}: {kWh.format(metrics.data.energyKWh)} kWh (PUE {regionPue ?? '–'}), {kWh.format(metrics.data.co2eKg)} kg CO2e on {regionName}’s grid.
          </p>
          {view === 'table' ? (
            <MetricsTable metrics={metrics.data} gpuIndex={gpuIndex} bucketLabel={formatDuration(metrics.data.bucketMs)} />
          ) : (
            <Suspense fallback={<Skeleton className="h-64 w-full" label="Loading charts…" />}>
              <GpuCharts metrics={metrics.data} />
            </Suspense>
          )}
        </>
      )}
    </div>
  );
}
