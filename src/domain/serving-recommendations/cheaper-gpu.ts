/**
 * A cheaper GPU type for a serving pod at equal or better latency: the GPU type (and count) with
 * the lowest cost per million tokens whose expected p95 time to first token does not exceed the
 * p95 the pod delivered. Never one that would break it: a candidate without an expected figure
 * is no candidate.
 *
 * The expected latency on the target, in order of trust:
 *  1. Measured: the organization's own pods serving the same model on that GPU type in the window
 *     under a like but no lighter load: each computing prompts at least as long per request (mean
 *     uncached prompt tokens) and at most half as long again (so the figure is the same kind of
 *     traffic, not a distant bound), and each at least as busy at its peak as this pod would be
 *     there; their summed TTFT histogram's p50/p95. TTFT grows with the prompt to prefill and with
 *     load, so pods under these conditions bound it from above.
 *  2. Benchmark: with enough target GPUs that the pod's peak load on them is no higher than now
 *     (k × target throughput ≥ n × current throughput, so queueing is no worse), a request's
 *     prefill runs on one GPU and its time scales with that GPU's speed: expected = observed ×
 *     the slower of the two ratios, benchmark output throughput (data/inference.json) and dense
 *     BF16 TFLOPS (datasheets; prefill is compute-bound).
 * Where the org has comparable pods on the target, their measurement decides, even where benchmarks would allow.
 */
import { gpuTflops } from '../catalog';
import { histogramQuantile, microUsdPerMillionTokens, TTFT_BUCKETS_SECONDS } from '../inference-economics';
import { divRound } from '../money';
import type { CatalogFacts } from '../recommendations/types';
import { daysObserved, modelFits, modelThroughput, monthlyCostCents, monthlyRunningMs, round2, round3, round4, servingConfidence, type ServingRecommendationSettings } from './rules';
import type { MeasuredOnTarget, ServingPodMeasured, ServingRecommendation, ThroughputBenchmark } from './types';

export type ServingCatalog = Pick<CatalogFacts, 'gpuTypes' | 'offers'>;

interface Expected {
  p50: number;
  p95: number;
  source: 'measured' | 'benchmark';
  factor: number | null;
  measured: MeasuredOnTarget | null;
}

interface Candidate {
  gpuTypeId: string;
  gpuCount: number;
  rate: number;
  projected: number;
  peakLoad: number;
  expected: Expected;
}

export function uncachedPromptPerRequest(pod: ServingPodMeasured): number {
  const t = pod.totals;
  return t.requests > 0 ? (t.promptTokens - t.prefixCacheHits) / t.requests : 0;
}

/** The TTFT p50/p95 of pods' summed histograms (null without observations). */
function ttftOf(pods: readonly ServingPodMeasured[]): { p50: number; p95: number } | null {
  const sum = new Array<number>(TTFT_BUCKETS_SECONDS.length + 1).fill(0);
  for (const p of pods) p.totals.ttftBuckets.forEach((c, i) => (sum[i] = (sum[i] ?? 0) + c));
  const p50 = histogramQuantile(TTFT_BUCKETS_SECONDS, sum, 0.5);
  const p95 = histogramQuantile(TTFT_BUCKETS_SECONDS, sum, 0.95);
  return p50 === null || p95 === null ? null : { p50, p95 };
}

