import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gpuTypes, offers, regions } from '../../cloud/catalog-data';
import type { PodObservation } from '../observation';
import { MS_PER_DAY } from '../units';
import { basisMonthlyCostCents, initialBasis } from './basis';
import { commitmentRecommendation } from './commitment';
import { bySavings, podRecommendations } from './pod-recommendations';
import { DEFAULT_RECOMMENDATION_SETTINGS } from './settings';
import { POD_KIND_ORDER, type PodUnderReview, type RecommendationKind } from './types';

const catalog = { gpuTypes, offers, regions };
const T0 = Date.UTC(2026, 9, 19, 15);
const jurisdictionOf = (regionId: string) => regions.find((r) => r.id === regionId)?.jurisdiction;

/** Any pod the catalog could hold: an offered GPU type and region, an allowed count, its price. */
const podArb = fc
  .record({
    // Half the pods on a GPU sold in MIG slices, half of those on one GPU: the pods mig-slice is about.
    offer: fc.oneof(fc.constantFrom(...offers), fc.constantFrom(...offers.filter((o) => o.migSlices))),
    countIndex: fc.oneof(fc.nat(), fc.constant(0)),
    autoStop: fc.constantFrom(null, 30, 60, 120),
    diskGb: fc.constantFrom(100, 500),
  })
  .map(({ offer, countIndex, autoStop, diskGb }): PodUnderReview => {
    const type = gpuTypes.find((g) => g.id === offer.gpuTypeId)!;
    return {
      podId: `pod-${offer.gpuTypeId}-${offer.regionId}`,
      podName: 'prop-pod',
      projectId: 'p-vision',
      ownerId: 'u-ana',
      gpuTypeId: type.id,
      gpuCount: type.allowedCounts[countIndex % type.allowedCounts.length]!,
      regionId: offer.regionId,
      imageId: 'pytorch-2.9-cuda12.8',
      diskGb,
      sshPublicKey: 'ssh-ed25519 AAAA x@y',
      autoStopIdleMinutes: autoStop,
      rateMicroUsdPerGpuHour: offer.rateMicroUsdPerGpuHour,
    };
  });

/** Any telemetry summary for that pod: memory within its VRAM, activity 0-1, 0-30 days. */
const reviewArb = podArb.chain((pod) => {
  const vramMiB = gpuTypes.find((g) => g.id === pod.gpuTypeId)!.vramGiB * 1024;
  // Biased towards what recommendations are about: small models, idle GPUs, quiet nights.
  const gpu = fc.record({
    // A tenth of an 80 GB GPU's memory or less: a model a MIG slice could hold.
    peakMemMiB: fc.oneof(fc.integer({ min: 0, max: Math.floor(vramMiB / 10) }), fc.integer({ min: 0, max: Math.floor(vramMiB / 4) }), fc.integer({ min: 0, max: vramMiB })),
    p95Share: fc.double({ min: 0, max: 1, noNaN: true }),
    p95SmActive: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.3, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
    p95TensorActive: fc.double({ min: 0, max: 1, noNaN: true }),
    idleShare: fc.double({ min: 0, max: 1, noNaN: true }),
  });
  return fc
    .record({
      gpus: fc.array(gpu, { minLength: pod.gpuCount, maxLength: pod.gpuCount }),
      days: fc.integer({ min: 0, max: 30 }),
      runningShare: fc.integer({ min: 0, max: 1000 }).map((x) => x / 1000),
      idle: fc.oneof(
        fc.array(fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }), { minLength: 168, maxLength: 168 }),
        fc.array(fc.constantFrom(null, 0, 0.2, 0.95, 1, 1, 1), { minLength: 168, maxLength: 168 }),
      ),
    })
    .map(({ gpus, days, runningShare, idle }) => {
      const windowMs = 30 * MS_PER_DAY;
      const runningMs = Math.round(windowMs * runningShare);
      const observation: PodObservation = {
        podId: pod.podId,
        fromMs: T0,
        toMs: T0 + windowMs,
        sampleMs: 300_000,
        daysObserved: days,
        idleShareByHourOfWeek: idle,
        gpus: gpus.map((g, i) => ({
          gpuIndex: i,
          runningMs,
          idleMs: Math.round(runningMs * g.idleShare),
          meanEngineActive: g.p95SmActive / 2,
          meanSmActive: g.p95SmActive / 2,
          peakMemMiB: g.peakMemMiB,
          p95MemMiB: Math.round(g.peakMemMiB * g.p95Share),
          p95SmActive: g.p95SmActive,
          p95TensorActive: g.p95TensorActive,
        })),
      };
      return { pod, observation };
    });
});

const setAsideArb = fc.subarray(POD_KIND_ORDER as RecommendationKind[]).map((k) => new Set(k));

