/**
 * GPU samples read from Prometheus instead of the simulator: PromQL over the series NVIDIA's
 * dcgm-exporter publishes (docs/dcgm-fields.md), one per field and GPU, labelled with the
 * Kubernetes namespace (the organization) and pod. The cloud computes its answers from them
 * (server/telemetry-rounds.ts asks for the samples a request needs), so only where they come
 * from differs.
 *
 * A simulator sample covers one period (5 minutes from its start); from Prometheus the same
 * sample is the mean of what was scraped in that period: avg_over_time(series[5m]) evaluated
 * at the period's last millisecond, whose range holds exactly the period. Prometheus time is the
 * cloud's time (in production both are the wall clock; the simulator's exporter stamps its
 * samples with simulated time).
 *
 * A request may need hundreds of pods × hundreds of periods, so samples are not asked for one by
 * one. The needed periods are planned into evenly spaced grids (the utilization ledger samples
 * every step S of a window, so most of its periods form one arithmetic sequence), each read with
 * one query_range per field for the needed pods, in chunks of at most Prometheus' 11,000 points;
 * the periods left over (cells at a run's edges, the idle-now walk's stragglers) are read as raw
 * samples with a range selector over short spans and averaged here, a few queries at a time.
 */
import type { Pod } from '../src/cloud/model';
import type { ServingPeriod } from '../src/cloud/serving-telemetry';
import { METRIC_NAMES, SAMPLE_PERIOD_MS, type GpuSample, type MetricName } from '../src/cloud/telemetry';
import { prometheusServing } from './prometheus-serving';

/** One GPU's sample of one period (its start, a multiple of SAMPLE_PERIOD_MS). */
export interface SampleNeed {
  pod: Pod;
  gpuIndex: number;
  periodStartMs: number;
}

export interface TelemetrySource {
  readonly description: string;
  /** An organization's samples, one per need in order; null where the store has none. */
  samples(orgId: string, needs: readonly SampleNeed[]): Promise<Array<GpuSample | null>>;
  /**
   * Serving pods' vLLM figures, one per need (a GPU's period) in order; null where the store has
   * none. Absent: the serving figures are generated from the GPU samples, as the simulator does.
   */
  servingPeriods?(orgId: string, needs: readonly SampleNeed[]): Promise<Array<ServingPeriod | null>>;
}

export class TelemetryUnavailable extends Error {}

/** Prometheus refuses a query_range of more than 11,000 points per series. */
const MAX_POINTS = 11_000;
/** Generous: a week of every 5-minute period for a fleet is a large answer on a small machine. */
const TIMEOUT_MS = 30_000;
/** Queries in flight at once for one request. */
export const CONCURRENCY = 8;
/** Grid steps tried: the ledger's (pod-observations.ts STEP_MINUTES), which include idle-now's 15 minutes and hour. */
const GRID_STEPS_MS = [5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440].map((m) => m * 60_000);
/** A grid is worth a query_range per field when it holds this many needed periods (and more needed points than not). */
const MIN_GRID_PERIODS = 8;
/** Grids planned per request at most; the rest is read as raw spans. */
const MAX_GRIDS = 16;
/** Leftover periods are read in raw spans of at most this many periods (2 hours). */
const SPAN_PERIODS = 24;

export interface Grid {
  stepMs: number;
  /** The needed periods on the grid, ascending: the first and last are the grid's ends. */
  periods: number[];
}

/**
 * Plans distinct periods into grids and leftovers. A grid is one step, one offset, and a stretch
 * of its points with no gap longer than two steps. Greedy: first the grid whose needed points
 * outnumber its unneeded ones by the most (so a window's 30-minute grid beats a 15-minute one
 * holding it, and an hourly walk is not read every 30 minutes to pick up a few more periods).
 */
