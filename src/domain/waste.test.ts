import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { GpuType, Region } from './catalog';
import { costCentsForDuration } from './money';
import type { ActivityCell, GpuObservation, PodObservation } from './observation';
import { MS_PER_HOUR } from './units';
import {
  DEFAULT_WASTE_SETTINGS,
  isIdleEngine,
  totalWaste,
  WASTE_CATEGORIES,
  wasteLedger,
  sumWasteFigures,
  type WasteFigures,
  type WastePricing,
} from './waste';

const gpu = (id: string, vramGiB: number, tflops: number): GpuType => ({
  id,
  name: id.toUpperCase(),
  arch: 'test',
  vramGiB,
  memBandwidthGBs: 1000,
  bf16DenseTflops: tflops,
  fp16DenseTflops: tflops,
  tdpW: 300,
  formFactor: 'PCIe',
  speedClass: 'mid',
  allowedCounts: [1, 2, 4, 8],
});

const BIG = gpu('big', 80, 400);
const SMALL = gpu('small', 24, 400);
const region: Region = {
  id: 'r1',
  name: 'R1',
  city: 'R1',
  country: 'Canada',
  countryCode: 'CA',
  jurisdiction: 'Canada',
  residency: ['Canada'],
  energySource: 'hydro',
  pue: 1.2,
  gridGCo2ePerKWh: 30,
  carbonSource: 'test',
};

/** The pod pays $2.00 per GPU-hour for BIG; SMALL sells at $0.50 in the same region. */
const pricing = (withCheaper = true): WastePricing => ({
  gpuType: BIG,
  rateMicroUsdPerGpuHour: 2_000_000,
  regionId: 'r1',
  gpuTypes: [BIG, SMALL],
  offers: [
    { gpuTypeId: 'big', regionId: 'r1', rateMicroUsdPerGpuHour: 2_000_000 },
    ...(withCheaper ? [{ gpuTypeId: 'small', regionId: 'r1', rateMicroUsdPerGpuHour: 500_000 }] : []),
  ],
  regions: [region],
});

const cell = (engineActivePct: number, smActive: number, hours: number): ActivityCell => ({
  engineActivePct,
  smActivePct: Math.floor(smActive * 100 + 1e-9),
  ms: hours * MS_PER_HOUR,
  smActiveMs: smActive * hours * MS_PER_HOUR,
});

function gpuObs(gpuIndex: number, cells: ActivityCell[], peakMemMiB = 70 * 1024, p95SmActive = 0.8): GpuObservation {
  const runningMs = cells.reduce((a, c) => a + c.ms, 0);
  return {
    gpuIndex,
    runningMs,
    idleMs: cells.filter((c) => c.engineActivePct < 5).reduce((a, c) => a + c.ms, 0),
    meanEngineActive: 0.5,
    meanSmActive: runningMs > 0 ? cells.reduce((a, c) => a + c.smActiveMs, 0) / runningMs : 0,
    peakMemMiB,
    p95MemMiB: peakMemMiB,
    p95SmActive,
    p95TensorActive: 0.5,
    activity: cells,
  };
}

const observation = (gpus: GpuObservation[]): PodObservation => ({
  podId: 'pod-1',
  fromMs: 0,
  toMs: 10 * MS_PER_HOUR,
  sampleMs: 300_000,
  gpus,
  daysObserved: 1,
  idleShareByHourOfWeek: [],
});

function expectBalanced(f: WasteFigures): void {
  const parts = [f.productive, ...WASTE_CATEGORIES.map((c) => f.waste[c])];
  expect(parts.reduce((a, p) => a + p.cents, 0)).toBe(f.spendCents);
  expect(parts.reduce((a, p) => a + p.gpuSeconds, 0)).toBe(f.allocatedGpuSeconds);
  for (const p of parts) {
    expect(Number.isInteger(p.cents) && p.cents >= 0).toBe(true);
    expect(Number.isInteger(p.gpuSeconds) && p.gpuSeconds >= 0).toBe(true);
  }
}

