/**
 * The one rule for "a cheaper GPU would do this work": the cheapest GPU type, in a region the
 * pod's jurisdiction allows, whose memory holds the observed peak with headroom and whose
 * tensor throughput covers the observed demand. The waste ledger's "oversized" category and
 * the cheaper-tier recommendation both call it, so they never disagree.
 */
import { gpuTflops, type GpuOffer, type GpuType, type Region } from './catalog';
import type { MicroUsdPerHour } from './money';

/**
 * Memory headroom: the new GPU must hold 1.2 × the observed peak. Peaks in a sample window
 * miss short spikes, and frameworks reserve memory in blocks (PyTorch's caching allocator);
 * 20% is the margin commonly used in right-sizing tools (e.g. Kubernetes VPA's default
 * safety margin of 15% plus rounding). A setting, not a law.
 */
export const DEFAULT_MEMORY_HEADROOM = 1.2;

export interface ObservedDemand {
  /** Peak DCGM_FI_DEV_FB_USED over the window, MiB. */
  peakMemMiB: number;
  /**
   * Compute actually used: p95 of DCGM_FI_PROF_SM_ACTIVE (0-1) × the current GPU's dense
   * tensor TFLOPS. A candidate slower than this would stretch the work beyond the window.
   */
  demandTflops: number;
}

export interface TierFitInput {
  current: { gpuType: GpuType; rateMicroUsdPerGpuHour: MicroUsdPerHour; regionId: string };
  demand: ObservedDemand;
  gpuTypes: readonly GpuType[];
  offers: readonly Pick<GpuOffer, 'gpuTypeId' | 'regionId' | 'rateMicroUsdPerGpuHour'>[];
  regions: readonly Region[];
  /** Regions the pod's data may move to; defaults to those sharing the current region's jurisdiction. */
  allowedRegionIds?: readonly string[];
  memoryHeadroom?: number;
}

export interface TierFit {
  gpuType: GpuType;
  regionId: string;
  rateMicroUsdPerGpuHour: MicroUsdPerHour;
  /** VRAM ÷ observed peak, e.g. 2.7 for "fits with 2.7× headroom". */
  headroom: number;
  /** Candidate throughput ÷ current throughput (below 1: the work takes longer). */
  speedRatio: number;
}

/** Regions in the same jurisdiction as the given one (data stays under the same law). */
export function sameJurisdictionRegionIds(regions: readonly Region[], regionId: string): string[] {
  const home = regions.find((r) => r.id === regionId);
  return home ? regions.filter((r) => r.jurisdiction === home.jurisdiction).map((r) => r.id) : [regionId];
}

/** The cheapest fitting GPU that costs less per hour of work than today's, or null. */
export function cheapestFittingTier(input: TierFitInput): TierFit | null {
  const headroomFactor = input.memoryHeadroom ?? DEFAULT_MEMORY_HEADROOM;
  const allowed = new Set(input.allowedRegionIds ?? sameJurisdictionRegionIds(input.regions, input.current.regionId));
  const currentTflops = gpuTflops(input.current.gpuType);
  let best: TierFit | null = null;
  for (const offer of input.offers) {
    if (!allowed.has(offer.regionId)) continue;
    if (offer.rateMicroUsdPerGpuHour >= input.current.rateMicroUsdPerGpuHour) continue;
    const gpu = input.gpuTypes.find((g) => g.id === offer.gpuTypeId);
    if (!gpu || gpu.id === input.current.gpuType.id) continue;
    const vramMiB = gpu.vramGiB * 1024;
    if (vramMiB < input.demand.peakMemMiB * headroomFactor) continue;
    // A GPU at or above the demanded throughput does the work in the same time, so the
    // cheapest hourly rate is the cheapest work. Ties go to the faster GPU, then the same region.
    const tflops = gpuTflops(gpu);
    if (tflops < input.demand.demandTflops) continue;
    const better =
      !best ||
      offer.rateMicroUsdPerGpuHour < best.rateMicroUsdPerGpuHour ||
      (offer.rateMicroUsdPerGpuHour === best.rateMicroUsdPerGpuHour &&
        (tflops > gpuTflops(best.gpuType) || (tflops === gpuTflops(best.gpuType) && offer.regionId === input.current.regionId)));
    if (better) {
      best = {
        gpuType: gpu,
        regionId: offer.regionId,
        rateMicroUsdPerGpuHour: offer.rateMicroUsdPerGpuHour,
        headroom: vramMiB / Math.max(1, input.demand.peakMemMiB),
        speedRatio: tflops / currentTflops,
      };
    }
  }
  return best;
}
