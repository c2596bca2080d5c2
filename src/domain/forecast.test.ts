import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FORECAST_METHOD, forecastMonth, projectedCents, runOutAtMs, TREND_FADE_DAYS, trendLine } from './forecast';
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
    expect(f.recentAverageCentsPerDay).toBe(2_400);
    expect(f.trendCentsPerDayPerDay).toBe(0);
    expect(f.monthEndMs).toBe(Date.UTC(2026, 11, 1));
    expect(f.remainingMs).toBe(DAYS_LEFT * MS_PER_DAY);
  });

  it('on a growing series: the trend adds its growth, fading over a week', () => {
    // Day k cost 1,000 + 100k cents (k = 0..13): the line grows 100 cents a day, every day.
    const daily = Array.from({ length: 14 }, (_, k) => 1_000 + 100 * k);
    const f = forecastMonth({ nowMs: NOW, monthToDateCents: 30_000, dailyCents: daily, runRateMicroUsdPerHour: RATE_100_CENTS_PER_HOUR });
    expect(f.trendCentsPerDayPerDay).toBe(100);
    // ∫ 2,400 + 100·7·(1 − e^(−t/7)) dt over 12.375 days = 29,700 + 700·(12.375 − 7·(1 − e^(−12.375/7)))
    const growth = 100 * TREND_FADE_DAYS * (DAYS_LEFT - TREND_FADE_DAYS * (1 - Math.exp(-DAYS_LEFT / TREND_FADE_DAYS)));
    expect(growth).toBeCloseTo(4_598.9, 1);
    expect(f.monthEndCents).toBe(30_000 + Math.round(29_700 + growth));
    // More than the flat run-rate, less than a straight line carried on (+7,657).
    expect(f.monthEndCents).toBeGreaterThan(30_000 + 29_700);
    expect(f.monthEndCents).toBeLessThan(30_000 + 29_700 + 7_657);
    // The other pace: the last 7 days averaged 1,000 + 100 × 10 = 2,000 a day.
    expect(f.recentAverageCentsPerDay).toBe(2_000);
    expect(f.lowCents).toBe(30_000 + Math.round(2_000 * DAYS_LEFT + growth));
    expect(f.highCents).toBe(f.monthEndCents);
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
    // The range reaches down to the last 7 days' average (5 of them at 2,400) and holds the forecast.
    expect(f.recentAverageCentsPerDay).toBe(Math.round((5 * 2_400) / 7));
    expect(f.lowCents).toBeLessThan(f.monthEndCents);
    expect(f.lowCents).toBeGreaterThanOrEqual(monthToDate);
    expect(f.highCents).toBeGreaterThan(f.monthEndCents);
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

  it('integrates the pace, lets the trend fade, and never lets the pace go below zero', () => {
    expect(projectedCents(100, 0, 3)).toBe(300);
    // Without fading (τ very long) the trend is a straight line: 100·2 + 10·2²/2 = 220.
    expect(projectedCents(100, 10, 2, 1e9)).toBeCloseTo(220, 6);
    // Fading: a week's trend adds at most slope·τ a day: 100 + 10·7 = 170 a day at most.
    expect(projectedCents(100, 10, 300)).toBeLessThan(170 * 300);
    expect(projectedCents(100, 10, 300)).toBeGreaterThan(169 * 300 - 10 * 49);
    // Falling 50 a day from 100 with no fading: the pace reaches 0 after 2 days, having spent 100.
    expect(projectedCents(100, -50, 10, 1e9)).toBeCloseTo(100, 6);
    // Fading, the floor is 100 − 50·7 < 0: it still stops at zero and never goes back.
    const stops = projectedCents(100, -50, 10);
    expect(stops).toBeGreaterThan(100);
    expect(projectedCents(100, -50, 30)).toBeCloseTo(stops, 6);
    expect(projectedCents(0, -50, 4)).toBe(0);
    expect(projectedCents(100, 0, 0)).toBe(0);
  });

  it('never decreases as days are added (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: -100_000, max: 100_000 }), fc.double({ min: 0, max: 31, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), (pace, slope, days, more) => {
        expect(projectedCents(pace, slope, days + more)).toBeGreaterThanOrEqual(projectedCents(pace, slope, days) - 1e-6);
        expect(projectedCents(pace, slope, days)).toBeGreaterThanOrEqual(0);
      }),
    );
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
    const exactDays = (() => {
      // projectedCents is increasing here: solve projectedCents(2,400, 100, t) = 4,800 finely.
      let lo = 0;
      let hi = 2;
      for (let i = 0; i < 60; i++) {
        const mid = (lo + hi) / 2;
        if (projectedCents(2_400, 100, mid) >= 4_800) hi = mid;
        else lo = mid;
      }
      return hi;
    })();
    expect(Math.abs(at - (NOW + exactDays * MS_PER_DAY))).toBeLessThanOrEqual(60_000);
    expect(at).toBeLessThan(NOW + 48 * MS_PER_HOUR);
  });
});
