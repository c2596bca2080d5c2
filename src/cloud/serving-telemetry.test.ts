import { describe, expect, it } from 'vitest';
import { MS_PER_DAY, MS_PER_HOUR } from '../domain/units';
import { histogramQuantile, TTFT_BUCKETS_SECONDS } from '../domain/inference-economics';
import { gpuTypes } from './catalog-data';
import { runningIntervals } from './lifecycle';
import type { Pod } from './model';
import { forEachServingPeriod, isServingPod, latencyAt, lognormalShares, peakOutputTokensPerSecond, servingModelOf, servingPeriod, servingProfileOf, servingTotals, SERVING_MODELS } from './serving-telemetry';
import { gpuSample, SAMPLE_PERIOD_MS } from './telemetry';
import { DEFAULT_ANCHOR_MS, generateWorld } from './world';

const world = generateWorld();
const gpuOf = (pod: Pod) => gpuTypes.find((g) => g.id === pod.gpuTypeId)!;
const h100 = gpuTypes.find((g) => g.id === 'h100-sxm')!;
const l4 = gpuTypes.find((g) => g.id === 'l4')!;

describe('serving pods and their models', () => {
  it('the inference archetypes serve a model that fits one GPU; the others serve none', () => {
    const serving = world.pods.filter(isServingPod);
    expect(serving.length).toBeGreaterThan(5);
    expect(new Set(serving.map((p) => p.archetype))).toEqual(new Set(['inference', 'small-model']));
    for (const pod of serving) {
      const model = servingModelOf(pod, gpuOf(pod))!;
      expect(model.weightsGB).toBeLessThanOrEqual(gpuOf(pod).vramGiB * 0.85);
      if (pod.archetype === 'small-model') expect(model.sizeClass).toBe('small');
    }
    for (const pod of world.pods.filter((p) => !isServingPod(p))) expect(servingModelOf(pod, gpuOf(pod))).toBeNull();
  });

  it('a pod named after its model serves it, and the choice is stable', () => {
    const pod = { archetype: 'small-model' as const, name: 'li-mistral-7b-3', seed: 12345 };
    expect(servingModelOf(pod, h100)?.name).toBe('Mistral 7B Instruct v0.3');
    expect(servingModelOf({ ...pod, name: 'li-qwen-7b-3' }, h100)?.name).toBe('Qwen 2.5 7B Instruct');
    const inference = { archetype: 'inference' as const, name: 'li-serve-4', seed: 777 };
    expect(servingModelOf(inference, l4)).toEqual(servingModelOf(inference, l4));
    // 71 GB of 70B weights never land on a 24 GB L4.
    for (let seed = 0; seed < 200; seed++) expect(servingModelOf({ ...inference, seed }, l4)?.sizeClass).toBe('small');
    expect(SERVING_MODELS.map((m) => m.id)).toContain('llama-3.3-70b-instruct-fp8');
  });

  it('takes its peak throughput from the dated table: the published H100 SXM figure, a labelled estimate for L4', () => {
    expect(peakOutputTokensPerSecond('h100-sxm')).toBe(3400);
    expect(peakOutputTokensPerSecond('a100-80-sxm')).toBe(1517);
    expect(peakOutputTokensPerSecond('l4')).toBe(304);
  });
});

describe('serving on a MIG slice', () => {
  const whole = { archetype: 'small-model' as const, name: 'mistral-chat', seed: 77, gpuTypeId: 'h100-sxm' };

  it('serves with the slice’s share of the GPU: g/7 of its throughput, and slower tokens on its share of the bandwidth', () => {
    const onGpu = servingProfileOf(whole, h100)!;
    const onSlice = servingProfileOf({ ...whole, migProfile: '3g.40gb' }, h100)!;
    expect(onSlice.model.id).toBe(onGpu.model.id);
    expect(onSlice.peakTokensPerSecond).toBeCloseTo((onGpu.peakTokensPerSecond * 3) / 7, 6);
    // 40 of 80 GB: half the memory bandwidth, twice the inter-token latency at no load.
    expect(onSlice.itlBaseSeconds).toBeCloseTo(onGpu.itlBaseSeconds * 2, 9);
    const busy = { DCGM_FI_PROF_GR_ENGINE_ACTIVE: 1, DCGM_FI_PROF_SM_ACTIVE: 0.6 };
    const t = DEFAULT_ANCHOR_MS - MS_PER_HOUR;
    const a = servingPeriod(onGpu, 0, t, SAMPLE_PERIOD_MS, busy).generationTokens;
    const b = servingPeriod(onSlice, 0, t, SAMPLE_PERIOD_MS, busy).generationTokens;
    expect(b / a).toBeCloseTo(3 / 7, 2);
  });

  it('serves no model on a slice too small to hold one (16 GB of weights need 2g.20gb or more)', () => {
    expect(servingModelOf({ ...whole, migProfile: '1g.10gb' }, h100)).toBeNull();
    expect(servingModelOf({ ...whole, migProfile: '2g.20gb' }, h100)?.id).toBe('mistral-7b-instruct-v0.3');
  });
});

