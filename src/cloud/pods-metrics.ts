/**
 * Pods: per-GPU DCGM series for the pod page, aggregated here to at most the points the chart
 * can show (means of the 5-minute samples in each bucket, only over time the pod ran and that
 * has a sample), plus the energy and CO2e of the range. The samples come from a GpuSampler:
 * the simulator's, or a server's Prometheus.
 */
import { co2eKg, energyKWh } from '../domain/energy';
import { MS_PER_DAY, MS_PER_HOUR } from '../domain/units';
import type { Schemas } from './api-types';
import { gpuTypes, regions } from './catalog-data';
import { runningIntervals } from './lifecycle';
import type { Pod } from './model';
import { badRequest } from './problem';
import { gpuSample, METRIC_NAMES, SAMPLE_PERIOD_MS, type GpuSampler, type MetricName } from './telemetry';

type Range = Schemas['MetricsRange'];
export const RANGE_MS: Record<Range, number> = { '1h': MS_PER_HOUR, '6h': 6 * MS_PER_HOUR, '24h': MS_PER_DAY, '7d': 7 * MS_PER_DAY };
export const DEFAULT_MAX_POINTS = 120;

/** Decimal places kept per field: enough for the chart, no false precision. */
const DECIMALS: Record<MetricName, number> = {
  DCGM_FI_DEV_GPU_UTIL: 1,
  DCGM_FI_PROF_GR_ENGINE_ACTIVE: 3,
  DCGM_FI_PROF_SM_ACTIVE: 3,
  DCGM_FI_PROF_PIPE_TENSOR_ACTIVE: 3,
  DCGM_FI_DEV_FB_USED: 0,
  DCGM_FI_DEV_POWER_USAGE: 1,
  DCGM_FI_DEV_GPU_TEMP: 1,
};

const round = (x: number, places: number): number => Math.round(x * 10 ** places) / 10 ** places;

export function parseMetricsQuery(query: URLSearchParams): { range: Range; maxPoints: number } {
  const range = (query.get('range') ?? '1h') as Range;
  if (!(range in RANGE_MS)) throw badRequest('Choose a range of 1h, 6h, 24h or 7d.', [{ field: 'range', message: 'Choose 1h, 6h, 24h or 7d.' }]);
  const rawMax = query.get('maxPoints');
  const maxPoints = rawMax === null || rawMax === '' ? DEFAULT_MAX_POINTS : Number(rawMax);
  if (!Number.isInteger(maxPoints) || maxPoints < 2 || maxPoints > 2000) {
    throw badRequest('maxPoints is a whole number from 2 to 2000.', [{ field: 'maxPoints', message: 'Must be a whole number from 2 to 2000.' }]);
  }
  return { range, maxPoints };
}

export function podMetrics(pod: Pod, range: Range, maxPoints: number, nowMs: number, sample: GpuSampler = gpuSample): Schemas['PodMetrics'] {
  const gpu = gpuTypes.find((g) => g.id === pod.gpuTypeId);
  const region = regions.find((r) => r.id === pod.regionId);
  if (!gpu || !region) throw new Error(`pod ${pod.id} has an unknown GPU type or region`);
  const fromMs = nowMs - RANGE_MS[range];
  // Buckets are whole numbers of samples, aligned to the clock so points stay put as time moves.
  const samplesInRange = Math.ceil(RANGE_MS[range] / SAMPLE_PERIOD_MS) + 1;
  const perBucket = Math.max(1, Math.ceil(samplesInRange / maxPoints));
  const bucketMs = perBucket * SAMPLE_PERIOD_MS;
  const lastBucket = Math.floor(nowMs / bucketMs) * bucketMs;
  let firstBucket = Math.floor(fromMs / bucketMs) * bucketMs;
  while ((lastBucket - firstBucket) / bucketMs + 1 > maxPoints) firstBucket += bucketMs;
  const runs = runningIntervals(pod, firstBucket, nowMs);
  const runningMsIn = (s: number, e: number): number => runs.reduce((a, r) => a + Math.max(0, Math.min(r.endMs, e) - Math.max(r.startMs, s)), 0);

  let kWh = 0;
  const gpus: Schemas['PodMetrics']['gpus'] = [];
  for (let g = 0; g < pod.gpuCount; g++) {
    const points: Schemas['PodMetricPoint'][] = [];
    for (let b = firstBucket; b <= lastBucket; b += bucketMs) {
      const sums = new Map<MetricName, number>();
      let n = 0;
      for (let t = b; t < b + bucketMs && t <= nowMs; t += SAMPLE_PERIOD_MS) {
        const ranMs = runningMsIn(t, Math.min(t + SAMPLE_PERIOD_MS, nowMs));
        if (ranMs <= 0) continue;
        const s = sample(pod, gpu, g, t);
        if (!s) continue;
        for (const name of METRIC_NAMES) sums.set(name, (sums.get(name) ?? 0) + s[name]);
        n++;
        // Energy counts only the part of the range asked for.
        const inRangeMs = runningMsIn(Math.max(t, fromMs), Math.min(t + SAMPLE_PERIOD_MS, nowMs));
        kWh += energyKWh(s.DCGM_FI_DEV_POWER_USAGE, inRangeMs, region.pue);
      }
      const mean = (name: MetricName): number | null => (n === 0 ? null : round((sums.get(name) ?? 0) / n, DECIMALS[name]));
      points.push({
        t: new Date(b).toISOString(),
        DCGM_FI_DEV_GPU_UTIL: mean('DCGM_FI_DEV_GPU_UTIL'),
        DCGM_FI_PROF_GR_ENGINE_ACTIVE: mean('DCGM_FI_PROF_GR_ENGINE_ACTIVE'),
        DCGM_FI_PROF_SM_ACTIVE: mean('DCGM_FI_PROF_SM_ACTIVE'),
        DCGM_FI_PROF_PIPE_TENSOR_ACTIVE: mean('DCGM_FI_PROF_PIPE_TENSOR_ACTIVE'),
        DCGM_FI_DEV_FB_USED: mean('DCGM_FI_DEV_FB_USED'),
        DCGM_FI_DEV_POWER_USAGE: mean('DCGM_FI_DEV_POWER_USAGE'),
        DCGM_FI_DEV_GPU_TEMP: mean('DCGM_FI_DEV_GPU_TEMP'),
      });
    }
    gpus.push({ gpuIndex: g, points });
  }
  return {
    podId: pod.id,
    range,
    from: new Date(fromMs).toISOString(),
    to: new Date(nowMs).toISOString(),
    bucketMs,
    vramMiB: gpu.vramGiB * 1024,
    tdpW: gpu.tdpW,
    gpus,
    energyKWh: round(kWh, 3),
    co2eKg: round(co2eKg(kWh, region.gridGCo2ePerKWh), 3),
  };
}
