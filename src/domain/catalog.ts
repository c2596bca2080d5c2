/**
 * The shapes of what a GPU cloud sells: GPU types with their public specifications,
 * regions with jurisdiction and energy facts, and the offers (price and capacity) that
 * join them. The figures themselves are data (see cloud/catalog-data.ts).
 */
import type { MigProfile } from './mig';
import type { MicroUsdPerHour } from './money';

export type SpeedClass = 'frontier' | 'high' | 'mid' | 'entry';

export interface GpuType {
  id: string;
  name: string;
  arch: string;
  vramGiB: number;
  memBandwidthGBs: number;
  /** Dense BF16 tensor TFLOPS; null where the GPU has no BF16 (T4). */
  bf16DenseTflops: number | null;
  fp16DenseTflops: number;
  tdpW: number;
  formFactor: string;
  speedClass: SpeedClass;
  /** GPU counts a pod of this type may hold. */
  allowedCounts: number[];
  /** MIG slices sold of this GPU (a pod may hold one instead of whole GPUs); absent: whole GPUs only. */
  migProfiles?: MigProfile[];
}

export interface Region {
  id: string;
  name: string;
  city: string;
  country: string;
  countryCode: string;
  /** The legal jurisdiction data stored here falls under. */
  jurisdiction: string;
  /** Residency groups a "keep my data in …" filter matches, e.g. ["Canada"] or ["Sweden", "EU"]. */
  residency: string[];
  energySource: string;
  pue: number;
  /** Lifecycle grid carbon intensity, g CO2e per kWh. */
  gridGCo2ePerKWh: number;
  carbonSource: string;
}

export interface GpuOffer {
  gpuTypeId: string;
  regionId: string;
  /** On-demand price per GPU-hour. */
  rateMicroUsdPerGpuHour: MicroUsdPerHour;
  /** Committed-use price per GPU-hour (1-month term). */
  committedRateMicroUsdPerGpuHour: MicroUsdPerHour;
  /** GPUs this region has in total for this type. */
  totalGpus: number;
  /** The rate of each MIG slice sold (domain/mig.ts migSliceRateMicroUsdPerHour); absent: whole GPUs only. */
  migSlices?: MigSliceOffer[];
}

/** A MIG slice's price in a region: per hour of the slice (a slice pod has one). */
export interface MigSliceOffer {
  profile: string;
  rateMicroUsdPerHour: MicroUsdPerHour;
}

export interface DiskPricing {
  /** Block storage price per decimal GB per 30-day month, in micro-dollars. */
  microUsdPerGbMonth: number;
  minGb: number;
  maxGb: number;
}

export function gpuTflops(gpu: GpuType): number {
  return gpu.bf16DenseTflops ?? gpu.fp16DenseTflops;
}
