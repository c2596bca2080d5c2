import { describe, expect, it } from 'vitest';
import type { GpuType } from '../catalog';
import { emptyServingTotals, TTFT_BUCKETS_SECONDS, type ServingTotals } from '../inference-economics';
import { MS_PER_DAY } from '../units';
import { cheaperGpuRecommendation } from './cheaper-gpu';
import { fewerReplicasRecommendation } from './fewer-replicas';
import { prefixCacheRecommendations, prefixCacheSavingCents } from './prefix-cache';
import { DEFAULT_SERVING_SETTINGS as SETTINGS, kvCacheGiB, monthlyRunningMs } from './rules';
import { servingRecommendations } from './serving-recommendations';
import type { ServingPodMeasured, ThroughputBenchmark } from './types';

const gpu = (id: string, name: string, vramGiB: number, bf16: number, allowedCounts: number[]): GpuType => ({
  id,
  name,
  arch: 'x',
  vramGiB,
  memBandwidthGBs: 1000,
  bf16DenseTflops: bf16,
  fp16DenseTflops: bf16,
  tdpW: 300,
  formFactor: 'x',
  speedClass: 'high',
  allowedCounts,
});
/** Three GPU types with their datasheet TFLOPS, and this provider's prices in one region. */
const A100 = gpu('a100-80-sxm', 'A100 80GB SXM', 80, 312, [1, 2, 4, 8]);
const L40S = gpu('l40s', 'L40S', 48, 362, [1, 2, 4]);
const L4 = gpu('l4', 'L4', 24, 121, [1, 2, 4]);
const offer = (gpuTypeId: string, usdPerHour: number) => ({ gpuTypeId, regionId: 'r1', rateMicroUsdPerGpuHour: usdPerHour * 1_000_000, committedRateMicroUsdPerGpuHour: 0 });
const catalog = { gpuTypes: [A100, L40S, L4], offers: [offer('a100-80-sxm', 1.39), offer('l40s', 0.89), offer('l4', 0.42)] };
const benchmarks: ThroughputBenchmark[] = [
  { gpuTypeId: 'a100-80-sxm', outputTokensPerSecond: 1517, basis: 'published', source: 'lambda-vllm' },
  { gpuTypeId: 'l40s', outputTokensPerSecond: 1729, basis: 'published ratio', source: 'lambda-vllm × trtllm-0.9' },
  { gpuTypeId: 'l4', outputTokensPerSecond: 304, basis: 'estimate', source: 'bandwidth-estimate' },
];
const MODEL = { id: 'm7b', name: 'Model 7B', weightsGB: 16, throughputFactor: 1 };
const WEEK_MS = 7 * MS_PER_DAY;

/** Cumulative TTFT buckets: `counts[bound]` observations at or below each listed bound (seconds), `total` in all. */
function ttft(total: number, atOrBelow: Record<number, number>): number[] {
  return [...TTFT_BUCKETS_SECONDS.map((b) => Object.entries(atOrBelow).reduce((c, [bound, n]) => (b >= Number(bound) ? Math.max(c, n) : c), 0)), total];
}

function totals(extra: Partial<ServingTotals>): ServingTotals {
  return { ...emptyServingTotals(), ...extra };
}

/** A pod on one A100 all week: 10M prompt tokens (2M from the prefix cache), 2.5M generated, 1,000 requests; p50 0.1 s, p95 0.25 s. */
function pod(over: Partial<ServingPodMeasured> = {}): ServingPodMeasured {
  return {
    podId: 'pod-a',
    podName: 'chat-a',
    projectId: 'p1',
    regionId: 'r1',
    model: MODEL,
    gpuTypeId: 'a100-80-sxm',
    gpuCount: 1,
    rateMicroUsdPerGpuHour: 1_390_000,
    runningNow: true,
    totals: totals({ promptTokens: 10_000_000, generationTokens: 2_500_000, requests: 1000, prefixCacheQueries: 10_000_000, prefixCacheHits: 2_000_000, ttftBuckets: ttft(1000, { 0.1: 500, 0.25: 950, 0.5: 1000 }) }),
    // $1.39 × 168 h
    spendCents: 23_352,
    inputSpendCents: 11_676,
    runningMs: WEEK_MS,
    observedMs: WEEK_MS,
    peakOutputTokensPerSecond: 800,
    ...over,
  };
}