export function planGrids(periods: readonly number[]): { grids: Grid[]; rest: number[] } {
  let remaining = [...new Set(periods)].sort((a, b) => a - b);
  const grids: Grid[] = [];
  while (grids.length < MAX_GRIDS && remaining.length >= MIN_GRID_PERIODS) {
    let best: { grid: Grid; score: number } | null = null;
    for (const stepMs of GRID_STEPS_MS) {
      const byOffset = new Map<number, number[]>();
      for (const p of remaining) {
        const offset = ((p % stepMs) + stepMs) % stepMs;
        let list = byOffset.get(offset);
        if (!list) byOffset.set(offset, (list = []));
        list.push(p);
      }
      for (const list of byOffset.values()) {
        let start = 0;
        for (let i = 1; i <= list.length; i++) {
          if (i < list.length && (list[i] ?? 0) - (list[i - 1] ?? 0) <= 2 * stepMs) continue;
          const count = i - start;
          const points = ((list[i - 1] ?? 0) - (list[start] ?? 0)) / stepMs + 1;
          const score = count - (points - count);
          if (count >= MIN_GRID_PERIODS && score > 0 && (!best || score > best.score)) best = { grid: { stepMs, periods: list.slice(start, i) }, score };
          start = i;
        }
      }
    }
    if (!best) break;
    grids.push(best.grid);
    const taken = new Set(best.grid.periods);
    remaining = remaining.filter((p) => !taken.has(p));
  }
  return { grids, rest: remaining };
}

export type Series = Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;

interface Answer {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: Series };
}

export const label = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
export const regexOf = (values: Iterable<string>) => [...values].map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
export const seconds = (ms: number) => (ms / 1000).toFixed(3);
/** Where a period's avg_over_time is evaluated: its last millisecond. */
const endOf = (periodStartMs: number) => periodStartMs + SAMPLE_PERIOD_MS - 1;

export async function inBatches(tasks: Array<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]?.();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}

/** A Prometheus API's call: POSTed as a form (a long pod list does not fit in a URL). */
export type PrometheusCall = (path: 'query' | 'query_range', params: Record<string, string>) => Promise<Series>;

