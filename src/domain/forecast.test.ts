import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FORECAST_METHOD, forecastMonth, projectedCents, runOutAtMs, trendLine } from './forecast';
import { MS_PER_DAY, MS_PER_HOUR } from './units';

// Wednesday 18 November 2026, 15:00 UTC: 12 days and 9 hours (12.375 days) left in the month.
const NOW = Date.UTC(2026, 10, 18, 15);
const DAYS_LEFT = 12.375;
/** 100 cents an hour = 2,400 cents a day. */
const RATE_100_CENTS_PER_HOUR = 1_000_000;

describe('the month-end forecast', () => {
  it('states its method', () => {
    expect(FORECAST_METHOD).toMatch(/run-rate/);
    expect(FORECAST_METHOD).toMatch(/14/);
  });

  it('on a flat series: spend so far plus the same pace to the end of the month, with no spread', () => {
    const f = forecastMonth({ nowMs: NOW, monthToDateCents: 42_000, dailyCents: Array(14).fill(2_400), runRateMicroUsdPerHour: RATE_100_CENTS_PER_HOUR });
    // 2,400 × 12.375 = 29,700
    expect(f.monthEndCents).toBe(42_000 + 29_700);
    expect(f.lowCents).toBe(f.monthEndCents);
    expect(f.highCents).toBe(f.monthEndCents);
    expect(f.runRateCentsPerDay).toBe(2_400);
    expect(f.historyCentsPerDay).toBe(2_400);
    expect(f.trendCentsPerDayPerDay).toBe(0);
    expect(f.monthEndMs).toBe(Date.UTC(2026, 11, 1));
    expect(f.remainingMs).toBe(DAYS_LEFT * MS_PER_DAY);
  });

  it('on a growing series: the trend adds its growth to the rest of the month', () => {
    // Day k cost 1,000 + 100k cents (k = 0..13): the line grows 100 cents a day, every day.
    const daily = Array.from({ length: 14 }, (_, k) => 1_000 + 100 * k);
    const f = forecastMonth({ nowMs: NOW, monthToDateCents: 30_000, dailyCents: daily, runRateMicroUsdPerHour: RATE_100_CENTS_PER_HOUR });
    expect(f.trendCentsPerDayPerDay).toBe(100);
    // Run-rate 2,400/day over 12.375 days + the growth 100 × 12.375² / 2 = 29,700 + 7,657.03
    expect(f.monthEndCents).toBe(30_000 + 37_357);
    // The 14-day line brought to now (day index 14.125): 1,000 + 1,412.5 = 2,412.5 a day.
    expect(f.historyCentsPerDay).toBe(2_413);
    expect(f.lowCents).toBe(30_000 + 37_357);
    expect(f.highCents).toBe(30_000 + Math.round(2_412.5 * DAYS_LEFT + 7_657.03125));
    // More than a flat run-rate would say.
    expect(f.monthEndCents).toBeGreaterThan(30_000 + 29_700);
  });

  it('with a pod started mid-month: forecasts its full pace, not the month’s average', () => {
    // Nothing for 9 days, then a pod at 2,400 cents a day for the last 5.
    const daily = [...Array(9).fill(0), ...Array(5).fill(2_400)];
    const monthToDate = 5 * 2_400 + 1_500; // today so far, 15 hours
    const f = forecastMonth({ nowMs: NOW, monthToDateCents: monthToDate, dailyCents: daily, runRateMicroUsdPerHour: RATE_100_CENTS_PER_HOUR });
    // A single jump is not a trend: the median pairwise slope is 0.
    expect(f.trendCentsPerDayPerDay).toBe(0);
    expect(f.monthEndCents).toBe(monthToDate + 29_700);
    // Scaling spend so far to the whole month would say far less.
    const naive = Math.round((monthToDate / (17 + 15 / 24)) * 30);
    expect(f.monthEndCents).toBeGreaterThan(naive);
    // The range reaches down to the 14-day average and holds the forecast.
    expect(f.lowCents).toBeLessThan(f.monthEndCents);
    expect(f.lowCents).toBeGreaterThanOrEqual(monthToDate);
    expect(f.highCents).toBeGreaterThan(f.monthEndCents);
    expect(f.historyCentsPerDay).toBe(Math.round((5 * 2_400) / 14));
  });

  it('counts egress and other costs without a run-rate at their recent average', () => {
    const f = forecastMonth({ nowMs: NOW, monthToDateCents: 0, dailyCents: Array(14).fill(2_500), runRateMicroUsdPerHour: RATE_100_CENTS_PER_HOUR, otherCentsPerDay: 100 });
    expect(f.runRateCentsPerDay).toBe(2_500);
    expect(f.monthEndCents).toBe(Math.round(2_500 * DAYS_LEFT));
  });

  it('works with no history at all (a new organization): the run-rate alone', () => {
    const f = forecastMonth({ nowMs: NOW, monthToDateCents: 0, dailyCents: [], runRateMicroUsdPerHour: RATE_100_CENTS_PER_HOUR });
    expect(f.monthEndCents).toBe(29_700);
    expect(f.daysObserved).toBe(0);
  });

  it('never forecasts less than spent, and the range always holds the forecast', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5_000_000 }), { maxLength: 20 }),
        fc.integer({ min: 0, max: 50_000_000 }),
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.integer({ min: 0, max: 30 * MS_PER_DAY - 1 }),
        (daily, mtd, rate, offset) => {
          const f = forecastMonth({ nowMs: Date.UTC(2026, 10, 1) + offset, monthToDateCents: mtd, dailyCents: daily, runRateMicroUsdPerHour: rate });
          expect(f.lowCents).toBeGreaterThanOrEqual(mtd);
          expect(f.lowCents).toBeLessThanOrEqual(f.monthEndCents);
          expect(f.monthEndCents).toBeLessThanOrEqual(f.highCents);
          [f.lowCents, f.monthEndCents, f.highCents].forEach((c) => expect(Number.isInteger(c)).toBe(true));
        },
      ),
    );
  });

  it('grows with the run-rate', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 14 }), fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), (daily, rate, more) => {
        const a = forecastMonth({ nowMs: NOW, monthToDateCents: 0, dailyCents: daily, runRateMicroUsdPerHour: rate });
        const b = forecastMonth({ nowMs: NOW, monthToDateCents: 0, dailyCents: daily, runRateMicroUsdPerHour: rate + more });
        expect(b.monthEndCents).toBeGreaterThanOrEqual(a.monthEndCents);
      }),
    );
  });
});

