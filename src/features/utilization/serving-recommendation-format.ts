/**
 * Words for a serving recommendation, at the edge: its title, the saving and confidence, its
 * evidence as sentences and as a small table of now against after. Every figure is the API's
 * (GET /v1/inference/summary, GET /v1/pods/{podId}/inference); nothing is computed here but words.
 */
import type { components } from '../../api/schema';
import { formatCents, formatInteger, formatPercent, formatRatePerHour } from '../../lib/format';
import { formatCount, formatLatency, formatMicroUsd, formatRate, formatShare, NO_FIGURE } from './inference-format';

export type ServingRecommendation = components['schemas']['ServingRecommendation'];

export interface EvidenceRow {
  label: string;
  now: string;
  after: string;
}

const gpus = (count: number, name: string) => `${count}× ${name}`;
const perMillion = (microUsd: number) => `${formatMicroUsd(microUsd)} per million tokens`;
const gib = (x: number) => `${formatRate(x)} GiB`;
const factor = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

export function recommendationTitle(r: ServingRecommendation): string {
  const e = r.evidence;
  switch (e.kind) {
    case 'cheaper-gpu':
      return `Serve ${r.podNames[0]} on ${gpus(e.toGpuCount, e.toGpuTypeName)} instead of ${gpus(e.fromGpuCount, e.fromGpuTypeName)}`;
    case 'fewer-replicas':
      return `Serve ${r.modelName} on ${e.replicasAfter} GPUs instead of ${e.replicasNow} in ${r.regionId}`;
    case 'prefix-cache':
      return `Reuse shared prompt prefixes on ${r.podNames[0]}`;
  }
}

/** "Saves $360.00 a month", or "Frees GPU time worth about $250.20 a month (estimate)". */
export function savingWords(r: ServingRecommendation): string {
  return r.estimate ? `Frees GPU time worth about ${formatCents(r.monthlySavingsCents)} a month (estimate)` : `Saves ${formatCents(r.monthlySavingsCents)} a month`;
}

const LEVEL = { high: 'High', medium: 'Medium', low: 'Low' } as const;

/** "Medium confidence · 7 days of telemetry". */
export function confidenceWords(r: ServingRecommendation): string {
  const d = r.confidence.daysObserved;
  return `${LEVEL[r.confidence.level]} confidence · ${formatRate(d)} ${d === 1 ? 'day' : 'days'} of telemetry`;
}

/** What the pods of a replica recommendation become: "stop embed-3", "embed-1 from 4 GPUs to 2". */
function replicaChanges(e: Extract<ServingRecommendation['evidence'], { kind: 'fewer-replicas' }>): string {
  const changes = e.pods
    .filter((p) => p.gpuCountAfter !== p.gpuCountNow)
    .map((p) => (p.gpuCountAfter === 0 ? `stop ${p.podName} (${gpus(p.gpuCountNow, p.gpuTypeName)})` : `take ${p.podName} from ${p.gpuCountNow} GPUs to ${p.gpuCountAfter}`));
  return changes.join(', ');
}