export function prometheusCall(base: string, fetchImpl: typeof fetch): PrometheusCall {
  return async (path, params) => {
    let answer: Answer;
    try {
      const res = await fetchImpl(new URL(`${base}/api/v1/${path}`), { method: 'POST', body: new URLSearchParams(params), signal: AbortSignal.timeout(TIMEOUT_MS) });
      answer = (await res.json()) as Answer;
    } catch (e) {
      throw new TelemetryUnavailable(`Prometheus at ${base} did not answer: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (answer.status !== 'success' || !answer.data) throw new TelemetryUnavailable(`Prometheus refused ${params.query ?? ''}: ${answer.error ?? 'no data'}`);
    return answer.data.result;
  };
}

export function prometheusTelemetry(baseUrl: string, fetchImpl: typeof fetch = (input, init) => globalThis.fetch(input, init)): TelemetrySource {
  const base = baseUrl.replace(/\/+$/, '');
  const call = prometheusCall(base, fetchImpl);

  return {
    description: `Prometheus ${base}`,
    async samples(orgId, needs) {
      /** What came back: field values by pod, node GPU label and period, summed with their counts. */
      const found = new Map<string, { sum: number; count: number }>();
      const keep = (podId: string, gpuLabel: string, name: string, periodStartMs: number, value: number) => {
        const key = `${podId}|${gpuLabel}|${name}|${periodStartMs}`;
        const at = found.get(key);
        if (at) {
          at.sum += value;
          at.count += 1;
        } else found.set(key, { sum: value, count: 1 });
      };
      const podsAt = new Map<number, Set<string>>();
      for (const n of needs) {
        let pods = podsAt.get(n.periodStartMs);
        if (!pods) podsAt.set(n.periodStartMs, (pods = new Set()));
        pods.add(n.pod.id);
      }
      const podsOf = (periods: readonly number[]) => new Set(periods.flatMap((p) => [...(podsAt.get(p) ?? [])]));
      const namespace = `namespace=${label(orgId)}`;
      const tasks: Array<() => Promise<void>> = [];
      const { grids, rest } = planGrids([...podsAt.keys()]);

      // Grids: each field's period means over the grid, for the pods that need any of its periods.
      for (const { stepMs, periods } of grids) {
        const first = periods[0] ?? 0;
        const last = periods[periods.length - 1] ?? 0;
        const pods = `pod=~${label(regexOf(podsOf(periods)))}`;
        const wanted = new Set(periods);
        for (let from = first; from <= last; from += MAX_POINTS * stepMs) {
          const to = Math.min(last, from + (MAX_POINTS - 1) * stepMs);
          for (const name of METRIC_NAMES) {
            const params = { query: `avg_over_time(${name}{${namespace},${pods}}[${SAMPLE_PERIOD_MS / 1000}s])`, start: seconds(endOf(from)), end: seconds(endOf(to)), step: `${stepMs / 1000}s` };
            tasks.push(async () => {
              for (const s of await call('query_range', params)) {
                for (const [t, value] of s.values) {
                  const periodStartMs = endOfToStart(t);
                  if (wanted.has(periodStartMs)) keep(s.metric.pod ?? '', s.metric.gpu ?? '0', name, periodStartMs, Number(value));
                }
              }
            });
          }
        }
      }

      // Leftovers: every field's raw samples over short spans, each sample counted in its period.
      for (let i = 0; i < rest.length; ) {
        const first = rest[i] ?? 0;
        let j = i + 1;
        while (j < rest.length && (rest[j] ?? 0) < first + SPAN_PERIODS * SAMPLE_PERIOD_MS) j++;
        const periods = rest.slice(i, j);
        const wanted = new Set(periods);
        const last = periods[periods.length - 1] ?? first;
        const selector = `{__name__=~${label(METRIC_NAMES.join('|'))},${namespace},pod=~${label(regexOf(podsOf(periods)))}}`;
        const params = { query: `${selector}[${(last - first + SAMPLE_PERIOD_MS) / 1000}s]`, time: seconds(endOf(last)) };
        tasks.push(async () => {
          for (const s of await call('query', params)) {
            const name = s.metric.__name__ ?? '';
            for (const [t, value] of s.values) {
              const periodStartMs = Math.floor(Math.round(t * 1000) / SAMPLE_PERIOD_MS) * SAMPLE_PERIOD_MS;
              if (wanted.has(periodStartMs)) keep(s.metric.pod ?? '', s.metric.gpu ?? '0', name, periodStartMs, Number(value));
            }
          }
        });
        i = j;
      }
      await inBatches(tasks, CONCURRENCY);

      const gpuLabels = nodeGpuLabels(found.keys());
      return needs.map(({ pod, gpuIndex, periodStartMs }) => {
        const gpuLabel = gpuLabelOf(gpuLabels.get(pod.id) ?? [], pod.gpuCount, gpuIndex);
        if (gpuLabel === null) return null;
        const sample: Partial<Record<MetricName, number>> = {};
        for (const name of METRIC_NAMES) {
          const at = found.get(`${pod.id}|${gpuLabel}|${name}|${periodStartMs}`);
          const value = at ? at.sum / at.count : NaN;
          if (!Number.isFinite(value)) return null;
          sample[name] = value;
        }
        return sample as GpuSample;
      });
    },
    servingPeriods: prometheusServing(call),
  };
}

/** The period a query_range point (evaluated at a period's last millisecond, in seconds) stands for. */
function endOfToStart(tSeconds: number): number {
  return Math.round(tSeconds * 1000) - SAMPLE_PERIOD_MS + 1;
}

/** Each pod's node GPU labels seen, in numeric order. */
function nodeGpuLabels(keys: Iterable<string>): Map<string, string[]> {
  const byPod = new Map<string, Set<string>>();
  for (const key of keys) {
    const [podId = '', gpu = ''] = key.split('|');
    let labels = byPod.get(podId);
    if (!labels) byPod.set(podId, (labels = new Set()));
    labels.add(gpu);
  }
  return new Map([...byPod].map(([podId, labels]) => [podId, [...labels].sort((a, b) => Number(a) - Number(b))]));
}

/**
 * The exporter's gpu label of a pod's GPU. The label is the GPU's index on its node; the pod's GPUs
 * are those in order (a pod holding GPUs 4 and 6 of a node has GPU 0 = "4"). Where Prometheus
 * answered for fewer (or more) of the pod's GPUs than it has, the order says nothing: the label
 * equal to the index is taken, as on a node the pod has to itself.
 */
function gpuLabelOf(labels: readonly string[], gpuCount: number, gpuIndex: number): string | null {
  if (labels.length === gpuCount) return labels[gpuIndex] ?? null;
  return labels.includes(String(gpuIndex)) ? String(gpuIndex) : null;
}
