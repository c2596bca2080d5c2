import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cheapestFittingTier, sameJurisdictionRegionIds } from './tier-fit';
import type { GpuType, Region } from './catalog';

const gpu = (id: string, vramGiB: number, tflops: number): GpuType => ({
  id, name: id, arch: 'x', vramGiB, memBandwidthGBs: 1000, bf16DenseTflops: tflops, fp16DenseTflops: tflops, tdpW: 300, formFactor: 'PCIe', speedClass: 'mid', allowedCounts: [1],
});
const region = (id: string, jurisdiction: string): Region => ({
  id, name: id, city: id, country: jurisdiction, countryCode: 'CA', jurisdiction, residency: [jurisdiction], energySource: 'hydro', pue: 1.3, gridGCo2ePerKWh: 30, carbonSource: 's',
});

const h100 = gpu('h100', 80, 989);
const l40s = gpu('l40s', 48, 362);
const l4 = gpu('l4', 24, 121);
const t4 = gpu('t4', 16, 65);
const gpuTypes = [h100, l40s, l4, t4];
const regions = [region('mtl', 'Canada'), region('tor', 'Canada'), region('bod', 'Sweden')];
const offers = [
  { gpuTypeId: 'h100', regionId: 'mtl', rateMicroUsdPerGpuHour: 2_490_000 },
  { gpuTypeId: 'l40s', regionId: 'mtl', rateMicroUsdPerGpuHour: 890_000 },
  { gpuTypeId: 'l4', regionId: 'tor', rateMicroUsdPerGpuHour: 440_000 },
  { gpuTypeId: 't4', regionId: 'bod', rateMicroUsdPerGpuHour: 250_000 },
];
const current = { gpuType: h100, rateMicroUsdPerGpuHour: 2_490_000, regionId: 'mtl' };

describe('the cheapest fitting tier', () => {
  it('picks an L40S for 17.8 GiB peak and 23% of an H100 (227 TFLOPS): fits with 2.7× headroom', () => {
    const fit = cheapestFittingTier({ current, demand: { peakMemMiB: 17.8 * 1024, demandTflops: 0.23 * 989 }, gpuTypes, offers, regions });
    expect(fit?.gpuType.id).toBe('l40s');
    expect(fit?.headroom).toBeCloseTo(48 / 17.8, 5);
    expect(fit?.speedRatio).toBeCloseTo(362 / 989, 5);
  });

  it('picks the L4 in Toronto when demand is light and memory small, but never the T4 in Sweden', () => {
    const fit = cheapestFittingTier({ current, demand: { peakMemMiB: 12 * 1024, demandTflops: 50 }, gpuTypes, offers, regions });
    expect(fit?.gpuType.id).toBe('l4');
    expect(fit?.regionId).toBe('tor');
    expect(sameJurisdictionRegionIds(regions, 'mtl')).toEqual(['mtl', 'tor']);
  });

  it('refuses when the peak with 20% headroom does not fit (41 GiB × 1.2 > 48 GiB) or nothing is cheaper', () => {
    expect(cheapestFittingTier({ current, demand: { peakMemMiB: 41 * 1024, demandTflops: 10 }, gpuTypes, offers, regions })).toBeNull();
    expect(cheapestFittingTier({ current: { gpuType: l4, rateMicroUsdPerGpuHour: 440_000, regionId: 'tor' }, demand: { peakMemMiB: 1024, demandTflops: 1 }, gpuTypes, offers, regions })).toBeNull();
  });

  it('always fits the peak with headroom, costs less, stays in the jurisdiction, and is deterministic', () => {
    fc.assert(
      fc.property(fc.integer({ min: 256, max: 80 * 1024 }), fc.double({ min: 0, max: 989, noNaN: true }), fc.double({ min: 1, max: 2, noNaN: true }), (peak, demandTflops, headroom) => {
        const input = { current, demand: { peakMemMiB: peak, demandTflops }, gpuTypes, offers, regions, memoryHeadroom: headroom };
        const fit = cheapestFittingTier(input);
        expect(cheapestFittingTier(input)).toEqual(fit);
        if (!fit) return;
        expect(fit.gpuType.vramGiB * 1024).toBeGreaterThanOrEqual(peak * headroom);
        expect(fit.rateMicroUsdPerGpuHour).toBeLessThan(current.rateMicroUsdPerGpuHour);
        expect(['mtl', 'tor']).toContain(fit.regionId);
      }),
    );
  });
});
