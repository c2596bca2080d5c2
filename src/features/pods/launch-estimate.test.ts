import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { launchEstimate } from './launch-estimate';
import { catalogOf } from '../../cloud/ops/catalog';
import { createCloud } from '../../cloud/service';
import { podLedger } from '../../cloud/billing';
import { launchTransitions } from '../../cloud/world';
import { diskPricing } from '../../cloud/catalog-data';
import { diskMicroUsdPerHour } from '../../domain/pricing';
import { MS_PER_HOUR } from '../../domain/units';
import type { Pod } from '../../cloud/model';

const catalog = catalogOf(createCloud({ realNow: () => 0 }).context);
const choices = catalog.gpuTypes.flatMap((g) => g.offers.flatMap((o) => g.allowedCounts.map((gpuCount) => ({ gpuTypeId: g.id, regionId: o.regionId, gpuCount, rate: o.rateMicroUsdPerGpuHour, migProfile: undefined as string | undefined }))));
/** Every MIG slice sold (one slice a pod), at its own rate. */
const slices = catalog.gpuTypes.flatMap((g) => g.offers.flatMap((o) => (o.migSlices ?? []).map((s) => ({ gpuTypeId: g.id, regionId: o.regionId, gpuCount: 1, rate: s.rateMicroUsdPerHour, migProfile: s.profile as string | undefined }))));

/** A pod launched with the same choice, running for `hours` within one UTC day, as the ledger bills it. */
function billed(choice: (typeof choices)[number], diskGb: number, hours: number) {
  const start = Date.UTC(2026, 10, 18, 1);
  const up = start + 25_000;
  const pod: Pod = {
    id: 'pod-x', name: 'x', projectId: 'p', ownerId: 'u', gpuTypeId: choice.gpuTypeId, gpuCount: choice.gpuCount, ...(choice.migProfile ? { migProfile: choice.migProfile } : {}), regionId: choice.regionId, imageId: 'i', diskGb,
    autoStopIdleMinutes: null, sshPublicKey: '', createdAtMs: up, archetype: 'notebook', seed: 1,
    rateMicroUsdPerGpuHour: choice.rate, diskMicroUsdPerHour: diskMicroUsdPerHour(diskPricing, diskGb),
    transitions: [...launchTransitions(start, 'x').slice(2), { status: 'stopping', atMs: up + hours * MS_PER_HOUR, reason: '' }],
  };
  const rows = podLedger(pod, 0, up + hours * MS_PER_HOUR);
  return { gpuCents: rows.reduce((a, r) => a + r.gpuCents, 0), diskCents: rows.reduce((a, r) => a + r.diskCents, 0) };
}

describe('the launch estimate', () => {
  it('property: is what the bill charges for an hour and for an 8-hour working day, GPU and disk, to the cent (MIG slices too)', () => {
    expect(slices.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(fc.constantFrom(...choices, ...slices), fc.integer({ min: diskPricing.minGb, max: diskPricing.maxGb }), (choice, diskGb) => {
        const e = launchEstimate(catalog, { ...choice, diskGb })!;
        for (const [line, hours] of [[e.cost.perHour, 1], [e.cost.perWorkingDay, 8]] as const) {
          const bill = billed(choice, diskGb, hours);
          expect(line.gpuCents).toBe(bill.gpuCents);
          expect(line.diskCents).toBe(bill.diskCents);
          expect(line.totalCents).toBe(line.gpuCents + line.diskCents);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('property: grows with GPUs and disk, never negative; energy and CO2e grow with GPUs', () => {
    fc.assert(
      fc.property(fc.constantFrom(...choices), fc.integer({ min: 20, max: 1999 }), (choice, diskGb) => {
        const a = launchEstimate(catalog, { ...choice, diskGb })!;
        const b = launchEstimate(catalog, { ...choice, diskGb: diskGb + 1 })!;
        expect(b.cost.perMonth.totalCents).toBeGreaterThanOrEqual(a.cost.perMonth.totalCents);
        expect(a.cost.perMonth.gpuCents).toBeGreaterThanOrEqual(0);
        const twice = launchEstimate(catalog, { ...choice, gpuCount: choice.gpuCount * 2, diskGb })!;
        expect(twice.cost.perMonth.gpuCents).toBeGreaterThanOrEqual(a.cost.perMonth.gpuCents);
        expect(twice.energyKWhPerMonth).toBeCloseTo(a.energyKWhPerMonth * 2, 6);
        expect(a.co2eKgPerMonth).toBeGreaterThan(0);
      }),
    );
  });

  it('by hand: a 1g.10gb slice of an H100 SXM in Montréal ($2.49/h) is $0.36 an hour, and a seventh of the power', () => {
    const whole = launchEstimate(catalog, { gpuTypeId: 'h100-sxm', regionId: 'ca-mtl-1', gpuCount: 1, diskGb: 100 })!;
    const slice = launchEstimate(catalog, { gpuTypeId: 'h100-sxm', regionId: 'ca-mtl-1', gpuCount: 1, migProfile: '1g.10gb', diskGb: 100 })!;
    expect(whole.cost.perHour.gpuCents).toBe(249);
    expect(slice.gpuRateMicroUsdPerHour).toBe(360_000);
    expect(slice.cost.perHour.gpuCents).toBe(36);
    expect(slice.cost.perMonth.gpuCents).toBe(25_920);
    expect(slice.cost.perHour.diskCents).toBe(whole.cost.perHour.diskCents);
    expect(slice.energyKWhPerMonth).toBeCloseTo(whole.energyKWhPerMonth / 7, 6);
    // A slice the GPU is not sold in has no price.
    expect(launchEstimate(catalog, { gpuTypeId: 'l4', regionId: 'ca-mtl-1', gpuCount: 1, migProfile: '1g.10gb', diskGb: 100 })).toBeNull();
  });

  it('has no price for a GPU not offered in the region, or a disk that is not a whole number', () => {
    expect(launchEstimate(catalog, { gpuTypeId: 'b200', regionId: 'py-itp-1', gpuCount: 1, diskGb: 100 })).toBeNull();
    expect(launchEstimate(catalog, { gpuTypeId: 'l4', regionId: 'ca-mtl-1', gpuCount: 1, diskGb: 10.5 })).toBeNull();
  });

  it('by hand: 2 × L4 in Toronto with 250 GB is $0.91 an hour and $658.60 a 30-day month', () => {
    const e = launchEstimate(catalog, { gpuTypeId: 'l4', regionId: 'ca-tor-1', gpuCount: 2, diskGb: 250 })!;
    expect(e.cost.perHour).toEqual({ gpuCents: 88, diskCents: 3, totalCents: 91 });
    expect(e.cost.perMonth).toEqual({ gpuCents: 63_360, diskCents: 2_500, totalCents: 65_860 });
    expect(e.cost.stoppedPerMonthCents).toBe(2_500);
  });
});
