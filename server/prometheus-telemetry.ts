/**
 * Pod metrics read from Prometheus instead of the simulator: PromQL over the series NVIDIA's
 * dcgm-exporter publishes (docs/dcgm-fields.md), one per field and GPU, labelled with the
 * Kubernetes namespace (the organization) and pod. The cloud's own aggregation
 * (src/cloud/pods-metrics.ts) runs on the samples, so only where they come from differs.
 *
 * A simulator sample covers one period (5 minutes from its time); from Prometheus the same
 * sample is the mean of what was scraped in that period: avg_over_time(series[5m]) evaluated
 * at the period's last millisecond. Prometheus time is the cloud's time (in production both
 * are the wall clock; the simulator's exporter stamps its samples with simulated time).
 */
import type { GpuType } from '../src/domain/catalog';
import type { Pod } from '../src/cloud/model';
import type { GpuSampler } from '../src/cloud/pods-metrics';
import { METRIC_NAMES, SAMPLE_PERIOD_MS, type GpuSample, type MetricName } from '../src/cloud/telemetry';

export interface TelemetrySource {
  readonly description: string;
  /** Loads what a pod's samples at these times need, and answers them. */
  samplerFor(orgId: string, pod: Pod, sampleTimesMs: number[]): Promise<GpuSampler>;
}

/** Prometheus refuses a query_range of more than 11,000 points. */
const MAX_POINTS = 11_000;
const TIMEOUT_MS = 10_000;

interface QueryRangeAnswer {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
}

export class TelemetryUnavailable extends Error {}

const label = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

export function prometheusTelemetry(baseUrl: string, fetchImpl: typeof fetch = (input, init) => globalThis.fetch(input, init)): TelemetrySource {
  const base = baseUrl.replace(/\/+$/, '');
  async function queryRange(query: string, startMs: number, endMs: number): Promise<NonNullable<QueryRangeAnswer['data']>['result']> {
    const url = new URL(`${base}/api/v1/query_range`);
    url.searchParams.set('query', query);
    url.searchParams.set('start', (startMs / 1000).toFixed(3));
    url.searchParams.set('end', (endMs / 1000).toFixed(3));
    url.searchParams.set('step', `${SAMPLE_PERIOD_MS / 1000}s`);
    let answer: QueryRangeAnswer;
    try {
      const res = await fetchImpl(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      answer = (await res.json()) as QueryRangeAnswer;
    } catch (e) {
      throw new TelemetryUnavailable(`Prometheus at ${base} did not answer: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (answer.status !== 'success' || !answer.data) throw new TelemetryUnavailable(`Prometheus refused ${query}: ${answer.error ?? 'no data'}`);
    return answer.data.result;
  }

  return {
    description: `Prometheus ${base}`,
    async samplerFor(orgId, pod, sampleTimesMs) {
      const samples = new Map<string, Partial<GpuSample>>();
      if (sampleTimesMs.length > 0) {
        const first = Math.min(...sampleTimesMs);
        const last = Math.max(...sampleTimesMs);
        const selector = `{namespace=${label(orgId)},pod=${label(pod.id)}}`;
        // Evaluated at the end of each sample's period: the mean of the period's scrapes.
        const endOf = (t: number) => t + SAMPLE_PERIOD_MS - 1;
        const chunkMs = (MAX_POINTS - 1) * SAMPLE_PERIOD_MS;
        const results = await Promise.all(
          METRIC_NAMES.flatMap((name) => {
            const parts: Array<Promise<{ name: MetricName; series: Awaited<ReturnType<typeof queryRange>> }>> = [];
            for (let from = first; from <= last; from += chunkMs) {
              const to = Math.min(last, from + chunkMs - SAMPLE_PERIOD_MS);
              parts.push(queryRange(`avg_over_time(${name}${selector}[${SAMPLE_PERIOD_MS / 1000}s])`, endOf(from), endOf(to)).then((series) => ({ name, series })));
            }
            return parts;
          }),
        );
        // The exporter's gpu label is the GPU's index on its node; the pod's GPUs are those in order.
        const gpuLabels = [...new Set(results.flatMap((r) => r.series.map((s) => s.metric.gpu ?? '0')))].sort((a, b) => Number(a) - Number(b));
        for (const { name, series } of results) {
          for (const s of series) {
            const gpuIndex = gpuLabels.indexOf(s.metric.gpu ?? '0');
            for (const [seconds, value] of s.values) {
              const t = Math.round(seconds * 1000) - SAMPLE_PERIOD_MS + 1;
              const key = `${gpuIndex}:${t}`;
              const sample = samples.get(key) ?? {};
              sample[name] = Number(value);
              samples.set(key, sample);
            }
          }
        }
      }
      return (_pod: Pod, _gpu: GpuType, gpuIndex: number, tMs: number) => {
        const s = samples.get(`${gpuIndex}:${tMs}`);
        return s && METRIC_NAMES.every((name) => typeof s[name] === 'number' && Number.isFinite(s[name])) ? (s as GpuSample) : null;
      };
    },
  };
}