describe('serving figures per period', () => {
  const pod = { archetype: 'inference' as const, name: 'sam-serve-1', seed: 4242, gpuTypeId: 'h100-sxm' };
  const profile = servingProfileOf(pod, h100)!;
  const t = DEFAULT_ANCHOR_MS - 3 * MS_PER_HOUR;
  const busy = (sm: number) => ({ DCGM_FI_PROF_GR_ENGINE_ACTIVE: Math.min(1, sm / 0.6), DCGM_FI_PROF_SM_ACTIVE: sm });

  it('counts nothing when the GPU is idle, unobserved or not running', () => {
    expect(servingPeriod(profile, 0, t, SAMPLE_PERIOD_MS, null)).toMatchObject({ generationTokens: 0, promptTokens: 0, requests: 0 });
    expect(servingPeriod(profile, 0, t, SAMPLE_PERIOD_MS, { DCGM_FI_PROF_GR_ENGINE_ACTIVE: 0.01, DCGM_FI_PROF_SM_ACTIVE: 0.005 })).toMatchObject({ generationTokens: 0, requests: 0 });
    expect(servingPeriod(profile, 0, t, 0, busy(0.5)).generationTokens).toBe(0);
  });

  it('counts more tokens the busier the GPU, up to the peak, and the same on every call', () => {
    let before = -1;
    for (const sm of [0.05, 0.1, 0.2, 0.3, 0.45, 0.6]) {
      const p = servingPeriod(profile, 0, t, SAMPLE_PERIOD_MS, busy(sm));
      expect(p.generationTokens).toBeGreaterThan(before);
      expect(p.generationTokens).toBeLessThanOrEqual(profile.peakTokensPerSecond * 300 * 1.05);
      expect(servingPeriod(profile, 0, t, SAMPLE_PERIOD_MS, busy(sm))).toEqual(p);
      before = p.generationTokens;
    }
  });

  it('keeps its counters consistent: histograms count requests and output tokens after the first, hits within queries', () => {
    const p = servingPeriod(profile, 0, t, SAMPLE_PERIOD_MS, busy(0.4));
    expect(p.requests).toBe(Math.round(p.generationTokens / profile.meanOutputTokens));
    expect(p.ttftBuckets.at(-1)).toBe(p.requests);
    expect(p.itlBuckets.at(-1)).toBe(p.generationTokens - p.requests);
    for (const h of [p.ttftBuckets, p.itlBuckets]) for (let i = 1; i < h.length; i++) expect(h[i]!).toBeGreaterThanOrEqual(h[i - 1]!);
    expect(p.prefixCacheQueries).toBe(p.promptTokens);
    expect(p.prefixCacheHits).toBeLessThanOrEqual(p.prefixCacheQueries);
    expect(p.kvCacheUsage).toBeGreaterThan(0);
    expect(p.kvCacheUsage).toBeLessThanOrEqual(1);
  });

  it('delivers slower first tokens under load, and its histograms give back the median it was drawn from', () => {
    const low = latencyAt(profile, 0.1);
    const high = latencyAt(profile, 1);
    expect(high.ttftP50).toBeGreaterThan(low.ttftP50);
    expect(high.ttftP95).toBeGreaterThan(high.ttftP50);
    const shares = lognormalShares(TTFT_BUCKETS_SECONDS, 0.3, 0.9);
    const cumulative = [...shares.map((s) => Math.round(s * 100_000)), 100_000];
    // Within the bucket 0.25-0.5 s that holds it (linear interpolation, as Prometheus reads it).
    expect(histogramQuantile(TTFT_BUCKETS_SECONDS, cumulative, 0.5)).toBeGreaterThan(0.25);
    expect(histogramQuantile(TTFT_BUCKETS_SECONDS, cumulative, 0.5)).toBeLessThan(0.5);
  });
});

