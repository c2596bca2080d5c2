import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gpuTypes, offers } from '../../cloud/catalog-data';
import { gpuTflops } from '../catalog';
import { emptyServingTotals, histogramQuantile, TTFT_BUCKETS_SECONDS } from '../inference-economics';
import { costCentsForDuration } from '../money';
import { MS_PER_DAY } from '../units';
import { DEFAULT_SERVING_SETTINGS as SETTINGS, kvCacheGiB, modelThroughput, monthlyRunningMs, THROUGHPUT_BENCHMARKS } from './rules';
import { servingRecommendations } from './serving-recommendations';
import type { GroupPeak, ServingPodMeasured } from './types';

const catalog = { gpuTypes, offers };
/** Two regions and one project at most twice over: enough pods share a replica group to judge one. */
const OFFERS = offers.filter((o) => o.regionId === 'ca-mtl-1' || o.regionId === 'se-bod-1');
const MODELS = [
  { id: 'llama-8b', name: 'Llama 8B', weightsGB: 16, throughputFactor: 1 },
  { id: 'llama-70b', name: 'Llama 70B', weightsGB: 71, throughputFactor: 0.14 },
];

/** Any serving pod the catalog could hold: an offered GPU type and region, an allowed count, any traffic and latency. */
const podArb = (i: number) =>
  fc
    .record({
      offer: fc.constantFrom(...OFFERS),
      countIndex: fc.nat(),
      model: fc.constantFrom(...MODELS),
      project: fc.constantFrom('p1', 'p1', 'p2'),
      // Observations per TTFT bucket (vLLM's bounds), then the +Inf bucket's extra.
      buckets: fc.array(fc.nat({ max: 400 }), { minLength: TTFT_BUCKETS_SECONDS.length + 1, maxLength: TTFT_BUCKETS_SECONDS.length + 1 }),
      promptPerRequest: fc.integer({ min: 50, max: 4000 }),
      hitPercent: fc.integer({ min: 0, max: 95 }),
      generationTokens: fc.integer({ min: 0, max: 50_000_000 }),
      peak: fc.double({ min: 0, max: 6000, noNaN: true }),
      days: fc.integer({ min: 0, max: 30 }),
      runningPercent: fc.integer({ min: 0, max: 100 }),
      spendCents: fc.integer({ min: 0, max: 2_000_000 }),
      inputPercent: fc.integer({ min: 0, max: 100 }),
      runningNow: fc.boolean(),
    })
    .map((r): ServingPodMeasured => {
      const type = gpuTypes.find((g) => g.id === r.offer.gpuTypeId)!;
      const cumulative: number[] = [];
      r.buckets.reduce((a, n) => (cumulative.push(a + n), a + n), 0);
      const requests = cumulative[cumulative.length - 1]!;
      const promptTokens = requests * r.promptPerRequest;
      const hits = Math.floor((promptTokens * r.hitPercent) / 100);
      const observedMs = r.days * MS_PER_DAY;
      return {
        podId: `pod-${i}`,
        podName: `serve-${i}`,
        projectId: r.project,
        regionId: r.offer.regionId,
        model: r.model,
        gpuTypeId: type.id,
        gpuCount: type.allowedCounts[r.countIndex % type.allowedCounts.length]!,
        rateMicroUsdPerGpuHour: r.offer.rateMicroUsdPerGpuHour,
        runningNow: r.runningNow,
        totals: { ...emptyServingTotals(), promptTokens, generationTokens: r.generationTokens, requests, prefixCacheQueries: promptTokens, prefixCacheHits: hits, ttftBuckets: cumulative },
        spendCents: r.spendCents,
        inputSpendCents: Math.round((r.spendCents * r.inputPercent) / 100),
        runningMs: Math.round((observedMs * r.runningPercent) / 100),
        observedMs,
        peakOutputTokensPerSecond: r.peak,
      };
    });

