import { describe, expect, it } from 'vitest';
import { gpuTypes, offers, regions } from '../../cloud/catalog-data';
import type { GpuObservation, PodObservation } from '../observation';
import { MS_PER_DAY } from '../units';
import { idleStretches } from './auto-stop';
import { commitmentRecommendation, steadyBaseline } from './commitment';
import { podRecommendations } from './pod-recommendations';
import type { PodUnderReview, Recommendation, RecommendationKind } from './types';

const catalog = { gpuTypes, offers, regions };
const GIB = 1024;
const T0 = Date.UTC(2026, 9, 19, 15);

function gpuObs(index: number, o: Partial<GpuObservation> = {}, days = 30): GpuObservation {
  return {
    gpuIndex: index,
    runningMs: days * MS_PER_DAY,
    idleMs: 0,
    meanEngineActive: 0.5,
    meanSmActive: 0.4,
    peakMemMiB: 40 * GIB,
    p95MemMiB: 39 * GIB,
    p95SmActive: 0.6,
    p95TensorActive: 0.4,
    ...o,
  };
}

function observation(gpus: GpuObservation[], o: Partial<PodObservation> = {}): PodObservation {
  return {
    podId: 'pod-a',
    fromMs: T0,
    toMs: T0 + 30 * MS_PER_DAY,
    sampleMs: 300_000,
    gpus,
    daysObserved: 30,
    idleShareByHourOfWeek: Array.from({ length: 168 }, () => 0),
    ...o,
  };
}