describe('a cheaper GPU type at equal or better p95 time to first token, by hand', () => {
  it('moves one A100 to one L40S: the benchmark ratios keep the p95 under the observed one, and the saving is current − projected to the cent', () => {
    const rec = cheaperGpuRecommendation(pod(), [pod()], catalog, benchmarks, SETTINGS)!;
    expect(rec).not.toBeNull();
    // A month (720 h) of one A100 at $1.39 = $1,000.80; one L40S at $0.89 = $640.80.
    expect(rec.currentMonthlyCostCents).toBe(100_080);
    expect(rec.projectedMonthlyCostCents).toBe(64_080);
    expect(rec.monthlySavingsCents).toBe(36_000);
    const e = rec.evidence;
    if (e.kind !== 'cheaper-gpu') throw new Error(e.kind);
    expect([e.toGpuTypeId, e.toGpuCount, e.expectedSource]).toEqual(['l40s', 1, 'benchmark']);
    // Observed: p50 0.08 + 0.02 × 500/500 = 0.1 s; p95 0.1 + 0.15 × 450/450 = 0.25 s.
    expect([e.ttftP50Seconds, e.ttftP95Seconds]).toEqual([0.1, 0.25]);
    // The slower of 1517/1729 = 0.8774 (throughput) and 312/362 = 0.8619 (TFLOPS): 0.25 × 0.8774 = 0.2193 s.
    expect(e.latencyFactor).toBe(0.877);
    expect(e.expectedTtftP95Seconds).toBe(0.2193);
    expect(e.expectedTtftP50Seconds).toBe(0.0877);
    // Peak 800 tokens/s: 800/1517 = 0.527 of the A100, 800/1729 = 0.463 of the L40S.
    expect([e.peakLoadNow, e.peakLoadOnTarget]).toEqual([0.527, 0.463]);
    // $233.52 over 12.5M tokens = $18.6816 per million; × 64,080 ÷ 100,080 = $11.9616.
    expect(e.currentMicroUsdPerMillionTokens).toBe(18_681_600);
    expect(e.projectedMicroUsdPerMillionTokens).toBe(11_961_600);
    // (10M − 2M) ÷ 1,000 requests.
    expect(e.meanUncachedPromptTokens).toBe(8000);
    expect(rec.confidence).toEqual({ level: 'medium', daysObserved: 7 });
  });

  it('never proposes a GPU whose measured latency would break the observed p95, even where it costs less', () => {
    // Two L4s cost $604.80 a month, less than the L40S; the org has served the model on two L4s
    // with like prompts (9,000 uncached tokens a request) at a like load, at p95 0.5 s.
    const lower = pod({ peakOutputTokensPerSecond: 500 });
    const onL4 = (p95Bucket: number) =>
      pod({
        podId: 'pod-l4',
        podName: 'chat-l4',
        gpuTypeId: 'l4',
        gpuCount: 2,
        peakOutputTokensPerSecond: 520,
        totals: totals({ promptTokens: 9_000_000, generationTokens: 2_000_000, requests: 1000, prefixCacheQueries: 9_000_000, ttftBuckets: ttft(1000, { 0.1: 500, [p95Bucket]: 1000 }) }),
      });
    const slow = cheaperGpuRecommendation(lower, [lower, onL4(0.5)], catalog, benchmarks, SETTINGS)!;
    expect(slow.evidence.kind === 'cheaper-gpu' && slow.evidence.toGpuTypeId).toBe('l40s');
    // The same pods measured at p95 ≤ 0.25 s: two L4s are the cheapest that keep it, from the org's own measurement.
    const fast = cheaperGpuRecommendation(lower, [lower, onL4(0.25)], catalog, benchmarks, SETTINGS)!;
    const e = fast.evidence;
    if (e.kind !== 'cheaper-gpu') throw new Error(e.kind);
    expect([e.toGpuTypeId, e.toGpuCount, e.expectedSource]).toEqual(['l4', 2, 'measured']);
    expect(e.expectedTtftP95Seconds).toBeLessThanOrEqual(e.ttftP95Seconds);
    expect(e.measured).toMatchObject({ podCount: 1, requests: 1000, meanUncachedPromptTokens: 9000, peakLoad: 0.855 });
    expect(fast.monthlySavingsCents).toBe(100_080 - 60_480);
    expect(fast.confidence.level).toBe('medium');
    // Prompts much longer than this pod's (2× its uncached tokens) are another workload: benchmarks decide, and the L4 cannot carry the load.
    const unlike = onL4(0.25);
    unlike.totals.promptTokens = 16_000_000;
    unlike.totals.prefixCacheQueries = 16_000_000;
    const rec = cheaperGpuRecommendation(lower, [lower, unlike], catalog, benchmarks, SETTINGS)!;
    expect(rec.evidence.kind === 'cheaper-gpu' && rec.evidence.toGpuTypeId).toBe('l40s');
  });

  it('proposes nothing without a faster-enough, cheaper GPU, too few requests, or a pod that is not running', () => {
    // From an L40S: the A100 costs more, the L4 is slower per GPU and four of them cannot hold the load as low.
    expect(cheaperGpuRecommendation(pod({ gpuTypeId: 'l40s', rateMicroUsdPerGpuHour: 890_000 }), [], catalog, benchmarks, SETTINGS)).toBeNull();
    expect(cheaperGpuRecommendation(pod({ runningNow: false }), [], catalog, benchmarks, SETTINGS)).toBeNull();
    const few = pod();
    few.totals.requests = 999;
    expect(cheaperGpuRecommendation(few, [], catalog, benchmarks, SETTINGS)).toBeNull();
  });
});