describe('wasteLedger, hand-computed', () => {
  it('counts idle time at the full price: 4 h idle of 10 h at $2.00/h is $8.00', () => {
    const ledger = wasteLedger(observation([gpuObs(0, [cell(0, 0, 4), cell(90, 0.8, 6)])]), pricing(false));
    expect(ledger.spendCents).toBe(2000);
    expect(ledger.allocatedGpuSeconds).toBe(36_000);
    expect(ledger.activeGpuSeconds).toBe(21_600);
    expect(ledger.waste.idle).toEqual({ gpuSeconds: 14_400, cents: 800 });
    expect(ledger.waste.underUsed).toEqual({ gpuSeconds: 0, cents: 0 });
    expect(ledger.waste.oversized).toEqual({ gpuSeconds: 0, cents: 0 });
    expect(ledger.productive).toEqual({ gpuSeconds: 21_600, cents: 1200 });
  });

  it('counts the unused share of busy time below the SM target: SM 20% against 50% wastes 60% of it', () => {
    const ledger = wasteLedger(observation([gpuObs(0, [cell(60, 0.2, 10)])]), pricing(false));
    expect(ledger.waste.idle.cents).toBe(0);
    expect(ledger.waste.underUsed).toEqual({ gpuSeconds: 21_600, cents: 1200 });
    expect(ledger.productive).toEqual({ gpuSeconds: 14_400, cents: 800 });
    expect(ledger.activeGpuSeconds).toBe(36_000);
  });

  it('counts the price difference to the cheapest fitting tier: 10 GiB peak on an 80 GB GPU at $2.00 when a 24 GB one sells at $0.50', () => {
    const ledger = wasteLedger(observation([gpuObs(0, [cell(90, 0.8, 10)], 10 * 1024)]), pricing());
    expect(ledger.gpus[0]?.cheaperFit).toEqual({ gpuTypeId: 'small', regionId: 'r1', rateMicroUsdPerGpuHour: 500_000 });
    // (1 − 0.50 / 2.00) of 10 h = 7.5 GPU-hours, $15.00.
    expect(ledger.waste.oversized).toEqual({ gpuSeconds: 27_000, cents: 1500 });
    expect(ledger.productive).toEqual({ gpuSeconds: 9_000, cents: 500 });
  });

  it('is not oversized when the peak memory with headroom does not fit the cheaper GPU', () => {
    // 21 GiB × 1.2 = 25.2 GiB > 24 GB.
    const ledger = wasteLedger(observation([gpuObs(0, [cell(90, 0.8, 10)], 21 * 1024)]), pricing());
    expect(ledger.gpus[0]?.cheaperFit).toBeNull();
    expect(ledger.waste.oversized.cents).toBe(0);
  });

  it('counts each moment once across the categories: idle first, then under-used, then oversized', () => {
    // 2 h idle, 4 h at SM 25% (half under-used), 4 h at SM 80%; 10 GiB peak fits SMALL (25% of the price).
    const ledger = wasteLedger(
      observation([gpuObs(0, [cell(0, 0, 2), cell(50, 0.25, 4), cell(95, 0.8, 4)], 10 * 1024, 0.8)]),
      pricing(),
    );
    expect(ledger.waste.idle).toEqual({ gpuSeconds: 7_200, cents: 400 });
    expect(ledger.waste.underUsed).toEqual({ gpuSeconds: 7_200, cents: 400 });
    // 6 h left × 75% = 4.5 h, $9.00; productive 1.5 h, $3.00.
    expect(ledger.waste.oversized).toEqual({ gpuSeconds: 16_200, cents: 900 });
    expect(ledger.productive).toEqual({ gpuSeconds: 5_400, cents: 300 });
  });

  it('splits a pod with 4 GPUs that uses one: the other three are idle', () => {
    const busy = gpuObs(0, [cell(90, 0.8, 10)]);
    const idle = [1, 2, 3].map((i) => gpuObs(i, [cell(0, 0, 10)], 300, 0));
    const ledger = wasteLedger(observation([busy, ...idle]), pricing(false));
    expect(ledger.spendCents).toBe(8000);
    expect(ledger.waste.idle.cents).toBe(6000);
    expect(ledger.gpus.map((g) => g.waste.idle.cents)).toEqual([0, 2000, 2000, 2000]);
  });

  it('bills like the billing ledger: per second at the pod rate, one rounding', () => {
    const ledger = wasteLedger(observation([gpuObs(0, [{ engineActivePct: 90, smActivePct: 80, ms: 1_234_567, smActiveMs: 987_000 }])]), pricing(false));
    expect(ledger.spendCents).toBe(costCentsForDuration(2_000_000, 1_234_567));
    expect(ledger.spendCents).toBe(69);
  });

  it('falls back to the summary when the observation has no histogram', () => {
    const { activity: _dropped, ...plain } = gpuObs(0, [cell(0, 0, 4), cell(90, 0.8, 6)]);
    const ledger = wasteLedger(observation([plain]), pricing(false));
    expect(ledger.waste.idle.cents).toBe(800);
    expect(ledger.waste.underUsed.cents).toBe(0);
  });

  it('judges a day on the period evidence when given', () => {
    const day = observation([gpuObs(0, [cell(90, 0.8, 10)], 10 * 1024)]);
    const period = observation([gpuObs(0, [cell(90, 0.8, 10)], 60 * 1024)]);
    expect(wasteLedger(day, pricing()).waste.oversized.cents).toBe(1500);
    expect(wasteLedger(day, pricing(), { tierEvidence: period }).waste.oversized.cents).toBe(0);
  });

  it('classifies engine activity at whole-percent resolution', () => {
    expect(isIdleEngine(0.049, 0.05)).toBe(true);
    expect(isIdleEngine(0.05, 0.05)).toBe(false);
    expect(isIdleEngine(0.29, 0.3)).toBe(true);
  });
});