const reviewArb = fc
  .integer({ min: 1, max: 8 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => podArb(i))))
  .chain((pods) =>
    fc.record({
      pods: fc.constant(pods),
      peaks: fc.array(fc.record({ tps: fc.double({ min: 0, max: 20_000, noNaN: true }), kv: fc.double({ min: 0, max: 600, noNaN: true }) }), { minLength: 4, maxLength: 4 }),
    }),
  )
  .map(({ pods, peaks }) => {
    const keys = [...new Set(pods.map((p) => `${p.projectId}~${p.model.id}~${p.regionId}`))];
    const groupPeaks = new Map<string, GroupPeak>(keys.map((k, i) => [k, { outputTokensPerSecond: peaks[i % 4]!.tps, kvCacheGiB: peaks[i % 4]!.kv }]));
    return { pods, groupPeaks };
  });

const capOf = (gpuTypeId: string, pod: ServingPodMeasured) => modelThroughput(THROUGHPUT_BENCHMARKS, gpuTypeId, pod.model)!;

describe('serving recommendations, for any fleet', () => {
  it('never propose a GPU whose expected latency would break the pod’s observed p95, and say where the expectation comes from', () => {
    fc.assert(
      fc.property(reviewArb, ({ pods, groupPeaks }) => {
        for (const rec of servingRecommendations({ pods, groupPeaks, catalog })) {
          if (rec.evidence.kind !== 'cheaper-gpu') continue;
          const e = rec.evidence;
          const pod = pods.find((p) => p.podId === rec.podIds[0])!;
          // The observed p95 is the pod's own histogram's, and the expected one is at most it.
          const observed = histogramQuantile(TTFT_BUCKETS_SECONDS, pod.totals.ttftBuckets, 0.95)!;
          expect(e.ttftP95Seconds).toBeCloseTo(observed, 4);
          expect(e.expectedTtftP95Seconds).toBeLessThanOrEqual(e.ttftP95Seconds);
          expect(e.toGpuTypeId).not.toBe(e.fromGpuTypeId);
          expect(pod.runningNow).toBe(true);
          const from = gpuTypes.find((g) => g.id === e.fromGpuTypeId)!;
          const to = gpuTypes.find((g) => g.id === e.toGpuTypeId)!;
          expect(to.allowedCounts).toContain(e.toGpuCount);
          expect(pod.model.weightsGB).toBeLessThanOrEqual(SETTINGS.maxWeightsShare * to.vramGiB);
          if (e.expectedSource === 'benchmark') {
            // Enough target GPUs that the peak load is no higher, and the per-GPU slowdown is the slower of the two ratios.
            expect(e.toGpuCount * capOf(to.id, pod)).toBeGreaterThanOrEqual(e.fromGpuCount * capOf(from.id, pod) - 1e-9);
            const factor = Math.max(capOf(from.id, pod) / capOf(to.id, pod), gpuTflops(from) / gpuTflops(to));
            expect(e.expectedTtftP95Seconds).toBeCloseTo(observed * factor, 3);
            expect(e.measured).toBeNull();
          } else {
            // The org's own pods of the model on the target, at least as busy as the pod would be there.
            expect(e.measured!.ttftP95Seconds).toBe(e.expectedTtftP95Seconds);
            expect(e.measured!.peakLoad).toBeGreaterThanOrEqual(e.peakLoadOnTarget - 0.001);
            expect(e.measured!.meanUncachedPromptTokens).toBeGreaterThanOrEqual(e.meanUncachedPromptTokens - 1);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('save exactly current − projected, each a month of the pods’ GPUs as billing rounds it, and at least the minimum', () => {
    fc.assert(
      fc.property(reviewArb, ({ pods, groupPeaks }) => {
        const recs = servingRecommendations({ pods, groupPeaks, catalog });
        expect(new Set(recs.map((r) => r.id)).size).toBe(recs.length);
        for (let i = 1; i < recs.length; i++) expect(recs[i]!.monthlySavingsCents).toBeLessThanOrEqual(recs[i - 1]!.monthlySavingsCents);
        for (const rec of recs) {
          expect(Number.isInteger(rec.monthlySavingsCents)).toBe(true);
          expect(rec.monthlySavingsCents).toBe(rec.currentMonthlyCostCents - rec.projectedMonthlyCostCents);
          expect(rec.monthlySavingsCents).toBeGreaterThanOrEqual(SETTINGS.minMonthlySavingsCents);
          const members = rec.podIds.map((id) => pods.find((p) => p.podId === id)!);
          const monthOf = (p: ServingPodMeasured, count: number) => costCentsForDuration(p.rateMicroUsdPerGpuHour * count, monthlyRunningMs(p));
          expect(rec.currentMonthlyCostCents).toBe(members.reduce((a, p) => a + monthOf(p, p.gpuCount), 0));
          const e = rec.evidence;
          if (e.kind === 'cheaper-gpu') expect(rec.projectedMonthlyCostCents).toBe(costCentsForDuration(e.toRateMicroUsdPerGpuHour * e.toGpuCount, monthlyRunningMs(members[0]!)));
          if (e.kind === 'fewer-replicas') expect(rec.projectedMonthlyCostCents).toBe(e.pods.reduce((a, c) => a + monthOf(members.find((p) => p.podId === c.podId)!, c.gpuCountAfter), 0));
          if (e.kind === 'prefix-cache') {
            // Never more than the GPU time counted as prefill.
            const pod = members[0]!;
            expect(rec.monthlySavingsCents).toBeLessThanOrEqual(Math.ceil((rec.currentMonthlyCostCents * pod.inputSpendCents) / pod.spendCents));
            expect(e.hitRateNow).toBeLessThanOrEqual(SETTINGS.lowPrefixHitRate);
            expect(e.targetHitRate - e.hitRateNow).toBeGreaterThanOrEqual(SETTINGS.minPrefixHitRateGap - 0.001);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('propose fewer replicas only where the peak fits in the margin on what is left, and never when no GPU could go', () => {
    fc.assert(
      fc.property(reviewArb, ({ pods, groupPeaks }) => {
        const recs = servingRecommendations({ pods, groupPeaks, catalog });
        for (const [key, peak] of groupPeaks) {
          const running = pods.filter((p) => `${p.projectId}~${p.model.id}~${p.regionId}` === key && p.runningNow);
          const capacity = running.reduce((a, p) => a + capOf(p.gpuTypeId, p) * p.gpuCount, 0);
          const kv = running.reduce((a, p) => a + kvCacheGiB(gpuTypes.find((g) => g.id === p.gpuTypeId)!, p.model) * p.gpuCount, 0);
          const rec = recs.find((r) => r.id === `srec-fewer-replicas-${key}`);
          // Without the headroom of its smallest GPU, nothing can go.
          const smallest = Math.min(...running.map((p) => capOf(p.gpuTypeId, p)));
          if (peak.outputTokensPerSecond > SETTINGS.maxReplicaUtilization * (capacity - smallest)) expect(rec).toBeUndefined();
          if (!rec || rec.evidence.kind !== 'fewer-replicas') continue;
          const after = rec.evidence.pods.reduce((a, c) => a + capOf(c.gpuTypeId, running.find((p) => p.podId === c.podId)!) * c.gpuCountAfter, 0);
          const kvAfter = rec.evidence.pods.reduce((a, c) => a + kvCacheGiB(gpuTypes.find((g) => g.id === c.gpuTypeId)!, running.find((p) => p.podId === c.podId)!.model) * c.gpuCountAfter, 0);
          expect(peak.outputTokensPerSecond).toBeLessThanOrEqual(SETTINGS.maxReplicaUtilization * after + 1e-9);
          expect(peak.kvCacheGiB).toBeLessThanOrEqual(SETTINGS.maxReplicaUtilization * kvAfter + 1e-9);
          expect(rec.evidence.replicasAfter).toBeLessThan(rec.evidence.replicasNow);
          expect(after).toBeLessThan(capacity);
          expect(kvAfter).toBeLessThanOrEqual(kv);
          for (const c of rec.evidence.pods) {
            const type = gpuTypes.find((g) => g.id === c.gpuTypeId)!;
            expect(c.gpuCountAfter === 0 || type.allowedCounts.includes(c.gpuCountAfter)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
