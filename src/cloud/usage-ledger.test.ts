import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createCloud } from './service';
import { generateWorld, DEFAULT_ANCHOR_MS } from './world';
import { gpuTypes, offers, regions } from './catalog-data';
import { spendTotals } from './billing';
import { runningIntervals } from './lifecycle';
import { gpuSample, type GpuSampler } from './telemetry';
import { FIELDS, rowAt, UsageLedger, startOfHour } from './usage-ledger';
import { FIELD, podUsage, wasteFiguresOf } from './usage-read';
import { DEFAULT_WASTE_SETTINGS, totalWaste } from '../domain/waste';
import { costCentsForDuration } from '../domain/money';
import { USAGE_PERIOD_MS } from '../domain/usage-rollup';
import { MS_PER_DAY, MS_PER_HOUR, startOfUtcDay } from '../domain/units';
import type { Schemas } from './api-types';
import type { Pod } from './model';

const world = generateWorld({ realNowMs: DEFAULT_ANCHOR_MS });
const now = DEFAULT_ANCHOR_MS;
const ranPods = world.pods.filter((p) => runningIntervals(p, now - 30 * MS_PER_DAY, now).length > 0 && !p.gpuCountHistory);

/**
 * Brute force, independent of the ledger's code: walk every 5-minute period of the hour, take
 * the GPU's running ms in it from the transitions and its sample, and add up seconds by the
 * rules of the waste ledger, the cents split only at the end.
 */
function bruteForce(pod: Pod, gpu: number, hourMs: number): { allocatedSeconds: number; spendCents: number; idleMs: number; unobservedMs: number; runningMs: number } {
  const gpuType = gpuTypes.find((g) => g.id === pod.gpuTypeId)!;
  let runningMs = 0;
  let idleMs = 0;
  for (let t = hourMs; t < hourMs + MS_PER_HOUR; t += USAGE_PERIOD_MS) {
    const runs = runningIntervals(pod, t, t + USAGE_PERIOD_MS);
    const ms = runs.reduce((a, r) => a + r.endMs - r.startMs, 0);
    if (ms === 0) continue;
    runningMs += ms;
    const s = gpuSample(pod, gpuType, gpu, runs[0]!.startMs);
    if (Math.floor(s.DCGM_FI_PROF_GR_ENGINE_ACTIVE * 100 + 1e-9) < 5) idleMs += ms;
  }
  const allocatedSeconds = Math.floor(runningMs / 1000);
  return { allocatedSeconds, spendCents: costCentsForDuration(pod.rateMicroUsdPerGpuHour, allocatedSeconds * 1000), idleMs, unobservedMs: 0, runningMs };
}

