import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gpuTypes, offers, regions } from '../../cloud/catalog-data';
import { gpuTflops } from '../catalog';
import { MIG_COMPUTE_SLICES } from '../mig';
import { costCentsForDuration } from '../money';
import type { GpuObservation, PodObservation } from '../observation';
import { MS_PER_DAY, MS_PER_HOUR } from '../units';
import { monthlyRunningMs } from './basis';
import { podRecommendations } from './pod-recommendations';
import { DEFAULT_RECOMMENDATION_SETTINGS } from './settings';
import type { MigSliceEvidence, PodUnderReview, Recommendation, RecommendationKind } from './types';

const catalog = { gpuTypes, offers, regions };
const GIB = 1024;
const T0 = Date.UTC(2026, 9, 19, 15);

function gpuObs(index: number, o: Partial<GpuObservation> = {}): GpuObservation {
  return {
    gpuIndex: index,
    runningMs: 30 * MS_PER_DAY,
    idleMs: 0,
    meanEngineActive: 0.3,
    meanSmActive: 0.05,
    peakMemMiB: 6 * GIB,
    p95MemMiB: 6 * GIB,
    p95SmActive: 0.09,
    p95TensorActive: 0.05,
    ...o,
  };
}

function observation(gpus: GpuObservation[]): PodObservation {
  return {
    podId: 'pod-s',
    fromMs: T0,
    toMs: T0 + 30 * MS_PER_DAY,
    sampleMs: 300_000,
    gpus,
    daysObserved: 30,
    // Never idle: no auto-stop in the way.
    idleShareByHourOfWeek: Array.from({ length: 168 }, () => 0),
  };
}

function pod(o: Partial<PodUnderReview> = {}): PodUnderReview {
  return {
    podId: 'pod-s',
    podName: 'bert-serve',
    projectId: 'p-vision',
    ownerId: 'u-ana',
    gpuTypeId: 'h100-sxm',
    gpuCount: 1,
    regionId: 'ca-mtl-1',
    imageId: 'pytorch-2.9-cuda12.8',
    diskGb: 200,
    sshPublicKey: 'ssh-ed25519 AAAA ana@laptop',
    autoStopIdleMinutes: 30,
    rateMicroUsdPerGpuHour: 2_490_000,
    ...o,
  };
}

const kinds = (recs: Recommendation[]) => recs.map((r) => r.kind);
const find = (recs: Recommendation[], kind: RecommendationKind) => recs.find((r) => r.kind === kind);

