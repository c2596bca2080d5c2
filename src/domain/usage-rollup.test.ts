import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addUsage, emptyUsageRow, gpuHourUsage, hourEvidence, splitSmall, PERIODS_PER_HOUR, sumUsage, USAGE_FIELDS, USAGE_PERIOD_MS, usageWasteCents, type PeriodUsage, type UsageRates } from './usage-rollup';
import { DEFAULT_WASTE_SETTINGS } from './waste';
import { allocateCents, costCentsForDuration } from './money';

const rates = (over: Partial<UsageRates> = {}): UsageRates => ({
  rateMicroUsdPerGpuHour: 3_990_000,
  cheaperRateMicroUsdPerGpuHour: null,
  pue: 1.2,
  gridGCo2ePerKWh: 30,
  vramMiB: 80 * 1024,
  ...over,
});

const busy = (engineActive: number, smActive: number, memUsedMiB = 40_000, powerW = 500): PeriodUsage => ({
  runningMs: USAGE_PERIOD_MS,
  sample: { engineActive, smActive, memUsedMiB, powerW },
});

const ratio = fc.integer({ min: 0, max: 1000 }).map((x) => x / 1000);
const period = fc.record({
  runningMs: fc.integer({ min: 0, max: USAGE_PERIOD_MS }),
  sample: fc.option(fc.record({ engineActive: ratio, smActive: ratio, memUsedMiB: fc.integer({ min: 0, max: 190_000 }), powerW: fc.integer({ min: 0, max: 1200 }) }), { freq: 6 }),
});
const hour = fc.array(period, { minLength: 0, maxLength: PERIODS_PER_HOUR });
const rateArb = fc.record({
  rateMicroUsdPerGpuHour: fc.integer({ min: 0, max: 20_000_000 }),
  cheaperRateMicroUsdPerGpuHour: fc.option(fc.integer({ min: 0, max: 20_000_000 })),
  pue: fc.constantFrom(1, 1.1, 1.25),
  gridGCo2ePerKWh: fc.integer({ min: 0, max: 800 }),
  vramMiB: fc.constantFrom(0, 24 * 1024, 80 * 1024, 192 * 1024),
});