function pod(o: Partial<PodUnderReview> = {}): PodUnderReview {
  return {
    podId: 'pod-a',
    podName: 'ana-serve-1',
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

const only = (recs: Recommendation[], kind: RecommendationKind) => {
  const r = recs.find((x) => x.kind === kind);
  if (!r) throw new Error(`no ${kind} recommendation in ${recs.map((x) => x.kind).join(', ')}`);
  return r;
};

/** Work-hours notebook: busy Monday-Friday 09:00-18:00 (Montréal), idle every other hour. */
function notebookIdleProfile(): number[] {
  return Array.from({ length: 168 }, (_, h) => {
    const day = Math.floor(h / 24);
    const hour = h % 24;
    return day >= 1 && day <= 5 && hour >= 9 && hour < 18 ? 0.3 : 1;
  });
}

describe('a cheaper GPU tier', () => {
  it('moves a 7B model (17.8 GiB peak, SM p95 23%) off an H100 onto an RTX 6000 Ada: 2.7× headroom, saves $1,224.00 a month', () => {
    const recs = podRecommendations({
      pod: pod(),
      observation: observation([gpuObs(0, { peakMemMiB: 17.8 * GIB, p95MemMiB: 17.5 * GIB, p95SmActive: 0.23, p95TensorActive: 0.17 })]),
      catalog,
    });
    const r = only(recs, 'gpu-tier');
    // Demand 0.23 × 989 = 227.5 TFLOPS; 17.8 × 1.2 = 21.4 GiB. The cheapest Canadian GPU with
    // both is the RTX 6000 Ada in Montréal at $0.79/h (364 TFLOPS, 48 GiB).
    expect(r.to).toMatchObject({ gpuTypeId: 'rtx6000-ada', regionId: 'ca-mtl-1', gpuCount: 1, rateMicroUsdPerGpuHour: 790_000 });
    expect(r.evidence).toMatchObject({ kind: 'gpu-tier', headroom: 2.7, demandTflops: 227.5, runtimeFactor: 1, newVramGiB: 48, currentVramGiB: 80 });
    // 720 h × $2.49 = $1,792.80 today; 720 h × $0.79 = $568.80.
    expect(r.currentMonthlyCostCents).toBe(179_280);
    expect(r.projectedMonthlyCostCents).toBe(56_880);
    expect(r.monthlySavingsCents).toBe(122_400);
    expect(r.id).toBe('rec-gpu-tier-pod-a');
    expect(r.confidence).toEqual({ daysObserved: 30, steadiness: 0.98, level: 'high' });
    expect(r.action).toEqual({
      type: 'launch',
      launch: {
        name: 'ana-serve-1-rtx6000-ada',
        projectId: 'p-vision',
        gpuTypeId: 'rtx6000-ada',
        gpuCount: 1,
        regionId: 'ca-mtl-1',
        imageId: 'pytorch-2.9-cuda12.8',
        diskGb: 200,
        autoStopIdleMinutes: 30,
        sshPublicKey: 'ssh-ed25519 AAAA ana@laptop',
        replacesPodId: 'pod-a',
      },
    });
    expect(r.series.points).toEqual([{ x: '0', value: 17.8 }]);
  });

  it('projects the month from the share of the window the pod ran: half the time, half the saving', () => {
    const half = observation([gpuObs(0, { runningMs: 15 * MS_PER_DAY, peakMemMiB: 17.8 * GIB, p95SmActive: 0.23 })]);
    expect(only(podRecommendations({ pod: pod(), observation: half, catalog }), 'gpu-tier').monthlySavingsCents).toBe(61_200);
  });

  it('makes none when training fills the GPU (SM p95 90%: nothing cheaper keeps up)', () => {
    const recs = podRecommendations({ pod: pod(), observation: observation([gpuObs(0, { peakMemMiB: 70 * GIB, p95SmActive: 0.9 })]), catalog });
    expect(recs.map((r) => r.kind)).not.toContain('gpu-tier');
  });
});

describe('fewer GPUs', () => {
  const hoarder = () =>
    observation([
      gpuObs(0, { p95SmActive: 0.6, peakMemMiB: 44 * GIB, p95MemMiB: 43 * GIB }),
      ...[1, 2, 3, 4, 5, 6, 7].map((i) => gpuObs(i, { p95SmActive: 0, peakMemMiB: 328, p95MemMiB: 320, idleMs: 30 * MS_PER_DAY, meanEngineActive: 0 })),
    ]);

  it('keeps 1 of 8 H100s when only GPU 0 works: saves 7 × $2.49 × 720 h = $12,549.60 a month, in place', () => {
    const recs = podRecommendations({ pod: pod({ gpuCount: 8 }), observation: hoarder(), catalog });
    const r = only(recs, 'fewer-gpus');
    expect(r.evidence).toMatchObject({ gpuCount: 8, workingGpus: 1, newGpuCount: 1, idleGpuIndexes: [1, 2, 3, 4, 5, 6, 7] });
    expect(r.monthlySavingsCents).toBe(1_254_960);
    expect(r.action).toEqual({ type: 'patch', podId: 'pod-a', patch: { gpuCount: 1 } });
    expect(r.confidence.level).toBe('high');
  });

  it('counts the cheaper tier after it, on the one GPU left: H100 PCIe saves ($2.49 − $1.99) × 720 h = $360.00', () => {
    const recs = podRecommendations({ pod: pod({ gpuCount: 8 }), observation: hoarder(), catalog });
    const tier = only(recs, 'gpu-tier');
    expect(tier.countedAfter).toEqual(['fewer-gpus']);
    expect(tier.from.gpuCount).toBe(1);
    expect(tier.to).toMatchObject({ gpuTypeId: 'h100-pcie', gpuCount: 1 });
    expect(tier.monthlySavingsCents).toBe(36_000);
    // The launch form gets the GPU count counted before it.
    expect(tier.action.type === 'launch' && tier.action.launch.gpuCount).toBe(1);
  });

  it('counts the tier on all eight GPUs once fewer GPUs is set aside', () => {
    const recs = podRecommendations({ pod: pod({ gpuCount: 8 }), observation: hoarder(), catalog, setAside: new Set(['fewer-gpus']) });
    const tier = only(recs, 'gpu-tier');
    expect(tier.countedAfter).toEqual([]);
    expect(tier.monthlySavingsCents).toBe(8 * 36_000);
    expect(only(recs, 'fewer-gpus').monthlySavingsCents).toBe(1_254_960);
  });

  it('rounds up to a count the GPU type is sold in: 3 working A100s keep 4 of 8', () => {
    const obs = observation([0, 1, 2, 3, 4, 5, 6, 7].map((i) => gpuObs(i, i < 3 ? { p95SmActive: 0.7 } : { p95SmActive: 0.01, peakMemMiB: 400, idleMs: 29 * MS_PER_DAY })));
    const r = only(podRecommendations({ pod: pod({ gpuTypeId: 'a100-80-sxm', gpuCount: 8, rateMicroUsdPerGpuHour: 1_390_000 }), observation: obs, catalog }), 'fewer-gpus');
    expect(r.to.gpuCount).toBe(4);
    // 4 × $1.39 × 720 h
    expect(r.monthlySavingsCents).toBe(400_320);
    expect(r.confidence.steadiness).toBe(0.97);
  });
});

describe('auto-stop', () => {
  it('finds the nights and the weekend of a work-hours notebook: 4 × 15 h + 63 h idle a week', () => {
    expect(idleStretches(notebookIdleProfile(), 0.9).sort((a, b) => a - b)).toEqual([15, 15, 15, 15, 63]);
    expect(idleStretches(Array.from({ length: 168 }, () => 1), 0.9)).toEqual([168]);
    expect(idleStretches(Array.from({ length: 168 }, () => null), 0.9)).toEqual([]);
  });

  it('saves 118 of its 123 idle hours a week with a 60-minute auto-stop: $702.94 a month on an A100 at $1.39/h', () => {
    const recs = podRecommendations({
      pod: pod({ gpuTypeId: 'a100-80-sxm', rateMicroUsdPerGpuHour: 1_390_000, autoStopIdleMinutes: null }),
      observation: observation([gpuObs(0, { p95SmActive: 0.7, peakMemMiB: 70 * GIB })], { idleShareByHourOfWeek: notebookIdleProfile() }),
      catalog,
    });
    const r = only(recs, 'auto-stop');
    expect(r.evidence).toEqual({ kind: 'auto-stop', idleHoursPerWeek: 123, stoppableHoursPerWeek: 118, autoStopIdleMinutes: 60, idleHourShare: 0.9 });
    // 118 h/week × 720/168 = 505.71 h a month = 1,820,571 s; × $1.39/h = $702.94.
    expect(r.monthlySavingsCents).toBe(70_294);
    expect(r.action).toEqual({ type: 'patch', podId: 'pod-a', patch: { autoStopIdleMinutes: 60 } });
    expect(r.series.points).toHaveLength(168);
  });

  it('counts a cheaper tier on the hours left once auto-stop is on, and keeps that figure after auto-stop is applied', () => {
    const smallModelNotebook = observation([gpuObs(0, { peakMemMiB: 17.8 * GIB, p95MemMiB: 17.5 * GIB, p95SmActive: 0.23 })], { idleShareByHourOfWeek: notebookIdleProfile() });
    const before = podRecommendations({ pod: pod({ autoStopIdleMinutes: null }), observation: smallModelNotebook, catalog });
    expect(before.map((r) => r.kind)).toEqual(['auto-stop', 'gpu-tier']);
    const tier = only(before, 'gpu-tier');
    expect(tier.countedAfter).toEqual(['auto-stop']);
    // 720 h − 505.71 h = 214.29 h (771,429 s) a month left to run: $533.57 on the H100, $169.29 on the RTX 6000 Ada.
    expect(tier.monthlySavingsCents).toBe(53_357 - 16_929);
    // Together they save what applying both does: $1,792.80 today, $169.29 after.
    expect(only(before, 'auto-stop').monthlySavingsCents + tier.monthlySavingsCents).toBe(179_280 - 16_929);
    const after = podRecommendations({ pod: pod({ autoStopIdleMinutes: 60 }), observation: smallModelNotebook, catalog });
    expect(after.map((r) => r.kind)).toEqual(['gpu-tier']);
    expect(only(after, 'gpu-tier').monthlySavingsCents).toBe(53_357 - 16_929);
  });

  it('makes none for a pod that already has auto-stop, or that is never idle', () => {
    const idle = { idleShareByHourOfWeek: notebookIdleProfile() };
    expect(podRecommendations({ pod: pod({ autoStopIdleMinutes: 120 }), observation: observation([gpuObs(0, { p95SmActive: 0.9, peakMemMiB: 70 * GIB })], idle), catalog })).toEqual([]);
    expect(podRecommendations({ pod: pod({ autoStopIdleMinutes: null }), observation: observation([gpuObs(0, { p95SmActive: 0.9, peakMemMiB: 70 * GIB })]), catalog })).toEqual([]);
  });
});

describe('region', () => {
  it('moves an L40S from Toronto ($0.93/h) to Montréal ($0.89/h, cleaner power): $28.80 a month and 16.4 kg CO2e less', () => {
    const recs = podRecommendations({
      pod: pod({ gpuTypeId: 'l40s', regionId: 'ca-tor-1', rateMicroUsdPerGpuHour: 930_000 }),
      // 41 GiB × 1.2 does not fit any 48 GiB GPU, so no cheaper tier comes first.
      observation: observation([gpuObs(0, { peakMemMiB: 41 * GIB, p95SmActive: 0.5 })]),
      catalog,
    });
    expect(recs.map((r) => r.kind)).toEqual(['region']);
    const r = only(recs, 'region');
    expect(r.to).toMatchObject({ regionId: 'ca-mtl-1', gpuTypeId: 'l40s', rateMicroUsdPerGpuHour: 890_000 });
    expect(r.monthlySavingsCents).toBe(2_880);
    // 350 W × 720 h × PUE 1.3 = 327.6 kWh; × (80 − 30) g/kWh = 16.4 kg.
    expect(r.evidence).toMatchObject({ jurisdiction: 'Canada', fromGridGCo2ePerKWh: 80, toGridGCo2ePerKWh: 30, co2eKgPerMonthAvoided: 16.4 });
    expect(r.action.type === 'launch' && r.action.launch).toMatchObject({ regionId: 'ca-mtl-1', gpuTypeId: 'l40s', replacesPodId: 'pod-a' });
  });

  it('proposes cleaner power at the same price (saves $0, 16.4 kg CO2e), but not for a pod that hardly runs', () => {
    const samePrice = { ...catalog, offers: offers.map((o) => (o.gpuTypeId === 'l40s' && o.regionId === 'ca-tor-1' ? { ...o, rateMicroUsdPerGpuHour: 890_000 } : o)) };
    const l40sInToronto = pod({ gpuTypeId: 'l40s', regionId: 'ca-tor-1', rateMicroUsdPerGpuHour: 890_000 });
    const r = only(podRecommendations({ pod: l40sInToronto, observation: observation([gpuObs(0, { peakMemMiB: 41 * GIB })]), catalog: samePrice }), 'region');
    expect(r.monthlySavingsCents).toBe(0);
    expect(r.evidence).toMatchObject({ co2eKgPerMonthAvoided: 16.4 });
    // 10% of the time: 1.6 kg a month, below the 10 kg worth a move.
    const rarely = observation([gpuObs(0, { peakMemMiB: 41 * GIB, runningMs: 3 * MS_PER_DAY })]);
    expect(podRecommendations({ pod: l40sInToronto, observation: rarely, catalog: samePrice })).toEqual([]);
  });

  it('never leaves the jurisdiction: a Boden pod is not sent to cheaper Paraguay', () => {
    const recs = podRecommendations({
      pod: pod({ gpuTypeId: 'a100-80-sxm', regionId: 'se-bod-1', rateMicroUsdPerGpuHour: 1_330_000 }),
      observation: observation([gpuObs(0, { peakMemMiB: 70 * GIB, p95SmActive: 0.9 })]),
      catalog,
    });
    expect(recs).toEqual([]);
  });
});

describe('commitment', () => {
  const group = (hourly: number[]) => ({
    projectId: 'p-llm',
    gpuTypeId: 'h100-sxm',
    regionId: 'ca-mtl-1',
    pods: [
      { podId: 'pod-b', podName: 'jonas-sft-run-2', ownerId: 'u-jonas', rateMicroUsdPerGpuHour: 2_490_000 },
      { podId: 'pod-a', podName: 'priya-llama-ft-1', ownerId: 'u-priya', rateMicroUsdPerGpuHour: 2_490_000 },
    ],
    windowStartMs: T0,
    hourlyGpusInUse: hourly,
    committedRateMicroUsdPerGpuHour: 1_870_000,
  });

  it('commits to the 4 GPUs busy 700 of 720 hours: saves $7,071.60 − $5,385.60 = $1,686.00 a month', () => {
    const r = commitmentRecommendation(group([...Array.from({ length: 700 }, () => 4), ...Array.from({ length: 20 }, () => 2)]));
    expect(r).not.toBeNull();
    expect(r!.evidence).toEqual({ kind: 'commitment', baselineGpus: 4, coveredHoursShare: 0.97, hoursObserved: 720, onDemandRateMicroUsdPerGpuHour: 2_490_000, committedRateMicroUsdPerGpuHour: 1_870_000, termDays: 30 });
    // Covered: 700 × 4 + 20 × 2 = 2,840 GPU hours × $2.49 = $7,071.60; committed: 4 × 720 h × $1.87 = $5,385.60.
    expect(r!.currentMonthlyCostCents).toBe(707_160);
    expect(r!.projectedMonthlyCostCents).toBe(538_560);
    expect(r!.monthlySavingsCents).toBe(168_600);
    expect(r!.id).toBe('rec-commitment-p-llm-h100-sxm-ca-mtl-1');
    expect(r!.podIds).toEqual(['pod-a', 'pod-b']);
    expect(r!.ownerIds).toEqual(['u-jonas', 'u-priya']);
    expect(r!.series.points).toHaveLength(30);
    expect(r!.series.points[0]).toEqual({ x: '2026-10-19', value: 4 });
    expect(r!.action).toEqual({ type: 'manual' });
  });

  it('takes the baseline that 95% of the hours reach, and needs a full 30-day term of data', () => {
    expect(steadyBaseline([...Array.from({ length: 95 }, () => 3), ...Array.from({ length: 5 }, () => 0)], 0.95)).toBe(3);
    expect(steadyBaseline([...Array.from({ length: 94 }, () => 3), ...Array.from({ length: 6 }, () => 0)], 0.95)).toBe(0);
    expect(commitmentRecommendation(group(Array.from({ length: 719 }, () => 4)))).toBeNull();
    // Busy only 60% of the time: below the 95% bar, nothing to commit to.
    expect(commitmentRecommendation(group(Array.from({ length: 720 }, (_, h) => (h % 10 < 6 ? 4 : 0))))).toBeNull();
  });
});

describe('too little data', () => {
  it('makes no recommendation from fewer than 7 days observed', () => {
    const obs = observation([gpuObs(0, { peakMemMiB: 17.8 * GIB, p95SmActive: 0.23, runningMs: 6 * MS_PER_DAY })], { daysObserved: 6 });
    expect(podRecommendations({ pod: pod(), observation: obs, catalog })).toEqual([]);
    expect(podRecommendations({ pod: pod(), observation: { ...obs, daysObserved: 7 }, catalog }).map((r) => r.kind)).toEqual(['gpu-tier']);
  });
});