describe('a small model on a big GPU → the MIG slice that fits it', () => {
  it('moves a 6 GiB, p95 9 % SM model off a whole H100 to a 1g.10gb slice: the saving to the cent', () => {
    // By hand. H100 SXM in Montréal: $2.49/h; 1g.10gb = $2.49 × 1/7 = $0.3557… → $0.36/h.
    // Memory: 6 GiB × 1.2 = 7.2 GiB ≤ 10 GiB. Compute: 0.09 × 989 = 89.01 TFLOPS ≤ 1/7 × 989 = 141.29.
    // It ran the whole window: 720 h a month. Today 720 × $2.49 = $1,792.80; on the slice 720 × $0.36 = $259.20.
    // The cheapest whole GPU that also fits (≥ 7.2 GiB, ≥ 89.01 TFLOPS, in Canada): an L4 (24 GB, 121 TFLOPS)
    // at $0.42/h = $302.40 a month, more than the slice, so no gpu-tier.
    const recs = podRecommendations({ pod: pod(), observation: observation([gpuObs(0)]), catalog });
    expect(kinds(recs)).toEqual(['mig-slice']);
    const r = recs[0]!;
    expect(r.id).toBe('rec-mig-slice-pod-s');
    expect(r.currentMonthlyCostCents).toBe(179_280);
    expect(r.projectedMonthlyCostCents).toBe(25_920);
    expect(r.monthlySavingsCents).toBe(153_360);
    expect(r.from).toMatchObject({ gpuTypeId: 'h100-sxm', gpuCount: 1, migProfile: null, rateMicroUsdPerGpuHour: 2_490_000, monthlyGpuHours: 720 });
    expect(r.to).toMatchObject({ gpuTypeId: 'h100-sxm', gpuCount: 1, migProfile: '1g.10gb', regionId: 'ca-mtl-1', rateMicroUsdPerGpuHour: 360_000, monthlyGpuHours: 720 });
    const e = r.evidence as MigSliceEvidence;
    expect(e).toEqual({
      kind: 'mig-slice',
      gpuTypeId: 'h100-sxm',
      migProfile: '1g.10gb',
      computeSlices: 1,
      sliceMemoryGiB: 10,
      vramGiB: 80,
      peakMemMiB: 6144,
      p95MemMiB: 6144,
      headroom: 1.7,
      memoryHeadroomRequired: 1.2,
      p95SmActive: 0.09,
      gpuTflops: 989,
      demandTflops: 89,
      sliceTflops: 141.3,
      fromRateMicroUsdPerHour: 2_490_000,
      toRateMicroUsdPerHour: 360_000,
      wholeGpuAlternative: { gpuTypeId: 'l4', regionId: 'ca-mtl-1', monthlyCostCents: 30_240 },
    });
    expect(r.action).toEqual({
      type: 'launch',
      launch: {
        name: 'bert-serve-mig-1g-10gb',
        projectId: 'p-vision',
        gpuTypeId: 'h100-sxm',
        gpuCount: 1,
        migProfile: '1g.10gb',
        regionId: 'ca-mtl-1',
        imageId: 'pytorch-2.9-cuda12.8',
        diskGb: 200,
        autoStopIdleMinutes: 30,
        sshPublicKey: 'ssh-ed25519 AAAA ana@laptop',
        replacesPodId: 'pod-s',
      },
    });
  });

  it('moves an A100 that ran half the time to its 1g.10gb slice, cheaper than a T4', () => {
    // A100 in Montréal $1.39/h; 1g.10gb = $1.39 ÷ 7 = $0.1986 → $0.20/h. 8 GiB × 1.2 = 9.6 ≤ 10 GiB;
    // 0.14 × 312 = 43.68 TFLOPS ≤ 312 ÷ 7 = 44.57. Half the window running: 360 h a month.
    // Today 360 × $1.39 = $500.40; the slice 360 × $0.20 = $72.00; saves $428.40. The T4 (16 GB,
    // 65 TFLOPS, $0.25/h) would cost $90.00.
    const half = 15 * MS_PER_DAY;
    const recs = podRecommendations({
      pod: pod({ gpuTypeId: 'a100-80-sxm', rateMicroUsdPerGpuHour: 1_390_000 }),
      observation: observation([gpuObs(0, { runningMs: half, peakMemMiB: 8 * GIB, p95MemMiB: 7 * GIB, p95SmActive: 0.14 })]),
      catalog,
    });
    expect(kinds(recs)).toEqual(['mig-slice']);
    const r = recs[0]!;
    expect([r.currentMonthlyCostCents, r.projectedMonthlyCostCents, r.monthlySavingsCents]).toEqual([50_040, 7_200, 42_840]);
    expect(r.to.migProfile).toBe('1g.10gb');
    expect((r.evidence as MigSliceEvidence).wholeGpuAlternative).toEqual({ gpuTypeId: 't4', regionId: 'ca-mtl-1', monthlyCostCents: 9_000 });
  });

  it('proposes the cheaper whole GPU instead when it beats the slice: the demo’s 17 GiB 7B model', () => {
    // The 'small-model' archetype: ~17.8 GiB peak, p95 SM 29 %. The slice must hold 21.4 GiB → 3g.40gb
    // ($1.07/h; 2g.20gb has 20); an RTX 6000 Ada (48 GB, 364 TFLOPS ≥ 0.29 × 989 = 286.8) costs $0.79/h.
    // Month: 720 × $0.79 = $568.80 against $770.40 on the slice: gpu-tier, saving $1,792.80 − $568.80.
    const obs = observation([gpuObs(0, { peakMemMiB: 18_227, p95MemMiB: 17_900, p95SmActive: 0.29 })]);
    const recs = podRecommendations({ pod: pod(), observation: obs, catalog });
    expect(kinds(recs)).toEqual(['gpu-tier']);
    expect(recs[0]!.to.gpuTypeId).toBe('rtx6000-ada');
    expect(recs[0]!.monthlySavingsCents).toBe(179_280 - 56_880);
    // Not both, whatever was decided: with the cheaper GPU dismissed the slice is still not proposed.
    expect(kinds(podRecommendations({ pod: pod(), observation: obs, catalog, setAside: new Set(['gpu-tier']) }))).toEqual(['gpu-tier']);
  });

  it('never proposes a slice for a multi-GPU pod, even one fewer-gpus brings down to one GPU', () => {
    const recs = podRecommendations({
      pod: pod({ gpuCount: 2 }),
      observation: observation([gpuObs(0), gpuObs(1, { peakMemMiB: 0, p95MemMiB: 0, p95SmActive: 0 })]),
      catalog,
    });
    expect(kinds(recs)).toContain('fewer-gpus');
    expect(kinds(recs)).not.toContain('mig-slice');
  });

  it('never proposes a slice for a pod already on one', () => {
    const recs = podRecommendations({ pod: pod({ migProfile: '3g.40gb', rateMicroUsdPerGpuHour: 1_070_000 }), observation: observation([gpuObs(0)]), catalog });
    expect(kinds(recs)).not.toContain('mig-slice');
  });

  it('never proposes a slice of a GPU not sold in slices (an H200) or where nothing fits', () => {
    expect(kinds(podRecommendations({ pod: pod({ gpuTypeId: 'h200', rateMicroUsdPerGpuHour: 3_490_000 }), observation: observation([gpuObs(0)]), catalog }))).not.toContain('mig-slice');
    // 70 GiB peak: no slice below the whole GPU holds 84 GiB.
    expect(kinds(podRecommendations({ pod: pod(), observation: observation([gpuObs(0, { peakMemMiB: 70 * GIB })]), catalog }))).not.toContain('mig-slice');
  });

  it('counts a region move after the slice at the slice’s rate there, and launches the same slice', () => {
    // A Toronto H100 ($2.59/h) with a 20 GiB model at p95 SM 39 %: 24 GiB → 3g.40gb, 0.39 × 989 = 385.7
    // TFLOPS ≤ 3/7 × 989 = 423.9. Toronto's 3g: $2.59 × 3/7 = $1.11/h. No whole GPU under $2.59 in Canada
    // has 385.7 TFLOPS but the H100 PCIe ($1.99/h in Montréal, 756 TFLOPS): $1,432.80 a month > the slice's.
    // Slice: 720 × ($2.59 − $1.11) = $1,065.60. Then the same slice in Montréal ($2.49 × 3/7 → $1.07):
    // 720 × $0.04 = $28.80, counted after the slice.
    const tor = podRecommendations({
      pod: pod({ regionId: 'ca-tor-1', rateMicroUsdPerGpuHour: 2_590_000 }),
      observation: observation([gpuObs(0, { peakMemMiB: 20 * GIB, p95MemMiB: 20 * GIB, p95SmActive: 0.39 })]),
      catalog,
    });
    expect(kinds(tor)).toEqual(['mig-slice', 'region']);
    const [slice, region] = tor as [Recommendation, Recommendation];
    expect(slice.to).toMatchObject({ migProfile: '3g.40gb', regionId: 'ca-tor-1', rateMicroUsdPerGpuHour: 1_110_000 });
    expect([slice.currentMonthlyCostCents, slice.projectedMonthlyCostCents, slice.monthlySavingsCents]).toEqual([186_480, 79_920, 106_560]);
    expect((slice.evidence as MigSliceEvidence).wholeGpuAlternative).toEqual({ gpuTypeId: 'h100-pcie', regionId: 'ca-mtl-1', monthlyCostCents: 143_280 });
    expect(region.countedAfter).toEqual(['mig-slice']);
    expect(region.from).toMatchObject({ migProfile: '3g.40gb', rateMicroUsdPerGpuHour: 1_110_000 });
    expect(region.to).toMatchObject({ migProfile: '3g.40gb', regionId: 'ca-mtl-1', rateMicroUsdPerGpuHour: 1_070_000 });
    expect([region.currentMonthlyCostCents, region.projectedMonthlyCostCents, region.monthlySavingsCents]).toEqual([79_920, 77_040, 2_880]);
    expect(region.action.type === 'launch' && region.action.launch.migProfile).toBe('3g.40gb');
    // The pod's changes add up to today's cost − the last basis's: nothing counted twice.
    expect(slice.monthlySavingsCents + region.monthlySavingsCents).toBe(186_480 - 77_040);
  });
});