describe('the rules every recommendation keeps', () => {
  it('never saves a negative amount, never costs more than today, and adds up to no more than the pod costs', () => {
    const seen = new Map<RecommendationKind, number>();
    fc.assert(
      fc.property(reviewArb, setAsideArb, ({ pod, observation }, setAside) => {
        const recs = podRecommendations({ pod, observation, catalog, setAside });
        const today = basisMonthlyCostCents(initialBasis(pod, gpuTypes.find((g) => g.id === pod.gpuTypeId)!, observation));
        let counted = 0;
        for (const r of recs) {
          expect(Number.isInteger(r.monthlySavingsCents)).toBe(true);
          expect(r.monthlySavingsCents).toBeGreaterThanOrEqual(0);
          expect(r.projectedMonthlyCostCents).toBeLessThanOrEqual(r.currentMonthlyCostCents);
          expect(r.monthlySavingsCents).toBe(r.currentMonthlyCostCents - r.projectedMonthlyCostCents);
          expect(r.currentMonthlyCostCents).toBeLessThanOrEqual(today);
          if (!setAside.has(r.kind)) counted += r.monthlySavingsCents;
          seen.set(r.kind, (seen.get(r.kind) ?? 0) + 1);
        }
        // The open changes of one pod, all applied, save at most what it costs.
        expect(counted).toBeLessThanOrEqual(today);
      }),
      { numRuns: 400 },
    );
    // The generated pods reach every kind, so the rules above are tested on each.
    for (const kind of POD_KIND_ORDER) expect(seen.get(kind) ?? 0, kind).toBeGreaterThan(5);
  });

  it('recommends only GPUs that hold the observed peak with the stated headroom', () => {
    fc.assert(
      fc.property(reviewArb, ({ pod, observation }) => {
        for (const r of podRecommendations({ pod, observation, catalog })) {
          if (r.evidence.kind !== 'gpu-tier') continue;
          const peak = Math.max(...observation.gpus.map((g) => g.peakMemMiB));
          const newType = gpuTypes.find((g) => g.id === r.to.gpuTypeId)!;
          expect(r.evidence.peakMemMiB).toBe(peak);
          expect(newType.vramGiB * 1024).toBeGreaterThanOrEqual(peak * DEFAULT_RECOMMENDATION_SETTINGS.memoryHeadroom);
          expect(r.evidence.headroom).toBeGreaterThanOrEqual(DEFAULT_RECOMMENDATION_SETTINGS.memoryHeadroom);
          expect(newType.allowedCounts).toContain(r.to.gpuCount);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never leaves the pod’s jurisdiction', () => {
    fc.assert(
      fc.property(reviewArb, ({ pod, observation }) => {
        for (const r of podRecommendations({ pod, observation, catalog })) {
          expect(jurisdictionOf(r.to.regionId)).toBe(jurisdictionOf(pod.regionId));
          if (r.action.type === 'launch') expect(jurisdictionOf(r.action.launch.regionId)).toBe(jurisdictionOf(pod.regionId));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same recommendations for the same telemetry, with ids fixed by pod and kind', () => {
    fc.assert(
      fc.property(reviewArb, ({ pod, observation }) => {
        const a = podRecommendations({ pod, observation, catalog });
        const b = podRecommendations({ pod: { ...pod }, observation: structuredClone(observation), catalog });
        expect(b).toEqual(a);
        expect(a.map((r) => r.id)).toEqual(a.map((r) => `rec-${r.kind}-${pod.podId}`));
        expect(new Set(a.map((r) => r.kind)).size).toBe(a.length);
      }),
      { numRuns: 200 },
    );
  });

  it('makes nothing from fewer days than the minimum', () => {
    fc.assert(
      fc.property(reviewArb, ({ pod, observation }) => {
        const recs = podRecommendations({ pod, observation, catalog });
        if (observation.daysObserved < DEFAULT_RECOMMENDATION_SETTINGS.minDaysObserved) expect(recs).toEqual([]);
        for (const r of recs) expect(r.confidence.daysObserved).toBeGreaterThanOrEqual(DEFAULT_RECOMMENDATION_SETTINGS.minDaysObserved);
      }),
      { numRuns: 200 },
    );
  });

  it('sorts by savings, biggest first, whatever order it is given', () => {
    fc.assert(
      fc.property(fc.array(reviewArb, { maxLength: 6 }), (reviews) => {
        const recs = reviews.flatMap((r, i) => podRecommendations({ pod: { ...r.pod, podId: `pod-${i}` }, observation: r.observation, catalog }));
        const sorted = [...recs].sort(bySavings);
        expect([...recs].reverse().sort(bySavings)).toEqual(sorted);
        for (let i = 1; i < sorted.length; i++) expect(sorted[i - 1]!.monthlySavingsCents).toBeGreaterThanOrEqual(sorted[i]!.monthlySavingsCents);
      }),
      { numRuns: 100 },
    );
  });

  it('commits only to a baseline that saves money, and never to more GPUs than 95% of the hours used', () => {
    const h100 = offers.find((o) => o.gpuTypeId === 'h100-sxm' && o.regionId === 'ca-mtl-1')!;
    // A steady base with some extra use on top and a few dips below it.
    const hourlyArb = fc
      .tuple(fc.integer({ min: 0, max: 8 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 99 }), fc.double({ min: 0, max: 3, noNaN: true })), { minLength: 720, maxLength: 720 }))
      .map(([base, hours]) => hours.map(([dice, x]) => (dice < 4 ? Math.max(0, base - x) : base + x)));
    let made = 0;
    fc.assert(
      fc.property(hourlyArb, (hourly) => {
        const input = {
          projectId: 'p',
          gpuTypeId: 'h100-sxm',
          regionId: 'ca-mtl-1',
          pods: [{ podId: 'pod-a', podName: 'a', ownerId: 'u-ana', rateMicroUsdPerGpuHour: h100.rateMicroUsdPerGpuHour }],
          windowStartMs: T0,
          hourlyGpusInUse: hourly,
          committedRateMicroUsdPerGpuHour: h100.committedRateMicroUsdPerGpuHour,
        };
        const r = commitmentRecommendation(input);
        expect(commitmentRecommendation(input)).toEqual(r);
        if (!r || r.evidence.kind !== 'commitment') return;
        made += 1;
        expect(r.monthlySavingsCents).toBeGreaterThan(0);
        expect(r.projectedMonthlyCostCents).toBeLessThan(r.currentMonthlyCostCents);
        const baseline = r.evidence.baselineGpus;
        expect(hourly.filter((u) => u >= baseline - 1e-9).length / hourly.length).toBeGreaterThanOrEqual(0.95);
      }),
      { numRuns: 200 },
    );
    expect(made).toBeGreaterThan(50);
  });
});