describe('a GPU-hour of the usage ledger', () => {
  it('splits a busy hour by the DCGM rules, worked by hand', () => {
    // 12 periods: 3 idle (engine 1%), 3 under-used (SM 20% against a 50% target), 6 well used.
    const periods = [...Array(3).fill(busy(0.01, 0)), ...Array(3).fill(busy(0.6, 0.2)), ...Array(6).fill(busy(0.9, 0.8))] as PeriodUsage[];
    const row = gpuHourUsage(periods, rates(), DEFAULT_WASTE_SETTINGS);
    expect(row.allocatedSeconds).toBe(3600);
    expect(row.spendCents).toBe(399);
    // Idle: 15 min. Under-used: 15 min × (1 − 0.2 ÷ 0.5) = 9 min. Productive: 36 min.
    expect(row.idleSeconds).toBe(900);
    expect(row.underUsedSeconds).toBe(540);
    expect(row.productiveSeconds).toBe(2160);
    expect(row.oversizedSeconds).toBe(0);
    // $3.99 split 24 : 36 into waste and the rest, then waste 15 : 9.
    expect(row.idleCents + row.underUsedCents).toBe(160);
    expect(row.idleCents).toBe(100);
    expect(row.productiveCents).toBe(239);
    // 500 W for an hour at PUE 1.2 is 600 Wh; at 30 g/kWh, 18 g.
    expect(row.energyMilliWh).toBe(600_000);
    expect(row.co2eMilligrams).toBe(18_000);
  });

  it('counts a 15-minute burst in an otherwise idle hour as productive time', () => {
    const periods = [...Array(9).fill(busy(0.01, 0)), ...Array(3).fill(busy(0.75, 0.7))] as PeriodUsage[];
    const row = gpuHourUsage(periods, rates(), DEFAULT_WASTE_SETTINGS);
    expect(row.productiveSeconds).toBe(900);
    expect(row.idleSeconds).toBe(2700);
  });

  it('calls the share a cheaper fitting GPU would have saved oversized', () => {
    const periods = Array(12).fill(busy(0.9, 0.8)) as PeriodUsage[];
    const row = gpuHourUsage(periods, rates({ cheaperRateMicroUsdPerGpuHour: 1_000_000 }), DEFAULT_WASTE_SETTINGS);
    // (1 − 1.00 ÷ 3.99) of the hour.
    expect(row.oversizedCents).toBe(299);
    expect(row.productiveCents).toBe(100);
  });

  it('bills unobserved time and claims no waste for it', () => {
    const periods: PeriodUsage[] = Array.from({ length: 12 }, () => ({ runningMs: USAGE_PERIOD_MS, sample: null }));
    const row = gpuHourUsage(periods, rates(), DEFAULT_WASTE_SETTINGS);
    expect(row.spendCents).toBe(399);
    expect(row.unobservedCents).toBe(399);
    expect(usageWasteCents(row)).toBe(0);
  });

  it('equals a brute-force integration over every period, to the cent and the second', () => {
    fc.assert(
      fc.property(hour, rateArb, (periods, r) => {
        const row = gpuHourUsage(periods, r, DEFAULT_WASTE_SETTINGS);
        // Brute force: every period's time, category by category, with no rounding until the end.
        let idle = 0;
        let under = 0;
        let used = 0;
        let unobserved = 0;
        let running = 0;
        let wh = 0;
        for (const p of periods) {
          if (p.runningMs <= 0) continue;
          running += p.runningMs;
          if (!p.sample) {
            unobserved += p.runningMs;
            continue;
          }
          wh += (p.sample.powerW * p.runningMs) / 3_600_000;
          if (Math.floor(p.sample.engineActive * 100 + 1e-9) < 5) idle += p.runningMs;
          else if (Math.floor(p.sample.smActive * 100 + 1e-9) < 50) {
            const short = p.runningMs - p.sample.smActive * p.runningMs * 2;
            under += short;
            used += p.runningMs - short;
          } else used += p.runningMs;
        }
        const seconds = Math.floor(running / 1000);
        const spend = costCentsForDuration(r.rateMicroUsdPerGpuHour, seconds * 1000);
        expect(row.allocatedSeconds).toBe(seconds);
        expect(row.spendCents).toBe(spend);
        const share = r.cheaperRateMicroUsdPerGpuHour !== null && r.rateMicroUsdPerGpuHour > 0 ? Math.max(0, 1 - r.cheaperRateMicroUsdPerGpuHour / r.rateMicroUsdPerGpuHour) : 0;
        const waste = idle + under + used * share;
        // Each part is its exact share, rounded by at most one unit (largest remainder).
        if (running > 0) {
          expect(Math.abs(usageWasteCents(row) - (spend * waste) / running)).toBeLessThanOrEqual(1);
          expect(Math.abs(row.unobservedSeconds - (seconds * unobserved) / running)).toBeLessThanOrEqual(1);
        }
        expect(Math.abs(row.energyMilliWh - wh * r.pue * 1000)).toBeLessThanOrEqual(0.5 + 1e-6);
        // The parts add up to the whole, exactly.
        expect(row.idleCents + row.underUsedCents + row.oversizedCents + row.productiveCents + row.unobservedCents).toBe(row.spendCents);
        expect(row.idleSeconds + row.underUsedSeconds + row.oversizedSeconds + row.productiveSeconds + row.unobservedSeconds).toBe(row.allocatedSeconds);
        for (const f of USAGE_FIELDS) {
          expect(Number.isInteger(row[f])).toBe(true);
          expect(row[f]).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it('never calls more waste when the idle threshold is lower', () => {
    fc.assert(
      fc.property(hour, rateArb, fc.integer({ min: 1, max: 49 }), (periods, r, pct) => {
        const low = gpuHourUsage(periods, r, { ...DEFAULT_WASTE_SETTINGS, idleEngineActive: pct / 100 });
        const high = gpuHourUsage(periods, r, { ...DEFAULT_WASTE_SETTINGS, idleEngineActive: (pct + 1) / 100 });
        expect(high.idleSeconds).toBeGreaterThanOrEqual(low.idleSeconds);
      }),
    );
  });

  it('sums rows in any order and grouping to the same totals (peak memory by max)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(hour, rateArb), { maxLength: 12 }), fc.nat(), (hours, cut) => {
        const rows = hours.map(([p, r]) => gpuHourUsage(p, r, DEFAULT_WASTE_SETTINGS));
        const k = rows.length === 0 ? 0 : cut % (rows.length + 1);
        const split = addUsage(sumUsage(rows.slice(0, k)), sumUsage(rows.slice(k)));
        // The idle tail folds in time order (any grouping, not any order); the rest in any order.
        const { idleTailSeconds: reversedTail, ...reversed } = sumUsage([...rows].reverse());
        expect({ ...split, idleTailSeconds: reversedTail }).toEqual({ ...reversed, idleTailSeconds: reversedTail });
        expect(split.idleTailSeconds).toBe(sumUsage(rows).idleTailSeconds);
        const total = sumUsage(rows);
        expect(total.idleCents + total.underUsedCents + total.oversizedCents + total.productiveCents + total.unobservedCents).toBe(total.spendCents);
        expect(total.peakMemMiB).toBe(Math.max(0, ...rows.map((r) => r.peakMemMiB)));
      }),
    );
  });

  it('takes the evidence for the oversized test from the hour’s busy periods', () => {
    const evidence = hourEvidence([busy(0.01, 0, 70_000), busy(0.9, 0.3, 20_000), busy(0.9, 0.6, 30_000)], DEFAULT_WASTE_SETTINGS);
    expect(evidence).toEqual({ peakMemMiB: 70_000, p95SmActive: 0.6, observed: true });
    expect(hourEvidence([{ runningMs: 1000, sample: null }], DEFAULT_WASTE_SETTINGS).observed).toBe(false);
    expect(emptyUsageRow().spendCents).toBe(0);
  });
});

describe('the ledger’s small largest-remainder split', () => {
  it('splits exactly as allocateCents does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.array(fc.double({ min: 0, max: 4e6, noNaN: true }), { minLength: 2, maxLength: 3 }), (amount, weights) => {
        expect(splitSmall(amount, weights as [number, number])).toEqual(allocateCents(amount, weights));
      }),
      { numRuns: 2000 },
    );
    expect(splitSmall(10, [1, 1, 1])).toEqual(allocateCents(10, [1, 1, 1]));
    expect(splitSmall(7, [0, 0])).toEqual([7, 0]);
  });
});