describe('the usage ledger of the simulated fleet', () => {
  it('stores, for random pods and hours, what a brute-force walk over every 5-minute period gives', () => {
    const ledger = new UsageLedger(DEFAULT_WASTE_SETTINGS);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: ranPods.length - 1 }), fc.integer({ min: 1, max: 30 * 24 }), (i, hoursAgo) => {
        const pod = ranPods[i]!;
        const hourMs = startOfHour(now) - hoursAgo * MS_PER_HOUR;
        const day = ledger.podDay(pod, startOfUtcDay(hourMs), now);
        for (let g = 0; g < pod.gpuCount; g++) {
          const want = bruteForce(pod, g, hourMs);
          const h = (hourMs - startOfUtcDay(hourMs)) / MS_PER_HOUR;
          const row = day ? rowAt(day.hours, (h * day.gpuCount + g) * FIELDS) : rowAt([]);
          expect(row.allocatedSeconds).toBe(want.allocatedSeconds);
          expect(row.spendCents).toBe(want.spendCents);
          if (want.runningMs > 0) expect(Math.abs(row.idleSeconds - (want.allocatedSeconds * want.idleMs) / want.runningMs)).toBeLessThanOrEqual(1);
          expect(row.idleCents + row.underUsedCents + row.oversizedCents + row.productiveCents + row.unobservedCents).toBe(row.spendCents);
          const region = regions.find((r) => r.id === pod.regionId)!;
          expect(Math.abs(row.co2eMilligrams - (row.energyMilliWh / 1000) * region.gridGCo2ePerKWh)).toBeLessThanOrEqual(region.gridGCo2ePerKWh / 2000 + 0.5);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same rows when the build runs twice, and builds nothing the second time', () => {
    const once = new UsageLedger(DEFAULT_WASTE_SETTINGS);
    const window = { fromMs: startOfHour(now) - 3 * MS_PER_DAY, toMs: startOfHour(now) };
    for (const pod of world.pods) podUsage(once, pod, window, { closedUntilMs: now });
    const built = once.hoursBuilt;
    const first = once.snapshot();
    for (const pod of world.pods) podUsage(once, pod, window, { closedUntilMs: now });
    expect(once.hoursBuilt).toBe(built);
    expect(once.snapshot()).toEqual(first);
  });

  it('gives the same rows after a build that died half-way is run again', () => {
    const window = { fromMs: startOfHour(now) - 2 * MS_PER_DAY, toMs: startOfHour(now) };
    const whole = new UsageLedger(DEFAULT_WASTE_SETTINGS);
    for (const pod of world.pods) podUsage(whole, pod, window, { closedUntilMs: now });

    const crashed = new UsageLedger(DEFAULT_WASTE_SETTINGS);
    let calls = 0;
    const dying: GpuSampler = (pod, gpu, i, t) => {
      if (++calls === 20_000) throw new Error('killed');
      return gpuSample(pod, gpu, i, t);
    };
    expect(() => {
      for (const pod of world.pods) podUsage(crashed, pod, window, { closedUntilMs: now, sample: dying });
    }).toThrow('killed');
    for (const pod of world.pods) podUsage(crashed, pod, window, { closedUntilMs: now });
    expect(crashed.snapshot()).toEqual(whole.snapshot());
  });

  it('adds any split of a window up to the whole window, to the cent', () => {
    const ledger = new UsageLedger(DEFAULT_WASTE_SETTINGS);
    const pods = ranPods.slice(0, 12);
    const end = startOfHour(now);
    const total = (fromMs: number, toMs: number): number[] => {
      const sums = new Array<number>(FIELDS).fill(0);
      for (const pod of pods) {
        const u = podUsage(ledger, pod, { fromMs, toMs }, { closedUntilMs: now });
        if (u) u.total.forEach((v, f) => (sums[f] = f === 14 ? Math.max(sums[f] ?? 0, v) : (sums[f] ?? 0) + v));
      }
      // The idle tail folds in time order per GPU, not by sum across pods (usage-evidence.test.ts tests its fold).
      sums[FIELD.idleTailSeconds] = 0;
      return sums;
    };
    const whole = total(end - 7 * MS_PER_DAY, end);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 7 * 24 - 1 }), { maxLength: 6 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), 7 * 24].map((h) => end - 7 * MS_PER_DAY + h * MS_PER_HOUR);
        const parts = new Array<number>(FIELDS).fill(0);
        for (let i = 0; i + 1 < points.length; i++) {
          total(points[i]!, points[i + 1]!).forEach((v, f) => (parts[f] = f === 14 ? Math.max(parts[f] ?? 0, v) : (parts[f] ?? 0) + v));
        }
        expect(parts).toEqual(whole);
      }),
      { numRuns: 15 },
    );
    const f = wasteFiguresOf(whole);
    expect(totalWaste(f).cents + f.productive.cents).toBe(f.spendCents);
  });
});