describe('the trend line and the projection', () => {
  it('fits the median slope, so one outlier day does not tilt it', () => {
    expect(trendLine([10, 10, 10, 500, 10, 10, 10]).slopePerDay).toBe(0);
    expect(trendLine([0, 2, 4, 6]).slopePerDay).toBe(2);
    expect(trendLine([]).slopePerDay).toBe(0);
  });

  it('integrates the pace and never lets it go below zero', () => {
    expect(projectedCents(100, 0, 3)).toBe(300);
    expect(projectedCents(100, 10, 2)).toBe(220);
    // Falling 50 a day from 100: spend stops after 2 days, at 100.
    expect(projectedCents(100, -50, 10)).toBe(100);
    expect(projectedCents(-100, 50, 4)).toBe(100);
    expect(projectedCents(100, 0, 0)).toBe(0);
  });
});

describe('when the budget runs out at today’s pace', () => {
  const flat = forecastMonth({ nowMs: NOW, monthToDateCents: 40_000, dailyCents: Array(14).fill(2_400), runRateMicroUsdPerHour: RATE_100_CENTS_PER_HOUR });

  it('is the moment the pace reaches the budget', () => {
    // $400 spent, $448 budget: 4,800 cents left at 100 an hour = 48 hours.
    expect(runOutAtMs(flat, NOW, 44_800)).toBe(NOW + 48 * MS_PER_HOUR);
  });

  it('is now when the budget is already spent, and null when the month ends first', () => {
    expect(runOutAtMs(flat, NOW, 40_000)).toBe(NOW);
    expect(runOutAtMs(flat, NOW, 40_000 + 29_701)).toBeNull();
    expect(runOutAtMs(flat, NOW, 40_000 + 29_700)).not.toBeNull();
  });

  it('comes before month end exactly when the forecast passes the budget', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200_000 }), (budget) => {
        const at = runOutAtMs(flat, NOW, budget);
        expect(at !== null).toBe(flat.monthEndCents >= budget);
        if (at !== null) expect(at).toBeLessThanOrEqual(flat.monthEndMs + 60_000);
      }),
    );
  });
});

describe('the run-out date on a trend', () => {
  it('comes sooner when spend grows, within a minute of the exact root', () => {
    const growing = forecastMonth({ nowMs: NOW, monthToDateCents: 40_000, dailyCents: Array.from({ length: 14 }, (_, k) => 1_000 + 100 * k), runRateMicroUsdPerHour: RATE_100_CENTS_PER_HOUR });
    const at = runOutAtMs(growing, NOW, 44_800)!;
    // 2,400 t + 50 t² = 4,800 → t = (−2,400 + √(2,400² + 4·50·4,800)) / 100 days
    const exactDays = (-2_400 + Math.sqrt(2_400 ** 2 + 4 * 50 * 4_800)) / 100;
    expect(Math.abs(at - (NOW + exactDays * MS_PER_DAY))).toBeLessThanOrEqual(60_000);
    expect(at).toBeLessThan(NOW + 48 * MS_PER_HOUR);
  });
});
