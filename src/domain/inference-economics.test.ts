import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addServingUsage,
  emptyServingTotals,
  emptyServingUsage,
  groupUsage,
  histogramQuantile,
  HOSTED_PRICES,
  hostedComparisons,
  hostedCostCents,
  inferenceFigures,
  ITL_BUCKETS_SECONDS,
  microUsdPerMillionTokens,
  OUTPUT_TOKEN_WEIGHT,
  servingUsage,
  splitSpend,
  tokensPerSecondPerDollarHour,
  TTFT_BUCKETS_SECONDS,
  type ServingTotals,
} from './inference-economics';

function totals(promptTokens: number, generationTokens: number, extra: Partial<ServingTotals> = {}): ServingTotals {
  return { ...emptyServingTotals(), promptTokens, generationTokens, ...extra };
}

describe('cost per million tokens, by hand', () => {
  it('a pod with 10M prompt and 2.5M generated tokens on $12.34 of GPU spend', () => {
    // Weights 10,000,000 : 4 × 2,500,000 = 1 : 1, so $6.17 each.
    expect(OUTPUT_TOKEN_WEIGHT).toBe(4);
    const u = servingUsage(totals(10_000_000, 2_500_000, { requests: 10_000 }), 1234, 36_000);
    expect(u.inputSpendCents).toBe(617);
    expect(u.outputSpendCents).toBe(617);
    const f = inferenceFigures(u);
    // 617 ¢ ÷ 10M × 10^6 = 61.7 ¢ = $0.617 per million input tokens.
    expect(f.inputMicroUsdPerMillionTokens).toBe(617_000);
    // 617 ¢ ÷ 2.5M × 10^6 = 246.8 ¢ = $2.468 per million output tokens.
    expect(f.outputMicroUsdPerMillionTokens).toBe(2_468_000);
    // 1,234 ¢ ÷ 12.5M × 10^6 = 98.72 ¢ = $0.9872 per million tokens.
    expect(f.blendedMicroUsdPerMillionTokens).toBe(987_200);
    // 2,500,000 output tokens ÷ (3,600 × $12.34) = 56.276 tokens/s per dollar-hour.
    expect(f.outputTokensPerSecondPerDollarHour).toBe(56.276);
    // 2,500,000 ÷ 36,000 GPU-seconds.
    expect(f.outputTokensPerGpuSecond).toBe(69.44);
  });

  it('splits to the cent with the largest remainder: $10.00 over 3 prompt and 1 generated token', () => {
    // 1,000 × 3/7 = 428.57 and 1,000 × 4/7 = 571.43: the cent left goes to the larger remainder.
    expect(splitSpend(1000, 3, 1)).toEqual({ inputCents: 429, outputCents: 571 });
    expect(splitSpend(1001, 3, 1)).toEqual({ inputCents: 429, outputCents: 572 });
    expect(splitSpend(500, 1_000, 0)).toEqual({ inputCents: 500, outputCents: 0 });
  });

  it('rounds micro-dollars half up, exactly, with no float drift', () => {
    expect(microUsdPerMillionTokens(1, 3)).toBe(3_333_333_333);
    expect(microUsdPerMillionTokens(1, 4_000_000_000)).toBe(3); // 2.5 → 3
    // 123,456,789 ¢ × 10^10 ÷ 987,654,321,987 = 1,249,999.987…: half up, 1,250,000.
    expect(microUsdPerMillionTokens(123_456_789, 987_654_321_987)).toBe(1_250_000);
  });

  it('answers null, never Infinity or NaN, with no tokens or no spend', () => {
    const f = inferenceFigures(servingUsage(emptyServingTotals(), 250, 3600));
    expect(f.inputMicroUsdPerMillionTokens).toBeNull();
    expect(f.outputMicroUsdPerMillionTokens).toBeNull();
    expect(f.blendedMicroUsdPerMillionTokens).toBeNull();
    expect(f.ttftP50Seconds).toBeNull();
    expect(f.kvCacheUsage).toBeNull();
    expect(f.prefixCacheHitRate).toBeNull();
    // Spend with no tokens still splits (1 : 4), so every level above adds up to its spend.
    expect([f.inputSpendCents, f.outputSpendCents]).toEqual([50, 200]);
    expect(tokensPerSecondPerDollarHour(1000, 0)).toBeNull();
    expect(inferenceFigures(emptyServingUsage()).outputTokensPerGpuSecond).toBeNull();
  });

  it('prices the same tokens at a hosted list price: 10M in and 2.5M out at $0.05/$0.08 is $0.70', () => {
    const groq = HOSTED_PRICES.find((p) => p.id === 'groq-llama-3.1-8b-instant')!;
    expect(groq).toMatchObject({ microUsdPer1MInputTokens: 50_000, microUsdPer1MOutputTokens: 80_000, date: '2026-06-10' });
    expect(hostedCostCents(groq, 10_000_000, 2_500_000)).toBe(70);
    expect(hostedComparisons('large', 1_000_000, 0).every((h) => h.comparableTo === 'large')).toBe(true);
    expect(HOSTED_PRICES.every((p) => /^\d{4}-\d{2}-\d{2}$/.test(p.date) && p.source.length > 0)).toBe(true);
  });
});