const arbCell = fc
  .record({
    engineActivePct: fc.integer({ min: 0, max: 100 }),
    smActivePct: fc.integer({ min: 0, max: 99 }),
    smFraction: fc.double({ min: 0, max: 0.999, noNaN: true }),
    ms: fc.integer({ min: 1, max: 6 * MS_PER_HOUR }),
  })
  .map(({ engineActivePct, smActivePct, smFraction, ms }): ActivityCell => ({
    engineActivePct,
    smActivePct,
    ms,
    smActiveMs: ((smActivePct + smFraction) / 100) * ms,
  }));

/** A pod of 1-4 GPUs that all ran for the same time, split differently into activity cells. */
const arbObservation = fc
  .record({
    gpus: fc.array(fc.array(arbCell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }),
    peakMemMiB: fc.integer({ min: 100, max: 80 * 1024 }),
    p95SmActive: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ gpus, peakMemMiB, p95SmActive }) => {
    const runningMs = Math.max(...gpus.map((cells) => cells.reduce((a, c) => a + c.ms, 0)));
    return observation(
      gpus.map((cells, i) => {
        // Pad each GPU's histogram with idle time up to the pod's running time.
        const ms = cells.reduce((a, c) => a + c.ms, 0);
        const padded = ms < runningMs ? [...cells, { engineActivePct: 0, smActivePct: 0, ms: runningMs - ms, smActiveMs: 0 }] : cells;
        return gpuObs(i, padded, peakMemMiB, p95SmActive);
      }),
    );
  });

