/**
 * Serving pods' vLLM figures read from Prometheus: the series vLLM publishes on /metrics
 * (server/vllm-exporter.ts publishes the simulator's), per engine (the pod's GPU index, vLLM's
 * `engine` label), labelled with the Kubernetes namespace (the organization) and pod.
 *
 * A period's figures are its counters' increase: the point stamped at the period's start (the
 * counters at its end) minus the one before it, or the point itself where the engine started in
 * the period (the pod's own runs say when: src/cloud/serving-telemetry.ts engineStartMs). Where
 * the period's point is missing, or the one before it while the engine ran through, the period is
 * unobserved (null): no tokens are made up. Histogram buckets are counters too; the KV-cache gauge
 * is the period's point.
 *
 * Raw points are read with a range selector over spans of at most a day, for at most 50 pods per
 * query (a short label matcher; the organization's namespace narrows it first).
 */
import { countedRuns } from '../src/cloud/pod-observations';
import type { ServingPeriod } from '../src/cloud/serving-telemetry';
import { SAMPLE_PERIOD_MS } from '../src/cloud/telemetry';
import { CONCURRENCY, inBatches, label, regexOf, seconds, type PrometheusCall, type SampleNeed } from './prometheus-telemetry';
import { VLLM_COUNTERS, VLLM_HISTOGRAMS, VLLM_KV_CACHE } from './vllm-exporter';

/** Periods per query at most (a day). */
const SPAN_PERIODS = 288;
/** Pods per query at most. */
const PODS_PER_QUERY = 50;

const NAMES = [...VLLM_COUNTERS.map((c) => c.name), VLLM_KV_CACHE, ...VLLM_HISTOGRAMS.map((h) => `${h.name}_bucket`)];

/** A bucket's index from its le label (+Inf: the last). */
function bucketIndex(bounds: readonly number[], le: string | undefined): number {
  const v = Number(le === '+Inf' ? Infinity : le);
  if (v === Infinity) return bounds.length;
  return bounds.findIndex((b) => Math.abs(b - v) <= 1e-9 * Math.max(1, b));
}

/**
 * Whether the engine of a pod's GPU that published the period's point (the last run of the pod
 * in the period with that GPU) was already running when the period began: then the point before
 * it is the same engine's, and the period's figures are the difference.
 */
function ranThrough(need: SampleNeed): boolean {
  const runs = countedRuns(need.pod, need.periodStartMs - 1, need.periodStartMs + SAMPLE_PERIOD_MS).filter((r) => r.gpuCount > need.gpuIndex);
  const last = runs[runs.length - 1];
  return last !== undefined && last.startMs < need.periodStartMs;
}

export function prometheusServing(call: PrometheusCall) {
  return async (orgId: string, needs: readonly SampleNeed[]): Promise<Array<ServingPeriod | null>> => {
    /** Points by series (pod|engine|name|le) and period start. */
    const points = new Map<string, Map<number, number>>();
    const periods = [...new Set(needs.flatMap((n) => [n.periodStartMs - SAMPLE_PERIOD_MS, n.periodStartMs]))].sort((a, b) => a - b);
    const podsAt = new Map<number, Set<string>>();
    for (const n of needs) {
      for (const p of [n.periodStartMs - SAMPLE_PERIOD_MS, n.periodStartMs]) {
        let pods = podsAt.get(p);
        if (!pods) podsAt.set(p, (pods = new Set()));
        pods.add(n.pod.id);
      }
    }
    const tasks: Array<() => Promise<void>> = [];
    for (let i = 0; i < periods.length; ) {
      const first = periods[i] ?? 0;
      let j = i + 1;
      while (j < periods.length && (periods[j] ?? 0) < first + SPAN_PERIODS * SAMPLE_PERIOD_MS) j++;
      const span = periods.slice(i, j);
      const last = span[span.length - 1] ?? first;
      const pods = [...new Set(span.flatMap((p) => [...(podsAt.get(p) ?? [])]))].sort();
      for (let k = 0; k < pods.length; k += PODS_PER_QUERY) {
        const selector = `{__name__=~${label(NAMES.join('|'))},namespace=${label(orgId)},pod=~${label(regexOf(pods.slice(k, k + PODS_PER_QUERY)))}}`;
        // Points are stamped at period starts: (first - 1 s, last + 1 s] holds the span's.
        const params = { query: `${selector}[${(last - first) / 1000 + 2}s]`, time: seconds(last + 1000) };
        tasks.push(async () => {
          for (const s of await call('query', params)) {
            const key = `${s.metric.pod ?? ''}|${s.metric.engine ?? '0'}|${s.metric.__name__ ?? ''}|${s.metric.le ?? ''}`;
            let series = points.get(key);
            if (!series) points.set(key, (series = new Map()));
            for (const [t, value] of s.values) series.set(Math.floor(Math.round(t * 1000) / SAMPLE_PERIOD_MS) * SAMPLE_PERIOD_MS, Number(value));
          }
        });
      }
      i = j;
    }
    await inBatches(tasks, CONCURRENCY);

    /** The bucket lists' le labels seen per histogram and pod engine. */
    const les = new Map<string, string[]>();
    for (const key of points.keys()) {
      const [pod = '', engine = '', name = '', le] = key.split('|');
      if (!name.endsWith('_bucket')) continue;
      const k = `${pod}|${engine}|${name}`;
      les.set(k, [...(les.get(k) ?? []), le ?? '']);
    }

    return needs.map((need) => {
      const head = `${need.pod.id}|${need.gpuIndex}`;
      const through = ranThrough(need);
      /** One counter's increase over the period; null where a point it needs is missing. */
      const increase = (series: Map<number, number> | undefined): number | null => {
        const now = series?.get(need.periodStartMs);
        if (now === undefined) return null;
        if (!through) return now;
        const before = series?.get(need.periodStartMs - SAMPLE_PERIOD_MS);
        if (before === undefined) return null;
        // A counter that went down restarted in the period (Prometheus' own reading of a reset).
        return now >= before ? now - before : now;
      };
      const counters: Partial<Record<(typeof VLLM_COUNTERS)[number]['field'], number>> = {};
      for (const c of VLLM_COUNTERS) {
        const v = increase(points.get(`${head}|${c.name}|`));
        if (v === null) return null;
        counters[c.field] = Math.round(v);
      }
      const kv = points.get(`${head}|${VLLM_KV_CACHE}|`)?.get(need.periodStartMs);
      if (kv === undefined) return null;
      const histograms: Record<(typeof VLLM_HISTOGRAMS)[number]['field'], number[]> = { ttftBuckets: [], itlBuckets: [] };
      for (const h of VLLM_HISTOGRAMS) {
        const buckets = new Array<number>(h.bounds.length + 1).fill(0);
        for (const le of les.get(`${head}|${h.name}_bucket`) ?? []) {
          const i = bucketIndex(h.bounds, le);
          const v = increase(points.get(`${head}|${h.name}_bucket|${le}`));
          if (i >= 0 && v !== null) buckets[i] = Math.round(v);
        }
        histograms[h.field] = buckets;
      }
      return {
        promptTokens: counters.promptTokens ?? 0,
        generationTokens: counters.generationTokens ?? 0,
        requests: counters.requests ?? 0,
        prefixCacheQueries: counters.prefixCacheQueries ?? 0,
        prefixCacheHits: counters.prefixCacheHits ?? 0,
        kvCacheUsage: kv,
        ttftBuckets: histograms.ttftBuckets,
        itlBuckets: histograms.itlBuckets,
      };
    });
  };
}