/** The evidence in sentences. `projectName` names the project where the page knows it. */
export function evidenceWords(r: ServingRecommendation, projectName: (id: string) => string = (id) => id): string[] {
  const e = r.evidence;
  switch (e.kind) {
    case 'cheaper-gpu': {
      const source =
        e.expectedSource === 'measured' && e.measured
          ? `measured on ${e.measured.podCount} of your ${e.measured.podCount === 1 ? 'pod' : 'pods'} serving ${r.modelName} on ${e.toGpuTypeName} in this range (${formatCount(e.measured.requests)} requests), with prompts at least as long to compute (${formatInteger(e.measured.meanUncachedPromptTokens)} uncached tokens a request or more) and at least as busy (${formatShare(e.measured.peakLoad)} of their throughput at their peak)`
          : `from benchmarks: today's latency × ${e.latencyFactor === null ? NO_FIGURE : factor.format(e.latencyFactor)}, the slower of the throughput ratio (${formatRate(e.fromBenchmark.outputTokensPerSecond)} against ${formatRate(e.toBenchmark.outputTokensPerSecond)} output tokens/s per GPU for a 7-8B model; ${e.fromBenchmark.basis} and ${e.toBenchmark.basis}) and the TFLOPS ratio (${formatRate(e.fromTflops)} against ${formatRate(e.toTflops)}, datasheets), with enough GPUs to carry at least today's throughput`;
      return [
        `${r.podNames[0]} served ${formatCount(e.requests)} requests of ${r.modelName} in this range: ${formatRate(e.meanOutputTokensPerSecond)} output tokens/s on average and ${formatRate(e.peakOutputTokensPerSecond)} in its busiest 5 minutes (${formatShare(e.peakLoadNow)} of its GPUs' benchmark throughput), at a time to first token of ${formatLatency(e.ttftP50Seconds)} (p50) and ${formatLatency(e.ttftP95Seconds)} (p95).`,
        `On ${gpus(e.toGpuCount, e.toGpuTypeName)} the expected time to first token is ${formatLatency(e.expectedTtftP50Seconds)} (p50) and ${formatLatency(e.expectedTtftP95Seconds)} (p95), no slower at p95 than today; ${source}. At the peak it would run at ${formatShare(e.peakLoadOnTarget)} of their benchmark throughput.`,
        `A million tokens would cost ${formatMicroUsd(e.projectedMicroUsdPerMillionTokens)} instead of ${formatMicroUsd(e.currentMicroUsdPerMillionTokens)}, at ${formatRatePerHour(e.toRateMicroUsdPerGpuHour)} a GPU-hour instead of ${formatRatePerHour(e.fromRateMicroUsdPerGpuHour)}.`,
      ];
    }
    case 'fewer-replicas':
      return [
        `${e.replicasNow} GPUs serve ${r.modelName} for ${projectName(r.projectId)} in ${r.regionId}, each one replica. In the busiest 5 minutes of this range they served ${formatRate(e.peakOutputTokensPerSecond)} output tokens/s together, ${formatShare(e.peakUtilizationNow)} of their benchmark throughput (${formatRate(e.capacityNowTokensPerSecond)} tokens/s), with ${gib(e.peakKvCacheGiB)} of KV cache in use (${formatShare(e.peakKvUtilizationNow)} of ${gib(e.kvCacheNowGiB)}).`,
        `On ${e.replicasAfter} GPUs that peak would be ${formatShare(e.peakUtilizationAfter)} of their throughput and ${formatShare(e.peakKvUtilizationAfter)} of their KV cache, within the ${formatPercent(e.maxUtilization)} a serving autoscaler keeps as headroom (Knative's default target): ${replicaChanges(e)}.`,
        `Assumed: the router spreads requests in proportion to each replica's throughput. Today's p95 time to first token is ${formatLatency(e.ttftP95Seconds)}; watch it after the change.`,
      ];
    case 'prefix-cache':
      return [
        `${r.podNames[0]} finds ${formatShare(e.hitRateNow)} of its prompt tokens in its prefix cache; ${e.bestPodName}, another replica of ${r.modelName} for ${projectName(r.projectId)} in ${r.regionId}, finds ${formatShare(e.targetHitRate)} of the same application's. The prompts share prefixes: routing requests by prefix (as llm-d's prefix-aware scheduling does) or turning on vLLM's automatic prefix caching would let this replica reuse them too.`,
        `Estimate: of its ${formatCount(e.promptTokensPerMonth)} prompt tokens a month, ${formatCount(e.promptTokensAvoidedPerMonth)} would not be computed again. Assumed: prefill takes ${formatShare(e.inputSpendShare)} of the GPU time (the spend's input share by the split rule) and is spent on the uncached tokens, so the freed GPU time is worth ${formatCents(r.monthlySavingsCents)} a month; the bill falls once fewer or smaller GPUs serve.`,
      ];
  }
}

/** The evidence as a small table: each figure now and after the change. */
export function evidenceRows(r: ServingRecommendation): EvidenceRow[] {
  const e = r.evidence;
  const cost: EvidenceRow = { label: 'GPU cost a month', now: formatCents(r.currentMonthlyCostCents), after: r.estimate ? `${formatCents(r.projectedMonthlyCostCents)} (estimate)` : formatCents(r.projectedMonthlyCostCents) };
  switch (e.kind) {
    case 'cheaper-gpu':
      return [
        { label: 'GPUs', now: gpus(e.fromGpuCount, e.fromGpuTypeName), after: gpus(e.toGpuCount, e.toGpuTypeName) },
        { label: 'Price per GPU-hour', now: formatRatePerHour(e.fromRateMicroUsdPerGpuHour), after: formatRatePerHour(e.toRateMicroUsdPerGpuHour) },
        { label: 'Time to first token, p50', now: formatLatency(e.ttftP50Seconds), after: `${formatLatency(e.expectedTtftP50Seconds)} (expected)` },
        { label: 'Time to first token, p95', now: formatLatency(e.ttftP95Seconds), after: `${formatLatency(e.expectedTtftP95Seconds)} (expected, ${e.expectedSource === 'measured' ? 'measured' : 'benchmarks'})` },
        { label: 'Busiest 5 minutes, share of throughput', now: formatShare(e.peakLoadNow), after: formatShare(e.peakLoadOnTarget) },
        { label: 'Cost per million tokens', now: perMillion(e.currentMicroUsdPerMillionTokens), after: perMillion(e.projectedMicroUsdPerMillionTokens) },
        cost,
      ];
    case 'fewer-replicas':
      return [
        { label: 'Replicas (GPUs)', now: String(e.replicasNow), after: String(e.replicasAfter) },
        { label: 'Benchmark throughput, output tokens/s', now: formatRate(e.capacityNowTokensPerSecond), after: formatRate(e.capacityAfterTokensPerSecond) },
        { label: 'Busiest 5 minutes, share of throughput', now: formatShare(e.peakUtilizationNow), after: formatShare(e.peakUtilizationAfter) },
        { label: 'KV cache', now: gib(e.kvCacheNowGiB), after: gib(e.kvCacheAfterGiB) },
        { label: 'Busiest 5 minutes, share of KV cache', now: formatShare(e.peakKvUtilizationNow), after: formatShare(e.peakKvUtilizationAfter) },
        cost,
      ];
    case 'prefix-cache':
      return [
        { label: 'Prefix-cache hit rate', now: formatShare(e.hitRateNow), after: `${formatShare(e.targetHitRate)} (target)` },
        { label: 'Prompt tokens a month', now: formatCount(e.promptTokensPerMonth), after: formatCount(e.promptTokensPerMonth) },
        { label: 'Prompt tokens not computed again a month', now: NO_FIGURE, after: formatCount(e.promptTokensAvoidedPerMonth) },
        cost,
      ];
  }
}