describe('fewer replicas, by hand', () => {
  // Four A100 replicas: 4 × 1,517 = 6,068 tokens/s and 4 × (0.9 × 80 GiB − 16 GB) = 228.4 GiB of KV cache.
  const replicas = ['a', 'b', 'c', 'd'].map((x) => pod({ podId: `pod-${x}`, podName: `embed-${x}` }));
  const kvPerGpu = 0.9 * 80 - (16e9 / 2 ** 30);

  it('serves the peak on three of four when it fits in 70% of their throughput and KV cache', () => {
    expect(kvCacheGiB(A100, MODEL)).toBeCloseTo(kvPerGpu, 9);
    // Peak 2,800 tokens/s: 2,800 ÷ (3 × 1,517) = 0.615 ≤ 0.7; on two: 0.923. KV 100 GiB ÷ 171.3 = 0.584.
    const rec = fewerReplicasRecommendation(replicas, { outputTokensPerSecond: 2800, kvCacheGiB: 100 }, catalog, benchmarks, SETTINGS)!;
    expect(rec).not.toBeNull();
    const e = rec.evidence;
    if (e.kind !== 'fewer-replicas') throw new Error(e.kind);
    expect([e.replicasNow, e.replicasAfter]).toEqual([4, 3]);
    expect([e.capacityNowTokensPerSecond, e.capacityAfterTokensPerSecond]).toEqual([6068, 4551]);
    expect([e.peakUtilizationNow, e.peakUtilizationAfter]).toEqual([0.461, 0.615]);
    expect(e.peakKvUtilizationAfter).toBe(Math.round((100 / (3 * kvPerGpu)) * 1000) / 1000);
    expect(e.maxUtilization).toBe(0.7);
    // The first pod by id stops: all four cost the same.
    expect(e.pods.map((p) => p.gpuCountAfter)).toEqual([0, 1, 1, 1]);
    // Four A100s a month, $4,003.20, less one: $1,000.80 saved.
    expect(rec.currentMonthlyCostCents).toBe(400_320);
    expect(rec.projectedMonthlyCostCents).toBe(300_240);
    expect(rec.monthlySavingsCents).toBe(rec.currentMonthlyCostCents - rec.projectedMonthlyCostCents);
    expect(rec.podIds).toEqual(['pod-a', 'pod-b', 'pod-c', 'pod-d']);
  });

  it('proposes no fewer replicas when the headroom is not there', () => {
    // 3,300 ÷ 4,551 = 0.725 > 0.7 on three.
    expect(fewerReplicasRecommendation(replicas, { outputTokensPerSecond: 3300, kvCacheGiB: 100 }, catalog, benchmarks, SETTINGS)).toBeNull();
    // Throughput fits but the KV cache would not: 125 ÷ 171.3 = 0.73.
    expect(fewerReplicasRecommendation(replicas, { outputTokensPerSecond: 2800, kvCacheGiB: 125 }, catalog, benchmarks, SETTINGS)).toBeNull();
    // One replica is no group; stopped pods are not replicas.
    expect(fewerReplicasRecommendation(replicas.slice(0, 1), { outputTokensPerSecond: 10, kvCacheGiB: 1 }, catalog, benchmarks, SETTINGS)).toBeNull();
    expect(fewerReplicasRecommendation(replicas.map((r) => ({ ...r, runningNow: false })), { outputTokensPerSecond: 10, kvCacheGiB: 1 }, catalog, benchmarks, SETTINGS)).toBeNull();
  });

  it('drops a multi-GPU pod to its next allowed count before stopping a pod when that saves more', () => {
    const four = pod({ podId: 'pod-x', podName: 'big', gpuCount: 4 });
    const one = pod({ podId: 'pod-y', podName: 'small' });
    // 5 A100s = 7,585 tokens/s; peak 2,000 fits on 2 (0.659): 4 → 2 saves the most, then 2 → 1 (a tie with
    // stopping the other pod, broken by pod id), and one GPU (1.32) cannot hold it.
    const rec = fewerReplicasRecommendation([four, one], { outputTokensPerSecond: 2000, kvCacheGiB: 50 }, catalog, benchmarks, SETTINGS)!;
    const e = rec.evidence;
    if (e.kind !== 'fewer-replicas') throw new Error(e.kind);
    expect(e.pods.map((p) => [p.podId, p.gpuCountNow, p.gpuCountAfter])).toEqual([
      ['pod-x', 4, 1],
      ['pod-y', 1, 1],
    ]);
    expect(e.peakUtilizationAfter).toBeLessThanOrEqual(0.7);
    expect(rec.monthlySavingsCents).toBe(3 * 100_080);
  });
});