describe('a serving pod over a window', () => {
  it('counts tokens while it runs and none while it is stopped', () => {
    const stopped = world.pods.find((p) => isServingPod(p) && p.transitions.at(-1)?.status === 'stopped')!;
    expect(stopped).toBeDefined();
    const gpu = gpuOf(stopped);
    const stopAt = stopped.transitions.at(-1)!.atMs;
    const after = servingTotals(stopped, gpu, stopAt, stopAt + MS_PER_DAY, gpuSample)!;
    expect(after.generationTokens).toBe(0);
    expect(after.kvGpuSeconds).toBe(0);
    const run = runningIntervals(stopped, 0, stopAt)[0]!;
    const during = servingTotals(stopped, gpu, run.startMs, Math.min(run.endMs, run.startMs + MS_PER_DAY), gpuSample)!;
    expect(during.generationTokens).toBeGreaterThan(0);
    expect(during.promptTokens).toBeGreaterThan(0);
  });

  it('sums to the same totals however the window is cut', () => {
    const pod = world.pods.find((p) => p.archetype === 'inference' && runningIntervals(p, DEFAULT_ANCHOR_MS - 2 * MS_PER_DAY, DEFAULT_ANCHOR_MS).length > 0)!;
    const gpu = gpuOf(pod);
    const from = DEFAULT_ANCHOR_MS - 2 * MS_PER_DAY;
    const whole = servingTotals(pod, gpu, from, DEFAULT_ANCHOR_MS, gpuSample)!;
    const a = servingTotals(pod, gpu, from, from + MS_PER_DAY + 7 * MS_PER_HOUR, gpuSample)!;
    const b = servingTotals(pod, gpu, from + MS_PER_DAY + 7 * MS_PER_HOUR, DEFAULT_ANCHOR_MS, gpuSample)!;
    expect(a.generationTokens + b.generationTokens).toBe(whole.generationTokens);
    expect(a.promptTokens + b.promptTokens).toBe(whole.promptTokens);
    expect(a.requests + b.requests).toBe(whole.requests);
    expect(a.ttftBuckets.map((x, i) => x + b.ttftBuckets[i]!)).toEqual(whole.ttftBuckets);
  });

  it('its totals are the sum of the per-period counters an exporter would publish', () => {
    const pod = world.pods.find((p) => p.archetype === 'inference' && p.gpuCount > 1 && runningIntervals(p, DEFAULT_ANCHOR_MS - MS_PER_DAY, DEFAULT_ANCHOR_MS).length > 0) ?? world.pods.find(isServingPod)!;
    const gpu = gpuOf(pod);
    const from = DEFAULT_ANCHOR_MS - MS_PER_DAY;
    const total = servingTotals(pod, gpu, from, DEFAULT_ANCHOR_MS, gpuSample)!;
    let generation = 0;
    let prompt = 0;
    let hits = 0;
    const ttft = new Array<number>(total.ttftBuckets.length).fill(0);
    forEachServingPeriod(pod, gpu, from, DEFAULT_ANCHOR_MS, gpuSample, (_ps, _g, _ms, p) => {
      generation += p.generationTokens;
      prompt += p.promptTokens;
      hits += p.prefixCacheHits;
      p.ttftBuckets.forEach((c, i) => (ttft[i] = ttft[i]! + c));
    });
    expect(generation).toBeGreaterThan(0);
    expect([generation, prompt, hits, ttft]).toEqual([total.generationTokens, total.promptTokens, total.prefixCacheHits, total.ttftBuckets]);
  });

  it('reads the request’s sampler: a store without samples gives no tokens', () => {
    const pod = world.pods.find((p) => p.archetype === 'inference' && runningIntervals(p, DEFAULT_ANCHOR_MS - MS_PER_DAY, DEFAULT_ANCHOR_MS).length > 0)!;
    const none = servingTotals(pod, gpuOf(pod), DEFAULT_ANCHOR_MS - MS_PER_DAY, DEFAULT_ANCHOR_MS, () => null)!;
    expect(none.generationTokens).toBe(0);
    expect(none.kvGpuSeconds).toBe(0);
  });
});
