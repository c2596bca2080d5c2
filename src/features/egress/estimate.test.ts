import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { estimateEgress, type PriceBook } from './estimate';
import { egressPriceBook } from '../../cloud/ops/egress';
import { INTERNET, type Destination } from '../../domain/egress-flow';
import type { EstimatorInputs } from './estimator-params';

const book: PriceBook = egressPriceBook();
const place = (id: string) => book.places.find((p) => p.id === id)!;
const TB = 10n ** 12n;

function inputs(overrides: Partial<EstimatorInputs> = {}): EstimatorInputs {
  return { volumeBytes: 50n * TB, unit: 'TB', cadence: 'monthly', growthBasisPoints: 0, from: place('aws:us-east-1'), to: place('northlight:ca-mtl-1'), ...overrides };
}

describe('the estimate', () => {
  it('bills 50 TB a month from AWS to Montréal under AWS’s internet schedule; kept next to the GPUs, only the one-time move out of AWS', () => {
    const e = estimateEgress(inputs(), book);
    expect(e.path.billed?.schedule.id).toBe('aws-internet');
    expect(e.path.firstMonthCents).toBe(429_100);
    expect(e.path.totalCents).toBe(12 * 429_100);
    expect(e.hybrid?.flow.gpuPlace.id).toBe('northlight:ca-mtl-1');
    // The 50 TB leave AWS once, under the same schedule; then every month is free.
    expect(e.hybrid?.move).toMatchObject({ volumeBytes: 50n * TB, cents: 429_100 });
    expect(e.hybrid?.move?.billed?.schedule.id).toBe('aws-internet');
    expect(e.hybrid?.firstMonthCents).toBe(429_100);
    expect(e.hybrid?.monthlyCents.slice(1).every((c) => c === 0)).toBe(true);
    expect(e.hybrid?.totalCents).toBe(429_100);
    expect(e.hybrid?.savingsCents).toBe(11 * 429_100);
    // A one-time move is the same transfer either way: keeping the data here saves nothing.
    expect(estimateEgress(inputs({ cadence: 'one-time' }), book).hybrid?.savingsCents).toBe(0);
    // Data already in the GPUs' region has nothing to move.
    expect(estimateEgress(inputs({ from: place('northlight:ca-mtl-1'), to: INTERNET }), book).hybrid?.move).toBeNull();
    expect(e.comparisonKind).toBe('internet');
    expect(e.migrationWaiverMayApply).toBe(false);
  });

  it('serves internet traffic from the GPUs’ region under Northlight’s schedule: 10 TB free, then $0.02/GB', () => {
    const e = estimateEgress(inputs({ from: place('aws:ca-central-1'), to: INTERNET }), book);
    // 40,000 GB × $0.02 = $800.00 a month, plus moving the 50 TB out of AWS once (AWS's internet tiers: $4,291.00)
    expect(e.hybrid?.move?.cents).toBe(429_100);
    expect(e.hybrid?.firstMonthCents).toBe(80_000 + 429_100);
    expect(e.hybrid?.totalCents).toBe(12 * 80_000 + 429_100);
    expect(e.hybrid?.relocation).toEqual({ kind: 'stays', jurisdiction: 'Canada' });
  });

  it('notes the migration waivers for a one-time move out of AWS, Google Cloud or Azure only', () => {
    expect(estimateEgress(inputs({ cadence: 'one-time' }), book).migrationWaiverMayApply).toBe(true);
    expect(estimateEgress(inputs({ cadence: 'one-time', from: place('oci:us-ashburn-1') }), book).migrationWaiverMayApply).toBe(false);
  });

  it('adds the months up to the totals, and lists every provider cheapest first, the path among them', () => {
    const dest = fc.oneof(fc.constant<Destination>(INTERNET), fc.constantFrom(...book.places));
    fc.assert(
      fc.property(fc.constantFrom(...book.places), dest, fc.bigInt({ min: 0n, max: 600n * TB }), fc.integer({ min: -5_000, max: 10_000 }), (from, to, volumeBytes, growthBasisPoints) => {
        const e = estimateEgress(inputs({ from, to, volumeBytes, growthBasisPoints }), book);
        expect(e.projection.reduce((a, r) => a + r.pathCents, 0)).toBe(e.path.totalCents);
        if (e.hybrid) expect(e.projection.reduce((a, r) => a + (r.hybridCents ?? 0), 0)).toBe(e.hybrid.totalCents);
        const totals = e.comparison.map((c) => c.projection.totalCents);
        expect([...totals].sort((a, b) => a - b)).toEqual(totals);
        if (e.path.billed) expect(e.comparison.find((c) => c.schedule.id === e.path.billed!.schedule.id)?.projection.totalCents).toBe(e.path.totalCents);
      }),
      { numRuns: 60 },
    );
  });
});
