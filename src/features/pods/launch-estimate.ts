/**
 * The launch form's cost estimate: the price function the bill uses (domain/pricing.ts) applied
 * to the chosen offer, plus the month's energy at full GPU power and its CO2e in the region.
 */
import { podCostEstimate, podRates, type PodCostEstimate } from '../../domain/pricing';
import { co2eKg, energyKWh } from '../../domain/energy';
import { HOURS_PER_MONTH, MS_PER_HOUR } from '../../domain/units';
import type { Catalog } from './api/types';

export interface LaunchEstimate {
  cost: PodCostEstimate;
  gpuRateMicroUsdPerHour: number;
  diskRateMicroUsdPerHour: number;
  /** A 30-day month at full power (TDP × GPUs), with the region's PUE. */
  energyKWhPerMonth: number;
  co2eKgPerMonth: number;
}

export interface EstimateInput {
  gpuTypeId: string;
  regionId: string;
  gpuCount: number;
  diskGb: number;
}

/** null when the choice has no price (GPU not offered in the region, disk not a number). */
export function launchEstimate(catalog: Catalog, input: EstimateInput): LaunchEstimate | null {
  const gpu = catalog.gpuTypes.find((g) => g.id === input.gpuTypeId);
  const offer = gpu?.offers.find((o) => o.regionId === input.regionId);
  const region = catalog.regions.find((r) => r.id === input.regionId);
  if (!gpu || !offer || !region || !Number.isInteger(input.diskGb) || input.diskGb <= 0 || input.gpuCount <= 0) return null;
  const rates = podRates(offer, catalog.disk, { gpuCount: input.gpuCount, diskGb: input.diskGb });
  const kWh = energyKWh(gpu.tdpW * input.gpuCount, HOURS_PER_MONTH * MS_PER_HOUR, region.pue);
  return {
    cost: podCostEstimate(rates),
    gpuRateMicroUsdPerHour: rates.gpuMicroUsdPerHour,
    diskRateMicroUsdPerHour: rates.diskMicroUsdPerHour,
    energyKWhPerMonth: kWh,
    co2eKgPerMonth: co2eKg(kWh, region.gridGCo2ePerKWh),
  };
}

/** The hourly price difference of an alternative, as "+$1.20/h" or "−$0.40/h" parts. */
export function priceDifferenceSign(microUsdPerHour: number): '+' | '−' | '' {
  return microUsdPerHour > 0 ? '+' : microUsdPerHour < 0 ? '−' : '';
}