describe('the utilization answers over the ledger', () => {
  const get = async <T,>(c: ReturnType<typeof createCloud>, path: string): Promise<T> => {
    const url = new URL(path, 'http://x');
    const res = await c.handle({ method: 'GET', path: url.pathname, query: url.searchParams, headers: new Headers(), body: undefined });
    expect(res.status).toBe(200);
    return res.body as T;
  };

  it('gives waste over 7 days equal to the sum of the 7 days asked one by one, to the cent', async () => {
    const c = createCloud({ realNow: () => DEFAULT_ANCHOR_MS });
    const end = startOfUtcDay(now);
    const summary = (from: number, to: number) =>
      get<Schemas['UtilizationSummary']>(c, `/v1/utilization/summary?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`);
    const week = (await summary(end - 7 * MS_PER_DAY, end)).current;
    let waste = 0;
    let spend = 0;
    for (let d = 7; d > 0; d--) {
      const day = (await summary(end - d * MS_PER_DAY, end - (d - 1) * MS_PER_DAY)).current;
      waste += day.wasteCents;
      spend += day.spendCents;
    }
    expect(week.wasteCents).toBeGreaterThan(0);
    expect(waste).toBe(week.wasteCents);
    expect(spend).toBe(week.spendCents);
  });

  it('draws a pod’s chart from the same rows as its ledger: the days add up to the figures', async () => {
    const c = createCloud({ realNow: () => DEFAULT_ANCHOR_MS });
    const pod = ranPods.find((p) => p.archetype === 'notebook')!;
    const waste = await get<Schemas['PodWaste']>(c, `/v1/pods/${pod.id}/waste?range=7d`);
    expect(waste.days.reduce((a, d) => a + d.figures.spendCents, 0)).toBe(waste.figures.spendCents);
    expect(waste.days.reduce((a, d) => a + d.figures.wasteCents, 0)).toBe(waste.figures.wasteCents);
    expect(waste.gpus.reduce((a, g) => a + g.figures.wasteCents, 0)).toBe(waste.figures.wasteCents);
  });
});