const arbRate = fc.integer({ min: 100_000, max: 10_000_000 });
const withRate = (rate: number): WastePricing => ({ ...pricing(), rateMicroUsdPerGpuHour: rate, offers: [{ gpuTypeId: 'small', regionId: 'r1', rateMicroUsdPerGpuHour: Math.floor(rate / 3) }] });
const arbShare = fc.integer({ min: 0, max: 100 }).map((p) => p / 100);

describe('wasteLedger, properties', () => {
  it('waste + productive = spend to the cent, and never more time than was allocated', () => {
    fc.assert(
      fc.property(arbObservation, arbRate, arbShare, arbShare, (obs, rate, idleEngineActive, smActiveTarget) => {
        const ledger = wasteLedger(obs, withRate(rate), { settings: { idleEngineActive, smActiveTarget } });
        expectBalanced(ledger);
        ledger.gpus.forEach(expectBalanced);
        expect(sumWasteFigures(ledger.gpus)).toEqual({
          allocatedGpuSeconds: ledger.allocatedGpuSeconds,
          activeGpuSeconds: ledger.activeGpuSeconds,
          spendCents: ledger.spendCents,
          productive: ledger.productive,
          waste: ledger.waste,
        });
        expect(totalWaste(ledger).gpuSeconds).toBeLessThanOrEqual(ledger.allocatedGpuSeconds);
        expect(ledger.activeGpuSeconds).toBeLessThanOrEqual(ledger.allocatedGpuSeconds);
        const runningMs = obs.gpus[0]?.runningMs ?? 0;
        expect(ledger.spendCents).toBe(costCentsForDuration(rate * obs.gpus.length, runningMs));
      }),
    );
  });

  it('a pod idle all period wastes 100%, all of it idle', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 48 * MS_PER_HOUR }), { minLength: 1, maxLength: 8 }), arbRate, (msList, rate) => {
        const runningMs = Math.max(...msList);
        const obs = observation(msList.map((_, i) => gpuObs(i, [{ engineActivePct: 0, smActivePct: 0, ms: runningMs, smActiveMs: 0 }], 300, 0)));
        const ledger = wasteLedger(obs, withRate(rate));
        expect(ledger.waste.idle.cents).toBe(ledger.spendCents);
        expect(ledger.waste.idle.gpuSeconds).toBe(ledger.allocatedGpuSeconds);
        expect(ledger.productive).toEqual({ gpuSeconds: 0, cents: 0 });
        expect(ledger.activeGpuSeconds).toBe(0);
      }),
    );
  });

  it('raising the idle threshold or the SM target never lowers waste; more memory headroom never raises it', () => {
    fc.assert(
      fc.property(arbObservation, arbRate, arbShare, arbShare, arbShare, arbShare, (obs, rate, a, b, c, d) => {
        const p = withRate(rate);
        const waste = (settings: Partial<typeof DEFAULT_WASTE_SETTINGS>) => {
          const l = wasteLedger(obs, p, { settings });
          return { total: totalWaste(l), idle: l.waste.idle.gpuSeconds };
        };
        const [idleLow, idleHigh] = [Math.min(a, b), Math.max(a, b)];
        const [smLow, smHigh] = [Math.min(c, d), Math.max(c, d)];
        const low = waste({ idleEngineActive: idleLow, smActiveTarget: smLow });
        expect(waste({ idleEngineActive: idleHigh, smActiveTarget: smLow }).total.cents).toBeGreaterThanOrEqual(low.total.cents);
        expect(waste({ idleEngineActive: idleHigh, smActiveTarget: smLow }).total.gpuSeconds).toBeGreaterThanOrEqual(low.total.gpuSeconds);
        expect(waste({ idleEngineActive: idleLow, smActiveTarget: smHigh }).total.cents).toBeGreaterThanOrEqual(low.total.cents);
        expect(waste({ idleEngineActive: idleLow, memoryHeadroom: 3 }).total.cents).toBeLessThanOrEqual(waste({ idleEngineActive: idleLow, memoryHeadroom: 1 }).total.cents);
      }),
    );
  });
});
