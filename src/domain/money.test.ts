import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocateCents, centsFromMicroUsd, costCentsForDuration, divRound, microUsdFromUsd, sumCents } from './money';
import { podCostEstimate, podRates } from './pricing';
import { MS_PER_HOUR } from './units';

describe('money', () => {
  it('rounds half away from zero, once', () => {
    expect(divRound(5, 10)).toBe(1);
    expect(divRound(4, 10)).toBe(0);
    expect(divRound(-5, 10)).toBe(-1);
    expect(centsFromMicroUsd(2_494_999)).toBe(249);
    expect(centsFromMicroUsd(2_495_000)).toBe(250);
    expect(microUsdFromUsd(2.49)).toBe(2_490_000);
  });

  it('bills per second: an H100 at $2.49/h for 90 minutes costs $3.74 (3.735 rounded half up)', () => {
    expect(costCentsForDuration(2_490_000, 90 * 60_000)).toBe(374);
    // Partial seconds are not billed.
    expect(costCentsForDuration(3_600_000_000, 1_999)).toBe(costCentsForDuration(3_600_000_000, 1_000));
    expect(costCentsForDuration(2_490_000, 0)).toBe(0);
  });

  it('never decreases as time grows, and is never negative', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60_000_000 }), fc.integer({ min: 0, max: 100 * 86_400_000 }), fc.integer({ min: 0, max: 86_400_000 }), (rate, ms, more) => {
        const a = costCentsForDuration(rate, ms);
        expect(a).toBeGreaterThanOrEqual(0);
        expect(costCentsForDuration(rate, ms + more)).toBeGreaterThanOrEqual(a);
      }),
    );
  });

  it('allocates an amount into parts that sum to it exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 20 }), (amount, weights) => {
        const parts = allocateCents(amount, weights);
        expect(sumCents(parts)).toBe(amount);
        parts.forEach((p) => expect(Number.isInteger(p) && p >= 0).toBe(true));
      }),
    );
  });

  it('refuses to sum fractional cents', () => {
    expect(() => sumCents([1, 2.5])).toThrow(/integer/);
  });
});

describe('the price function', () => {
  const disk = { microUsdPerGbMonth: 100_000, minGb: 20, maxGb: 2000 };

  it('estimates an 8 × H100 pod with 500 GB of disk by hour, working day and month', () => {
    const rates = podRates({ rateMicroUsdPerGpuHour: 2_490_000 }, disk, { gpuCount: 8, diskGb: 500 });
    expect(rates.gpuMicroUsdPerHour).toBe(19_920_000);
    // $0.10/GB-month × 500 GB = $50/month = 69,444.4 micro-dollars per hour, rounded.
    expect(rates.diskMicroUsdPerHour).toBe(69_444);
    const e = podCostEstimate(rates);
    expect(e.perHour).toEqual({ gpuCents: 1992, diskCents: 7, totalCents: 1999 });
    expect(e.perWorkingDay.gpuCents).toBe(15_936);
    expect(e.perMonth.gpuCents).toBe(1_434_240);
    expect(e.perMonth.diskCents).toBe(5000);
    expect(e.stoppedPerMonthCents).toBe(5000);
  });

  it('keeps each line the sum of its parts and grows with GPU count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100_000, max: 8_000_000 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 20, max: 2000 }), (rate, count, diskGb) => {
        const e = podCostEstimate(podRates({ rateMicroUsdPerGpuHour: rate }, disk, { gpuCount: count, diskGb }));
        for (const line of [e.perHour, e.perWorkingDay, e.perMonth]) expect(line.totalCents).toBe(line.gpuCents + line.diskCents);
        const more = podCostEstimate(podRates({ rateMicroUsdPerGpuHour: rate }, disk, { gpuCount: count + 1, diskGb }));
        expect(more.perMonth.totalCents).toBeGreaterThan(e.perMonth.totalCents);
        expect(costCentsForDuration(rate * count, MS_PER_HOUR)).toBe(e.perHour.gpuCents);
      }),
    );
  });
});
