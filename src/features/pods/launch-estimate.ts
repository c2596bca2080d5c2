/**
 * The launch form's cost estimate: the price function the bill uses (domain/pricing.ts) applied
 * to the chosen offer (or MIG slice: its own rate, domain/mig.ts), plus the month's energy at full
 * GPU power (a slice: its fraction of the board) and its CO2e in the region.
 */
import { podCostEstimate, podRates, type PodCostEstimate } from '../../domain/pricing';
import { co2eKg, energyKWh } from '../../domain/energy';
import { gpuFraction } from '../../domain/mig';
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
  /** A MIG slice's profile name; '' or absent: whole GPUs. */
  migProfile?: string | undefined;
  diskGb: number;
}

/** null when the choice has no price (GPU not offered in the region, disk not a number). */
export function launchEstimate(catalog: Catalog, input: EstimateInput): LaunchEstimate | null {
  const gpu = catalog.gpuTypes.find((g) => g.id === input.gpuTypeId);
  const offer = gpu?.offers.find((o) => o.regionId === input.regionId);
  const region = catalog.regions.find((r) => r.id === input.regionId);
  if (!gpu || !offer || !region || !Number.isInteger(input.diskGb) || input.diskGb <= 0 || input.gpuCount <= 0) return null;
  const migProfile = input.migProfile || null;
  const slice = migProfile === null ? null : offer.migSlices?.find((s) => s.profile === migProfile);
  if (migProfile !== null && !slice) return null;
  const rates = podRates({ rateMicroUsdPerGpuHour: slice ? slice.rateMicroUsdPerHour : offer.rateMicroUsdPerGpuHour }, catalog.disk, { gpuCount: input.gpuCount, diskGb: input.diskGb });
  const kWh = energyKWh(gpu.tdpW * input.gpuCount * gpuFraction(migProfile), HOURS_PER_MONTH * MS_PER_HOUR, region.pue);
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
