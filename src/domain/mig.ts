/**
 * MIG slices: a GPU cut into instances (NVIDIA Multi-Instance GPU), sold and counted as their
 * share of the GPU. A profile "<g>g.<m>gb" has g of the GPU's 7 compute slices and m GB of its
 * memory (NVIDIA MIG user guide; data/mig-profiles.json). A slice pod holds one instance: it is
 * g/7 of a GPU wherever GPUs are counted (capacity, quota, allocated GPU-seconds, the heatmap) and
 * its rate is the GPU's rate × g/7 (× the provider's percent), so its bill is its fraction.
 */
import { divRound, type MicroUsdPerHour } from './money';

/** Compute slices of a whole GPU: every MIG profile's g is out of seven (MIG user guide). */
export const MIG_COMPUTE_SLICES = 7;

export interface MigProfile {
  /** NVIDIA's name, e.g. "1g.10gb" (the GPU_I_PROFILE label of its DCGM series). */
  name: string;
  /** Sevenths of the GPU's SMs. */
  computeSlices: number;
  /** The instance's memory, in the GB of its name. */
  memoryGb: number;
}

const PROFILE_NAME = /^([1-7])g\.(\d{1,4})gb$/;

/** The compute slices a profile's name says ("3g.40gb" → 3); null for a name that is not a MIG profile's. */
export function migComputeSlices(profile: string): number | null {
  const m = PROFILE_NAME.exec(profile);
  return m ? Number(m[1]) : null;
}

/** The memory a profile's name says ("3g.40gb" → 40 GB); null for a name that is not a MIG profile's. */
export function migMemoryGb(profile: string): number | null {
  const m = PROFILE_NAME.exec(profile);
  return m ? Number(m[2]) : null;
}

/**
 * The memory of one of a pod's GPUs, MiB: a slice's (its profile's GB, counted as the catalog
 * counts a GPU's vramGiB: × 1024, so a 7g.80gb slice has its 80 GB GPU's memory), else the GPU's.
 */
export function gpuInstanceMemMiB(migProfile: string | null | undefined, vramGiB: number): number {
  const sliceGb = migProfile == null ? null : migMemoryGb(migProfile);
  return (sliceGb ?? vramGiB) * 1024;
}

/** How much of a GPU one of a pod's GPUs is: 1 for a whole GPU, g/7 for a slice. */
export function gpuFraction(migProfile: string | null | undefined): number {
  if (migProfile == null) return 1;
  const g = migComputeSlices(migProfile);
  return g === null ? 1 : g / MIG_COMPUTE_SLICES;
}

/**
 * A pod's GPUs in sevenths of a GPU, an exact integer to add up: whole GPUs × 7, a slice its
 * compute slices. Sums of pods are exact; ÷ 7 at the end is the GPUs they hold.
 */
export function gpuSevenths(gpuCount: number, migProfile: string | null | undefined): number {
  if (migProfile == null) return gpuCount * MIG_COMPUTE_SLICES;
  return (migComputeSlices(migProfile) ?? MIG_COMPUTE_SLICES) * gpuCount;
}

const MICRO_USD_PER_CENT = 10_000;

/**
 * A slice's rate: the whole GPU's rate × g/7 × pricePercent/100 (the provider's rule,
 * brand.config.ts migSlicePricePercent; 100 is exactly its compute fraction), rounded half up to
 * the whole cent per hour. Whole cents because billing rounds each GPU-hour to the cent
 * (cloud/billing.ts gpuHourCents): only a whole-cent rate bills an hour at exactly its price, so
 * the launch form's estimate stays the bill (a rate of 355,714 µ$ would bill 36 ¢ an hour but
 * estimate a month at 35.57 ¢ an hour). The rounding moves the price by at most half a cent an hour.
 * Example: an H100 at $2.49/h → 1g: $2.49 ÷ 7 = $0.35571… → $0.36/h; 3g: $1.06714… → $1.07/h.
 */
export function migSliceRateMicroUsdPerHour(gpuRateMicroUsdPerHour: MicroUsdPerHour, computeSlices: number, pricePercent = 100): MicroUsdPerHour {
  if (!Number.isInteger(computeSlices) || computeSlices < 1 || computeSlices > MIG_COMPUTE_SLICES) throw new RangeError(`a MIG profile has 1 to 7 compute slices, not ${computeSlices}`);
  const cents = divRound(gpuRateMicroUsdPerHour * computeSlices * pricePercent, MIG_COMPUTE_SLICES * 100 * MICRO_USD_PER_CENT);
  return cents * MICRO_USD_PER_CENT;
}

/** The profiles of a GPU that fit a need: at least this memory and these compute slices, smallest (cheapest) first. */
export function fittingMigProfiles(profiles: readonly MigProfile[], need: { memoryGb: number; computeSlices: number }): MigProfile[] {
  return profiles
    .filter((p) => p.memoryGb >= need.memoryGb && p.computeSlices >= need.computeSlices)
    .sort((a, b) => a.computeSlices - b.computeSlices || a.memoryGb - b.memoryGb);
}