describe('MIG slices in the ledger (issue 18, point 4)', () => {
  const get = async <T,>(c: ReturnType<typeof createCloud>, path: string): Promise<T> => {
    const url = new URL(path, 'http://x');
    const res = await c.handle({ method: 'GET', path: url.pathname, query: url.searchParams, headers: new Headers(), body: undefined });
    expect(res.status).toBe(200);
    return res.body as T;
  };
  const offer = offers.find((o) => o.gpuTypeId === 'h100-sxm' && o.regionId === 'ca-mtl-1')!;
  /** Copies of running pods of three archetypes, each on an H100 slice at the slice's rate. */
  const slicesOf = (pods: readonly Pod[]): Pod[] =>
    (['notebook', 'inference', 'training'] as const).map((archetype, i) => {
      const source = pods.find((p) => p.archetype === archetype && runningIntervals(p, now - 30 * MS_PER_DAY, now).length > 0 && !p.gpuCountHistory)!;
      const migProfile = ['1g.10gb', '3g.40gb', '2g.20gb'][i]!;
      const rate = offer.migSlices!.find((s) => s.profile === migProfile)!.rateMicroUsdPerHour;
      return { ...source, id: `pod-slice-${i}`, name: `slice-${i}`, gpuTypeId: 'h100-sxm', regionId: 'ca-mtl-1', gpuCount: 1, migProfile, rateMicroUsdPerGpuHour: rate };
    });

  it('bills a slice hour at its own rate and counts its GPU-seconds as its fraction, never a whole GPU', () => {
    const ledger = new UsageLedger(DEFAULT_WASTE_SETTINGS);
    for (const pod of slicesOf(world.pods)) {
      const g = Number(pod.migProfile![0]);
      let hours = 0;
      for (let h = 1; h <= 48; h++) {
        const hourMs = startOfHour(now) - h * MS_PER_HOUR;
        const want = bruteForce(pod, 0, hourMs);
        const day = ledger.podDay(pod, startOfUtcDay(hourMs), now);
        const row = day ? rowAt(day.hours, ((hourMs - startOfUtcDay(hourMs)) / MS_PER_HOUR) * day.gpuCount * FIELDS) : rowAt([]);
        expect(row.spendCents).toBe(want.spendCents);
        expect(row.allocatedSeconds).toBe(Math.floor((want.runningMs * g) / 7 / 1000));
        expect(row.idleCents + row.underUsedCents + row.oversizedCents + row.productiveCents + row.unobservedCents).toBe(row.spendCents);
        expect(row.idleSeconds + row.underUsedSeconds + row.oversizedSeconds + row.productiveSeconds + row.unobservedSeconds).toBe(row.allocatedSeconds);
        // Memory is the slice's: never above its profile's.
        expect(row.peakMemMiB).toBeLessThanOrEqual(Number(/\.(\d+)gb/.exec(pod.migProfile!)![1]) * 1024);
        if (want.runningMs === MS_PER_HOUR) {
          hours++;
          // A whole hour: 1g 514 GPU-seconds (3,600 × 1/7), at 36 ¢ (the slice's $0.36/h); 3g 1,542 s at $1.07.
          expect(row.allocatedSeconds).toBe(Math.floor((3600 * g) / 7));
          expect(row.spendCents).toBe(costCentsForDuration(pod.rateMicroUsdPerGpuHour, MS_PER_HOUR));
        }
      }
      expect(hours).toBeGreaterThan(0);
    }
  });

  it("keeps the ledger's totals equal to the bill with slices in the fleet, in any window; the heatmap counts a slice as its fraction", async () => {
    const c = createCloud({ realNow: () => DEFAULT_ANCHOR_MS });
    const before = await get<Schemas['UtilizationHeatmap']>(c, '/v1/utilization/heatmap?range=7d');
    const slices = slicesOf(c.context.state.pods);
    c.context.state.pods.push(...slices);
    for (const range of ['24h', '7d', '30d']) {
      const summary = await get<Schemas['UtilizationSummary']>(c, `/v1/utilization/summary?range=${range}`);
      const from = Date.parse(summary.window.from);
      const to = Date.parse(summary.window.to);
      expect(summary.current.spendCents).toBe(spendTotals(c.context.state.pods, from, to).gpuCents);
      const f = summary.current;
      expect(f.productive.cents + f.waste.idle.cents + f.waste.underUsed.cents + f.waste.oversized.cents).toBe(f.spendCents);
      const byPod = await get<Schemas['UtilizationBreakdown']>(c, `/v1/utilization/breakdown?range=${range}&by=pod&limit=500`);
      for (const pod of slices) {
        const row = byPod.rows.find((r) => r.id === pod.id)!;
        expect(row.figures.spendCents).toBe(spendTotals([pod], from, to).gpuCents);
        // GPU-seconds: its running seconds × g/7, less under a second an hour of rounding.
        const runningS = runningIntervals(pod, from, to).reduce((a, r) => a + (r.endMs - r.startMs), 0) / 1000;
        const share = Number(pod.migProfile![0]) / 7;
        expect(row.figures.allocatedGpuSeconds).toBeLessThanOrEqual(runningS * share);
        expect(row.figures.allocatedGpuSeconds).toBeGreaterThan(runningS * share - (to - from) / MS_PER_HOUR - 1);
      }
    }
    const after = await get<Schemas['UtilizationHeatmap']>(c, '/v1/utilization/heatmap?range=7d');
    // 1/7 + 3/7 + 2/7 of a GPU more, not 3 GPUs.
    expect(after.gpuCount).toBeCloseTo(before.gpuCount + 6 / 7, 3);
    const rows = after.projects.flatMap((p) => p.pods).filter((p) => p.migProfile !== null);
    expect(rows.map((p) => [p.podId, p.migProfile, p.gpus.length])).toEqual(expect.arrayContaining(slices.map((s) => [s.id, s.migProfile, 1])));
  });
});