describe('latency percentiles from vLLM histograms', () => {
  it('reads a quantile as histogram_quantile does: linear inside its bucket', () => {
    const bounds = [1, 2, 4];
    const cumulative = [10, 30, 40, 40];
    expect(histogramQuantile(bounds, cumulative, 0.5)).toBe(1.5);
    expect(histogramQuantile(bounds, cumulative, 0.95)).toBeCloseTo(3.6, 10);
    expect(histogramQuantile(bounds, cumulative, 0.1)).toBeCloseTo(0.4, 10);
    expect(histogramQuantile(bounds, [0, 0, 0, 0], 0.5)).toBeNull();
    // All in +Inf: the highest finite bound.
    expect(histogramQuantile(bounds, [0, 0, 0, 5], 0.5)).toBe(4);
  });

  it('uses vLLM’s default bucket bounds', () => {
    expect(TTFT_BUCKETS_SECONDS).toHaveLength(22);
    expect(TTFT_BUCKETS_SECONDS[0]).toBe(0.001);
    expect(ITL_BUCKETS_SECONDS).toHaveLength(19);
    expect(ITL_BUCKETS_SECONDS.at(-1)).toBe(80);
  });
});

const arbTotals = fc
  .record({
    promptTokens: fc.integer({ min: 0, max: 5_000_000_000 }),
    generationTokens: fc.integer({ min: 0, max: 2_000_000_000 }),
    requests: fc.integer({ min: 0, max: 10_000_000 }),
    hits: fc.integer({ min: 0, max: 1000 }),
    kv: fc.integer({ min: 0, max: 1000 }),
    kvSeconds: fc.integer({ min: 0, max: 1_000_000 }),
    ttft: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: TTFT_BUCKETS_SECONDS.length + 1, maxLength: TTFT_BUCKETS_SECONDS.length + 1 }),
  })
  .map((r): ServingTotals => {
    const ttftBuckets: number[] = [];
    let c = 0;
    for (const x of r.ttft) ttftBuckets.push((c += x));
    return {
      ...emptyServingTotals(),
      promptTokens: r.promptTokens,
      generationTokens: r.generationTokens,
      requests: r.requests,
      prefixCacheQueries: r.promptTokens,
      prefixCacheHits: Math.floor((r.promptTokens * r.hits) / 1000),
      kvUsageGpuSeconds: Math.floor((r.kv * r.kvSeconds) / 1000),
      kvGpuSeconds: r.kvSeconds,
      ttftBuckets,
    };
  });
const arbPod = fc.record({ totals: arbTotals, spendCents: fc.integer({ min: 0, max: 50_000_000 }), gpuSeconds: fc.integer({ min: 0, max: 8_000_000 }), group: fc.constantFrom('a', 'b', 'c') });

