/**
 * The vLLM series of the simulated fleet's serving pods, as vLLM's own /metrics publishes them
 * (docs/2026-12-06-inference-economics.md): per engine (one per GPU: data parallel), labelled
 * with vLLM's model_name and engine, and as Kubernetes scraping labels them (namespace =
 * organization, pod = pod id). Counters and histogram buckets count from the engine's start
 * (src/cloud/serving-telemetry.ts engineStartMs: each run restarts it, as a container restart
 * resets vLLM's counters); the KV-cache gauge is the period's.
 *
 * Each point is a closed 5-minute period's, stamped with that period's start in simulated time:
 * the counters' value at its end, so one period's figures are its point minus the one before it
 * (server/prometheus-serving.ts). The period still open is not published (its counts still grow,
 * and Prometheus keeps one value per timestamp). Served by the DCGM exporter's process at
 * /vllm/metrics (server/dcgm-exporter.ts); the tests backfill the same points with promtool.
 */
import { gpuTypes } from '../src/cloud/catalog-data';
import type { CloudState } from '../src/cloud/model';
import { countedRuns } from '../src/cloud/pod-observations';
import { addServingPeriod, forEachServingPeriod, servingModelOf } from '../src/cloud/serving-telemetry';
import { gpuSample, SAMPLE_PERIOD_MS } from '../src/cloud/telemetry';
import { emptyServingTotals, ITL_BUCKETS_SECONDS, TTFT_BUCKETS_SECONDS, type ServingTotals } from '../src/domain/inference-economics';

/** vLLM's counters, by the ServingPeriod field they count, with vLLM's HELP texts. */
export const VLLM_COUNTERS = [
  { name: 'vllm:prompt_tokens_total', field: 'promptTokens', help: 'Number of prefill tokens processed.' },
  { name: 'vllm:generation_tokens_total', field: 'generationTokens', help: 'Number of generation tokens processed.' },
  { name: 'vllm:request_success_total', field: 'requests', help: 'Count of successfully processed requests.' },
  { name: 'vllm:prefix_cache_queries_total', field: 'prefixCacheQueries', help: 'Prefix cache queries, in terms of number of queried tokens.' },
  { name: 'vllm:prefix_cache_hits_total', field: 'prefixCacheHits', help: 'Prefix cache hits, in terms of number of cached tokens.' },
] as const;

export const VLLM_KV_CACHE = 'vllm:kv_cache_usage_perc';

export const VLLM_HISTOGRAMS = [
  { name: 'vllm:time_to_first_token_seconds', field: 'ttftBuckets', bounds: TTFT_BUCKETS_SECONDS, help: 'Histogram of time to first token in seconds.' },
  { name: 'vllm:inter_token_latency_seconds', field: 'itlBuckets', bounds: ITL_BUCKETS_SECONDS, help: 'Histogram of inter-token latency in seconds.' },
] as const;

/** A histogram bucket's le label, as Prometheus' client libraries write it. */
export const leLabel = (bound: number): string => (Number.isFinite(bound) ? String(bound) : '+Inf');

/** One engine's counters at the end of a period: cumulative since the engine started. */
export interface EnginePoint {
  orgId: string;
  podId: string;
  modelName: string;
  /** The engine (the pod's GPU index). */
  engine: number;
  periodStartMs: number;
  /** Summed as a total's are (its KV-cache fields unused: the gauge is the period's, below). */
  counters: ServingTotals;
  kvCacheUsage: number;
}

/** Where an engine's counters stood after a period, to go on from it on the next scrape. */
export type EngineCache = Map<string, { throughMs: number; counters: EnginePoint['counters'] }>;

/**
 * Every engine's point of every closed period starting in [fromMs, toMs) of an organization's
 * serving pods, in time order per engine. Where two runs of a pod share a period, the later
 * run's engine publishes it (its counters restarted; what the earlier one counted in that period
 * after its last point is lost, as a restarted vLLM's is). A cache keeps each engine's counters as
 * the window began, so the next call (a scrape, the window moved on) computes only its own periods.
 */