/** Single whole GPUs of the types sold in slices, and some others, with small to large work. */
const caseArb = fc
  .record({
    offer: fc.oneof(fc.constantFrom(...offers.filter((o) => o.migSlices)), fc.constantFrom(...offers)),
    gpuCount: fc.oneof(fc.constant(1), fc.constant(1), fc.constantFrom(2, 4)),
    onSlice: fc.oneof(fc.constant(null), fc.constant(null), fc.constant(null), fc.constantFrom('1g.10gb', '3g.40gb')),
    peakMemMiB: fc.oneof(fc.integer({ min: 0, max: 12 * GIB }), fc.integer({ min: 0, max: 80 * GIB })),
    p95SmActive: fc.oneof(fc.constantFrom(0, 0.04, 0.09, 0.14, 0.19, 0.29, 0.39, 0.49), fc.double({ min: 0, max: 1, noNaN: true })),
    runningShare: fc.integer({ min: 1, max: 1000 }).map((x) => x / 1000),
  })
  .map(({ offer, gpuCount, onSlice, peakMemMiB, p95SmActive, runningShare }) => {
    const type = gpuTypes.find((g) => g.id === offer.gpuTypeId)!;
    const count = type.allowedCounts.includes(gpuCount) ? gpuCount : 1;
    const slice = onSlice && count === 1 ? offer.migSlices?.find((s) => s.profile === onSlice) : undefined;
    const p = pod({
      gpuTypeId: type.id,
      gpuCount: count,
      regionId: offer.regionId,
      rateMicroUsdPerGpuHour: slice ? slice.rateMicroUsdPerHour : offer.rateMicroUsdPerGpuHour,
      migProfile: slice ? slice.profile : null,
    });
    const mem = Math.min(peakMemMiB, type.vramGiB * GIB);
    const running = Math.round(30 * MS_PER_DAY * runningShare);
    const obs = observation(Array.from({ length: count }, (_, i) => gpuObs(i, { runningMs: running, peakMemMiB: mem, p95MemMiB: mem, p95SmActive })));
    return { pod: p, observation: obs, type, offer };
  });

