import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fittingMigProfiles, gpuFraction, gpuSevenths, migComputeSlices, migSliceRateMicroUsdPerHour, MIG_COMPUTE_SLICES } from './mig';
import { costCentsForDuration } from './money';
import { podCostEstimate, podRates } from './pricing';
import { MS_PER_HOUR } from './units';

const DISK = { microUsdPerGbMonth: 100_000, minGb: 20, maxGb: 2000 };
const H100 = 2_490_000; // $2.49 per GPU-hour
const A100 = 1_390_000; // $1.39

describe('MIG slices', () => {
  it('reads the compute slices from the profile name, and nothing from a name that is not one', () => {
    expect(migComputeSlices('1g.10gb')).toBe(1);
    expect(migComputeSlices('3g.40gb')).toBe(3);
    expect(migComputeSlices('7g.80gb')).toBe(7);
    expect(migComputeSlices('1g.10gb+me')).toBeNull();
    expect(migComputeSlices('8g.90gb')).toBeNull();
    expect(migComputeSlices('whole')).toBeNull();
  });

  it('counts a slice as g/7 of a GPU, and whole GPUs as themselves', () => {
    expect(gpuFraction(undefined)).toBe(1);
    expect(gpuFraction(null)).toBe(1);
    expect(gpuFraction('1g.10gb')).toBe(1 / 7);
    expect(gpuFraction('4g.40gb')).toBe(4 / 7);
    expect(gpuSevenths(8, undefined)).toBe(56);
    expect(gpuSevenths(1, '2g.20gb')).toBe(2);
    // Two 3g slices and a 1g fill one GPU's compute: 7 sevenths.
    expect(gpuSevenths(1, '3g.40gb') * 2 + gpuSevenths(1, '1g.10gb')).toBe(MIG_COMPUTE_SLICES);
  });

  it('prices a 1g.10gb slice of an H100 at $2.49/h at $2.49 ÷ 7 = $0.355714…, rounded half up to $0.36/h', () => {
    expect(migSliceRateMicroUsdPerHour(H100, 1)).toBe(360_000);
    // 2g $0.711428… → $0.71; 3g $1.067142… → $1.07; 4g $1.422857… → $1.42; 7g the whole GPU.
    expect(migSliceRateMicroUsdPerHour(H100, 2)).toBe(710_000);
    expect(migSliceRateMicroUsdPerHour(H100, 3)).toBe(1_070_000);
    expect(migSliceRateMicroUsdPerHour(H100, 4)).toBe(1_420_000);
    expect(migSliceRateMicroUsdPerHour(H100, 7)).toBe(H100);
    // A100 at $1.39: $0.198571… → $0.20; 4g $0.794285… → $0.79.
    expect(migSliceRateMicroUsdPerHour(A100, 1)).toBe(200_000);
    expect(migSliceRateMicroUsdPerHour(A100, 4)).toBe(790_000);
    // Toronto's H100 at $2.59: 1g exactly $0.37.
    expect(migSliceRateMicroUsdPerHour(2_590_000, 1)).toBe(370_000);
    // A provider charging 10% for slicing: $2.49 × 1/7 × 1.1 = $0.391285… → $0.39.
    expect(migSliceRateMicroUsdPerHour(H100, 1, 110)).toBe(390_000);
    expect(() => migSliceRateMicroUsdPerHour(H100, 8)).toThrow(RangeError);
  });

  it('bills a 1g.10gb H100 slice pod its fraction: $0.36 an hour, $3.60 for 10 hours, $259.20 for a 30-day month', () => {
    const rate = migSliceRateMicroUsdPerHour(H100, 1);
    const estimate = podCostEstimate(podRates({ rateMicroUsdPerGpuHour: rate }, DISK, { gpuCount: 1, diskGb: 100 }));
    expect(estimate.perHour.gpuCents).toBe(36);
    expect(estimate.perMonth.gpuCents).toBe(25_920);
    // Per GPU-hour billing (cloud/billing.ts rounds each hour once): 10 whole hours.
    let cents = 0;
    for (let h = 0; h < 10; h++) cents += costCentsForDuration(rate, MS_PER_HOUR);
    expect(cents).toBe(360);
    // A whole H100 for the same 10 hours: $24.90; the slice is its seventh to the cent and a half-cent an hour.
    expect(10 * costCentsForDuration(H100, MS_PER_HOUR)).toBe(2490);
    expect(Math.abs(cents - 2490 / 7)).toBeLessThanOrEqual(10 * 0.5);
  });

  it('is within half a cent an hour of the exact fraction, and never cheaper for more compute', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 7 }), (rateCents, g) => {
        const whole = rateCents * 10_000;
        const slice = migSliceRateMicroUsdPerHour(whole, g);
        expect(slice % 10_000).toBe(0);
        expect(Math.abs(slice - (whole * g) / 7)).toBeLessThanOrEqual(5_000);
        if (g < 7) expect(migSliceRateMicroUsdPerHour(whole, g + 1)).toBeGreaterThanOrEqual(slice);
        if (g === 7) expect(slice).toBe(whole);
      }),
    );
  });

  it('lists the profiles that fit a need, smallest first', () => {
    const profiles = [
      { name: '7g.80gb', computeSlices: 7, memoryGb: 80 },
      { name: '1g.10gb', computeSlices: 1, memoryGb: 10 },
      { name: '3g.40gb', computeSlices: 3, memoryGb: 40 },
      { name: '2g.20gb', computeSlices: 2, memoryGb: 20 },
    ];
    expect(fittingMigProfiles(profiles, { memoryGb: 18, computeSlices: 1 }).map((p) => p.name)).toEqual(['2g.20gb', '3g.40gb', '7g.80gb']);
    expect(fittingMigProfiles(profiles, { memoryGb: 5, computeSlices: 3 }).map((p) => p.name)).toEqual(['3g.40gb', '7g.80gb']);
    expect(fittingMigProfiles(profiles, { memoryGb: 90, computeSlices: 1 })).toEqual([]);
  });
});