export function vllmPoints(orgId: string, state: CloudState, fromMs: number, toMs: number, cache?: EngineCache): EnginePoint[] {
  const out: EnginePoint[] = [];
  const from = Math.floor(fromMs / SAMPLE_PERIOD_MS) * SAMPLE_PERIOD_MS;
  // Closed periods only: a period still open at toMs is not published.
  const to = Math.floor(toMs / SAMPLE_PERIOD_MS) * SAMPLE_PERIOD_MS;
  for (const pod of state.pods) {
    const gpu = gpuTypes.find((g) => g.id === pod.gpuTypeId);
    const model = gpu && servingModelOf(pod, gpu);
    if (!gpu || !model) continue;
    const runs = countedRuns(pod, 0, to);
    const byKey = new Map<string, EnginePoint>();
    runs.forEach((run, k) => {
      if (run.endMs <= from) return;
      const next = runs[k + 1];
      for (let engine = 0; engine < run.gpuCount; engine++) {
        const key = `${orgId}|${pod.id}|${engine}|${run.startMs}`;
        const cached = cache?.get(key);
        const startMs = cached && cached.throughMs <= from ? cached.throughMs : run.startMs;
        const counters = cached && cached.throughMs <= from ? structuredClone(cached.counters) : emptyServingTotals();
        /** The counters as the window begins: where the next call goes on from. */
        let atFrom: { throughMs: number; counters: EnginePoint['counters'] } | null = null;
        forEachServingPeriod(pod, gpu, startMs, run.endMs, gpuSample, (ps, g, _runningMs, period) => {
          if (g !== engine) return;
          if (ps >= from && !atFrom) atFrom = { throughMs: ps, counters: structuredClone(counters) };
          addServingPeriod(counters, period, 0);
          if (ps < from) return;
          // A period the next run also ran in (with this engine) is that run's to publish.
          if (next && next.startMs < ps + SAMPLE_PERIOD_MS && next.gpuCount > engine) return;
          byKey.set(`${engine}|${ps}`, { orgId, podId: pod.id, modelName: model.id, engine, periodStartMs: ps, counters: structuredClone(counters), kvCacheUsage: period.kvCacheUsage });
        });
        cache?.set(key, atFrom ?? { throughMs: Math.max(startMs, Math.min(run.endMs, from)), counters });
      }
    });
    out.push(...[...byKey.values()].sort((a, b) => a.engine - b.engine || a.periodStartMs - b.periodStartMs));
  }
  return out;
}

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

function labelsOf(p: EnginePoint): string {
  return `model_name="${escapeLabel(p.modelName)}",engine="${p.engine}",namespace="${escapeLabel(p.orgId)}",pod="${escapeLabel(p.podId)}"`;
}

/**
 * The points as exposition text. `format: 'prometheus'` is what a scrape reads (text format 0.0.4,
 * timestamps in ms); 'openmetrics' is what promtool backfills (timestamps in seconds, counter
 * families named without _total, ending in # EOF).
 */
export function vllmText(points: readonly EnginePoint[], format: 'prometheus' | 'openmetrics'): string {
  const om = format === 'openmetrics';
  const stamp = (ms: number) => (om ? String(ms / 1000) : String(ms));
  const lines: string[] = [];
  for (const c of VLLM_COUNTERS) {
    const family = om ? c.name.replace(/_total$/, '') : c.name;
    lines.push(`# HELP ${family} ${c.help}`, `# TYPE ${family} counter`);
    const extra = c.field === 'requests' ? ',finished_reason="stop"' : '';
    for (const p of points) lines.push(`${c.name}{${labelsOf(p)}${extra}} ${p.counters[c.field]} ${stamp(p.periodStartMs)}`);
  }
  lines.push(`# HELP ${VLLM_KV_CACHE} KV-cache usage. 1 means 100 percent usage.`, `# TYPE ${VLLM_KV_CACHE} gauge`);
  for (const p of points) lines.push(`${VLLM_KV_CACHE}{${labelsOf(p)}} ${p.kvCacheUsage} ${stamp(p.periodStartMs)}`);
  for (const h of VLLM_HISTOGRAMS) {
    lines.push(`# HELP ${h.name} ${h.help}`, `# TYPE ${h.name} histogram`);
    for (const p of points) {
      const counts = p.counters[h.field];
      [...h.bounds, Infinity].forEach((bound, i) => lines.push(`${h.name}_bucket{${labelsOf(p)},le="${leLabel(bound)}"} ${counts[i] ?? 0} ${stamp(p.periodStartMs)}`));
      lines.push(`${h.name}_count{${labelsOf(p)}} ${counts[h.bounds.length] ?? 0} ${stamp(p.periodStartMs)}`);
    }
  }
  if (om) lines.push('# EOF');
  return lines.join('\n') + '\n';
}