describe('prefix-cache reuse, by hand', () => {
  it('estimates the saving as the GPU cost × the input share × the prefill avoided', () => {
    // 10% hits now; a replica of the same traffic reaches 55%. Input share 11,676 ÷ 23,352 = 1/2;
    // (0.55 − 0.10) ÷ (1 − 0.10) = 1/2 of the uncached prompt tokens avoided: $1,000.80 × 1/2 × 1/2 = $250.20.
    const low = pod({ podId: 'pod-low', podName: 'chat-low' });
    low.totals.prefixCacheHits = 1_000_000;
    const high = pod({ podId: 'pod-high', podName: 'chat-high' });
    high.totals.prefixCacheHits = 5_500_000;
    const [rec, ...rest] = prefixCacheRecommendations([low, high], SETTINGS);
    expect(rest).toEqual([]);
    expect(rec!.monthlySavingsCents).toBe(25_020);
    expect(rec!.projectedMonthlyCostCents).toBe(100_080 - 25_020);
    expect(rec!.estimate).toBe(true);
    expect(rec!.confidence.level).toBe('medium');
    const e = rec!.evidence;
    if (e.kind !== 'prefix-cache') throw new Error(e.kind);
    expect([e.hitRateNow, e.targetHitRate, e.bestPodName, e.inputSpendShare]).toEqual([0.1, 0.55, 'chat-high', 0.5]);
    // 10M prompt tokens a week → 42,857,143 a 30-day month; 45% of them avoided.
    expect(e.promptTokensPerMonth).toBe(42_857_143);
    expect(e.promptTokensAvoidedPerMonth).toBe(19_285_714);
    expect(prefixCacheSavingCents(100_080, 11_676, 23_352, { hits: 1, queries: 10 }, { hits: 11, queries: 20 })).toBe(25_020);
  });

  it('says nothing when the hit rate is not low, no replica shows the prompts share prefixes, or the gap is small', () => {
    const at = (id: string, hits: number) => {
      const p = pod({ podId: id, podName: id });
      p.totals.prefixCacheHits = hits;
      return p;
    };
    expect(prefixCacheRecommendations([at('a', 3_000_000), at('b', 9_000_000)], SETTINGS)).toEqual([]);
    expect(prefixCacheRecommendations([at('a', 1_000_000)], SETTINGS)).toEqual([]);
    expect(prefixCacheRecommendations([at('a', 1_000_000), at('b', 2_400_000)], SETTINGS)).toEqual([]);
  });
});

describe('the review of a window', () => {
  it('judges each pod and each replica group, largest saving first, with stable ids', () => {
    const a = pod();
    const b = pod({ podId: 'pod-b', podName: 'chat-b' });
    b.totals.prefixCacheHits = 6_000_000;
    const recs = servingRecommendations({ pods: [a, b], groupPeaks: new Map([['p1~m7b~r1', { outputTokensPerSecond: 900, kvCacheGiB: 30 }]]), catalog, benchmarks });
    expect(recs.map((r) => r.id)).toEqual(['srec-fewer-replicas-p1~m7b~r1', 'srec-cheaper-gpu-pod-a', 'srec-cheaper-gpu-pod-b', 'srec-prefix-cache-pod-a']);
    for (let i = 1; i < recs.length; i++) expect(recs[i]!.monthlySavingsCents).toBeLessThanOrEqual(recs[i - 1]!.monthlySavingsCents);
  });

  it('projects the share of the window a pod ran onto a month', () => {
    expect(monthlyRunningMs({ runningMs: WEEK_MS / 2, observedMs: WEEK_MS })).toBe(360 * 3_600_000);
    expect(monthlyRunningMs({ runningMs: 0, observedMs: 0 })).toBe(0);
  });
});