export function cheaperGpuRecommendation(
  pod: ServingPodMeasured,
  measuredPods: readonly ServingPodMeasured[],
  catalog: ServingCatalog,
  benchmarks: readonly ThroughputBenchmark[],
  settings: ServingRecommendationSettings,
): ServingRecommendation | null {
  if (!pod.runningNow || pod.totals.requests < settings.minRequests || daysObserved(pod.runningMs) < settings.minDaysObserved) return null;
  const observed = ttftOf([pod]);
  const current = catalog.gpuTypes.find((g) => g.id === pod.gpuTypeId);
  const capNow = modelThroughput(benchmarks, pod.gpuTypeId, pod.model);
  const fromBenchmark = benchmarks.find((b) => b.gpuTypeId === pod.gpuTypeId);
  if (!observed || !current || !capNow || !fromBenchmark || pod.gpuCount <= 0) return null;
  const monthMs = monthlyRunningMs(pod);
  const currentCost = monthlyCostCents(pod.rateMicroUsdPerGpuHour, pod.gpuCount, monthMs);
  const peak = pod.peakOutputTokensPerSecond;
  const loadNow = peak / (pod.gpuCount * capNow);
  const uncached = uncachedPromptPerRequest(pod);

  const candidates: Candidate[] = [];
  for (const target of catalog.gpuTypes) {
    if (target.id === current.id || !modelFits(target, pod.model, settings)) continue;
    const offer = catalog.offers.find((o) => o.gpuTypeId === target.id && o.regionId === pod.regionId);
    const capTarget = modelThroughput(benchmarks, target.id, pod.model);
    if (!offer || !capTarget) continue;
    // The org's own pods of this model on the target, computing prompts at least as long (and at most half as long again).
    const onTarget = measuredPods.filter((p) => {
      const u = uncachedPromptPerRequest(p);
      return p.podId !== pod.podId && p.model.id === pod.model.id && p.gpuTypeId === target.id && p.gpuCount > 0 && p.totals.requests >= settings.minRequests && u >= uncached && u <= settings.maxComparablePromptRatio * uncached;
    });
    for (const k of [...target.allowedCounts].sort((a, b) => a - b)) {
      const projected = monthlyCostCents(offer.rateMicroUsdPerGpuHour, k, monthMs);
      // More GPUs only cost more: stop once the saving is below the minimum.
      if (currentCost - projected < settings.minMonthlySavingsCents) break;
      const peakLoad = peak / (k * capTarget);
      const capacityHeld = k * capTarget >= pod.gpuCount * capNow;
      const expected = expectedOnTarget(onTarget, peakLoad, capTarget, capacityHeld, observed, { current: capNow, target: capTarget, currentTflops: gpuTflops(current), targetTflops: gpuTflops(target) });
      if (expected && expected.p95 <= observed.p95) {
        candidates.push({ gpuTypeId: target.id, gpuCount: k, rate: offer.rateMicroUsdPerGpuHour, projected, peakLoad, expected });
        break;
      }
    }
  }
  // The lowest cost per million tokens: the same tokens, so the lowest cost a month.
  candidates.sort((a, b) => a.projected - b.projected || a.expected.p95 - b.expected.p95 || a.gpuTypeId.localeCompare(b.gpuTypeId));
  const best = candidates[0];
  if (!best) return null;
  const target = catalog.gpuTypes.find((g) => g.id === best.gpuTypeId)!;
  const toBenchmark = benchmarks.find((b) => b.gpuTypeId === target.id)!;
  const t = pod.totals;
  const nowPerMillion = microUsdPerMillionTokens(pod.spendCents, t.promptTokens + t.generationTokens) ?? 0;
  const runningSeconds = pod.runningMs / 1000;
  const cap = best.expected.source === 'measured' ? 'high' : fromBenchmark.basis === 'estimate' || toBenchmark.basis === 'estimate' ? 'low' : 'medium';
  return {
    id: `srec-cheaper-gpu-${pod.podId}`,
    kind: 'cheaper-gpu',
    modelId: pod.model.id,
    modelName: pod.model.name,
    projectId: pod.projectId,
    regionId: pod.regionId,
    podIds: [pod.podId],
    podNames: [pod.podName],
    currentMonthlyCostCents: currentCost,
    projectedMonthlyCostCents: best.projected,
    monthlySavingsCents: currentCost - best.projected,
    estimate: false,
    confidence: servingConfidence(pod.runningMs, cap),
    evidence: {
      kind: 'cheaper-gpu',
      fromGpuTypeId: current.id,
      fromGpuTypeName: current.name,
      fromGpuCount: pod.gpuCount,
      fromRateMicroUsdPerGpuHour: pod.rateMicroUsdPerGpuHour,
      toGpuTypeId: target.id,
      toGpuTypeName: target.name,
      toGpuCount: best.gpuCount,
      toRateMicroUsdPerGpuHour: best.rate,
      requests: t.requests,
      meanOutputTokensPerSecond: runningSeconds > 0 ? round2(t.generationTokens / runningSeconds) : 0,
      peakOutputTokensPerSecond: round2(peak),
      meanUncachedPromptTokens: Math.round(uncached),
      peakLoadNow: round3(loadNow),
      peakLoadOnTarget: round3(best.peakLoad),
      ttftP50Seconds: round4(observed.p50),
      ttftP95Seconds: round4(observed.p95),
      expectedTtftP50Seconds: round4(best.expected.p50),
      expectedTtftP95Seconds: round4(best.expected.p95),
      expectedSource: best.expected.source,
      latencyFactor: best.expected.factor === null ? null : round3(best.expected.factor),
      fromBenchmark,
      toBenchmark,
      fromTflops: gpuTflops(current),
      toTflops: gpuTflops(target),
      measured: best.expected.measured,
      currentMicroUsdPerMillionTokens: nowPerMillion,
      // The same tokens on the target: the cost per million scales with the cost a month.
      projectedMicroUsdPerMillionTokens: currentCost > 0 ? divRound(nowPerMillion * best.projected, currentCost) : nowPerMillion,
    },
  };
}

function expectedOnTarget(
  onTarget: readonly ServingPodMeasured[],
  peakLoadOnTarget: number,
  capTarget: number,
  capacityHeld: boolean,
  observed: { p50: number; p95: number },
  speed: { current: number; target: number; currentTflops: number; targetTflops: number },
): Expected | null {
  // Measured decides where the org has comparable pods: at least as busy at their peak as this pod would be.
  const busy = onTarget.filter((p) => p.peakOutputTokensPerSecond / (p.gpuCount * capTarget) >= peakLoadOnTarget);
  const ttft = busy.length > 0 ? ttftOf(busy) : null;
  if (ttft) {
    return {
      p50: ttft.p50,
      p95: ttft.p95,
      source: 'measured',
      factor: null,
      measured: {
        podCount: busy.length,
        requests: busy.reduce((a, p) => a + p.totals.requests, 0),
        ttftP50Seconds: round4(ttft.p50),
        ttftP95Seconds: round4(ttft.p95),
        peakLoad: round3(Math.min(...busy.map((p) => p.peakOutputTokensPerSecond / (p.gpuCount * capTarget)))),
        meanUncachedPromptTokens: Math.round(Math.min(...busy.map(uncachedPromptPerRequest))),
      },
    };
  }
  // Benchmarks: only with at least today's throughput, so the pod's peak load on the target is no higher than now.
  if (!capacityHeld) return null;
  const factor = Math.max(speed.current / speed.target, speed.currentTflops / speed.targetTflops);
  return { p50: observed.p50 * factor, p95: observed.p95 * factor, source: 'benchmark', factor, measured: null };
}