describe('the rules a MIG slice recommendation keeps', () => {
  it('fits memory and compute, saves money, comes alone, only for one whole GPU, and is the cheapest of the sizes that fit', () => {
    let seen = 0;
    fc.assert(
      fc.property(caseArb, ({ pod: p, observation: obs, type, offer }) => {
        const recs = podRecommendations({ pod: p, observation: obs, catalog });
        const slice = find(recs, 'mig-slice');
        const tier = find(recs, 'gpu-tier');
        // A brute-force oracle: every slice sold here that fits, by the formulas of the doc.
        const peak = Math.max(...obs.gpus.map((g) => g.peakMemMiB));
        const p95 = Math.max(...obs.gpus.map((g) => g.p95SmActive));
        const hoursMs = monthlyRunningMs(obs);
        const fitting = (offer.migSlices ?? []).filter((s) => {
          const prof = type.migProfiles?.find((m) => m.name === s.profile);
          return prof && prof.memoryGb * GIB >= peak * DEFAULT_RECOMMENDATION_SETTINGS.memoryHeadroom && prof.computeSlices >= MIG_COMPUTE_SLICES * p95 && s.rateMicroUsdPerHour < p.rateMicroUsdPerGpuHour;
        });
        const cheapest = Math.min(...fitting.map((s) => s.rateMicroUsdPerHour));
        if (!slice) {
          // gpu-tier won instead: no fitting slice costs less a month than its whole GPU.
          if (tier && fitting.length > 0 && p.gpuCount === 1 && !p.migProfile) expect(costCentsForDuration(cheapest, hoursMs)).toBeGreaterThanOrEqual(tier.projectedMonthlyCostCents);
          return;
        }
        seen += 1;
        const e = slice.evidence as MigSliceEvidence;
        expect(p.gpuCount).toBe(1);
        expect(p.migProfile ?? null).toBeNull();
        expect(tier).toBeUndefined();
        // Fits: memory with headroom, compute share at least the demand.
        expect(e.sliceMemoryGiB * GIB).toBeGreaterThanOrEqual(e.peakMemMiB * e.memoryHeadroomRequired);
        expect((e.computeSlices / MIG_COMPUTE_SLICES) * gpuTflops(type)).toBeGreaterThanOrEqual(e.p95SmActive * gpuTflops(type) - 1e-9);
        expect(type.migProfiles?.some((m) => m.name === e.migProfile && m.computeSlices === e.computeSlices && m.memoryGb === e.sliceMemoryGiB)).toBe(true);
        // Sold here, the cheapest that fits, at the rate the launch form will show.
        expect(offer.migSlices?.find((s) => s.profile === e.migProfile)?.rateMicroUsdPerHour).toBe(e.toRateMicroUsdPerHour);
        expect(e.toRateMicroUsdPerHour).toBe(cheapest);
        // Saves money, in integer cents, from the same basis: today's month − the slice's.
        expect(Number.isInteger(slice.monthlySavingsCents)).toBe(true);
        expect(slice.monthlySavingsCents).toBeGreaterThan(0);
        expect(slice.monthlySavingsCents).toBeGreaterThanOrEqual(DEFAULT_RECOMMENDATION_SETTINGS.minMonthlySavingsCents);
        expect(slice.currentMonthlyCostCents).toBe(costCentsForDuration(p.rateMicroUsdPerGpuHour, hoursMs));
        expect(slice.projectedMonthlyCostCents).toBe(costCentsForDuration(e.toRateMicroUsdPerHour, hoursMs));
        // Cheaper than any whole GPU that fits.
        if (e.wholeGpuAlternative) expect(slice.projectedMonthlyCostCents).toBeLessThan(e.wholeGpuAlternative.monthlyCostCents);
        // The launch is that slice, of the same GPU, in the same region.
        expect(slice.action).toMatchObject({ type: 'launch', launch: { gpuTypeId: p.gpuTypeId, gpuCount: 1, migProfile: e.migProfile, regionId: p.regionId, replacesPodId: p.podId } });
        expect(slice.to.monthlyGpuHours).toBe(Math.round((hoursMs / MS_PER_HOUR) * 10) / 10);
      }),
      { numRuns: 500 },
    );
    expect(seen).toBeGreaterThan(10);
  });
});