describe('properties', () => {
  it('splitting input and output always sums to the spend, in whole non-negative cents', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.nat(), fc.nat(), (spend, prompt, gen) => {
        const { inputCents, outputCents } = splitSpend(spend, prompt, gen);
        expect(Number.isInteger(inputCents) && Number.isInteger(outputCents)).toBe(true);
        expect(inputCents).toBeGreaterThanOrEqual(0);
        expect(outputCents).toBeGreaterThanOrEqual(0);
        expect(inputCents + outputCents).toBe(spend);
        if (gen === 0 && prompt > 0) expect(inputCents).toBe(spend);
      }),
    );
  });

  it('totals over pods equal the whole, whatever the grouping, and every level splits to its spend', () => {
    fc.assert(
      fc.property(fc.array(arbPod, { minLength: 0, maxLength: 12 }), (pods) => {
        const usages = pods.map((p) => ({ group: p.group, usage: servingUsage(p.totals, p.spendCents, p.gpuSeconds) }));
        const whole = emptyServingUsage();
        for (const u of usages) addServingUsage(whole, u.usage);
        const groups = groupUsage(usages, (u) => u.group, (u) => u.usage);
        const regrouped = emptyServingUsage();
        for (const g of groups.values()) {
          expect(g.inputSpendCents + g.outputSpendCents).toBe(g.spendCents);
          addServingUsage(regrouped, g);
        }
        expect(regrouped).toEqual(whole);
        expect(whole.spendCents).toBe(pods.reduce((a, p) => a + p.spendCents, 0));
        expect(whole.totals.promptTokens).toBe(pods.reduce((a, p) => a + p.totals.promptTokens, 0));
        expect(whole.totals.generationTokens).toBe(pods.reduce((a, p) => a + p.totals.generationTokens, 0));
        expect(whole.inputSpendCents + whole.outputSpendCents).toBe(whole.spendCents);
      }),
    );
  });

  it('figures are finite or null, never Infinity or NaN; zero tokens give null costs', () => {
    fc.assert(
      fc.property(arbPod, (p) => {
        const f = inferenceFigures(servingUsage(p.totals, p.spendCents, p.gpuSeconds));
        for (const [k, v] of Object.entries(f)) {
          if (v !== null) expect(Number.isFinite(v), k).toBe(true);
        }
        if (p.totals.promptTokens === 0) expect(f.inputMicroUsdPerMillionTokens).toBeNull();
        if (p.totals.generationTokens === 0) expect(f.outputMicroUsdPerMillionTokens).toBeNull();
        if (p.totals.promptTokens + p.totals.generationTokens === 0) expect(f.blendedMicroUsdPerMillionTokens).toBeNull();
        for (const k of ['inputMicroUsdPerMillionTokens', 'outputMicroUsdPerMillionTokens', 'blendedMicroUsdPerMillionTokens'] as const) {
          const v = f[k];
          if (v !== null) expect(Number.isInteger(v) && v >= 0).toBe(true);
        }
      }),
    );
  });

  it('the blended cost lies between the input and output costs (within a micro-dollar of rounding)', () => {
    fc.assert(
      fc.property(arbPod, (p) => {
        fc.pre(p.totals.promptTokens > 0 && p.totals.generationTokens > 0);
        const f = inferenceFigures(servingUsage(p.totals, p.spendCents, p.gpuSeconds));
        const lo = Math.min(f.inputMicroUsdPerMillionTokens!, f.outputMicroUsdPerMillionTokens!);
        const hi = Math.max(f.inputMicroUsdPerMillionTokens!, f.outputMicroUsdPerMillionTokens!);
        expect(f.blendedMicroUsdPerMillionTokens!).toBeGreaterThanOrEqual(lo - 1);
        expect(f.blendedMicroUsdPerMillionTokens!).toBeLessThanOrEqual(hi + 1);
      }),
    );
  });

  it('quantiles rise with q and stay within the bounds', () => {
    fc.assert(
      fc.property(arbTotals, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (t, a, b) => {
        const [q1, q2] = a <= b ? [a, b] : [b, a];
        const v1 = histogramQuantile(TTFT_BUCKETS_SECONDS, t.ttftBuckets, q1);
        const v2 = histogramQuantile(TTFT_BUCKETS_SECONDS, t.ttftBuckets, q2);
        if ((t.ttftBuckets.at(-1) ?? 0) === 0) return expect(v1).toBeNull();
        expect(v1!).toBeLessThanOrEqual(v2! + 1e-12);
        expect(v1!).toBeGreaterThanOrEqual(0);
        expect(v2!).toBeLessThanOrEqual(TTFT_BUCKETS_SECONDS.at(-1)!);
      }),
    );
  });
});
