/**
 * The MIG slice a pod's measured work fits: for a pod on one whole GPU of a type sold in slices
 * (domain/mig.ts), the cheapest slice of that GPU sold in the pod's region whose memory holds the
 * observed peak with the memory headroom and whose g/7 share of the GPU's compute covers the p95
 * demand:
 *
 *   slice memory (its GB × 1024 MiB, as the catalog counts a GPU's vramGiB) ≥ peak × headroom
 *   g/7 × the GPU's dense TFLOPS ≥ p95 SM activity × the GPU's dense TFLOPS   (i.e. g ≥ 7 × p95)
 *
 * Shared by gpu-tier.ts (which steps aside when the slice is cheaper) and mig-slice.ts (which
 * proposes it only then), so the two never both count the same change.
 */
import { gpuTflops } from '../catalog';
import { fittingMigProfiles, MIG_COMPUTE_SLICES, type MigProfile } from '../mig';
import type { MicroUsdPerHour } from '../money';
import { MIB_PER_GIB } from '../units';
import { basisMonthlyCostCents, type Basis, type PodStepContext } from './basis';

export interface MigSliceFit {
  profile: MigProfile;
  rateMicroUsdPerHour: MicroUsdPerHour;
  peakMemMiB: number;
  p95MemMiB: number;
  p95SmActive: number;
  gpuTflops: number;
  demandTflops: number;
  sliceTflops: number;
  /** The basis on the slice: the same GPU type, region and hours, one slice at its rate. */
  after: Basis;
}

/** The cheapest fitting slice cheaper than today's rate, or null (a multi-GPU pod, a pod on a slice, a GPU not sold in slices here). */
export function migSliceFit(ctx: PodStepContext, basis: Basis): MigSliceFit | null {
  const { pod, observation, catalog, settings } = ctx;
  // One whole GPU of the pod's own type, as launched: never a multi-GPU pod (even one fewer-gpus
  // would bring to one), never a pod already on a slice, never after a change of GPU type.
  if (pod.gpuCount !== 1 || basis.gpuCount !== 1) return null;
  if ((pod.migProfile ?? null) !== null || basis.migProfile !== null) return null;
  if (basis.gpuType.id !== pod.gpuTypeId) return null;
  const profiles = basis.gpuType.migProfiles ?? [];
  const sold = catalog.offers.find((o) => o.gpuTypeId === basis.gpuType.id && o.regionId === basis.regionId)?.migSlices ?? [];
  if (profiles.length === 0 || sold.length === 0 || observation.gpus.length === 0) return null;
  const binding = observation.gpus.reduce((a, g) => (g.peakMemMiB > a.peakMemMiB ? g : a));
  const peakMemMiB = binding.peakMemMiB;
  const p95SmActive = Math.max(...observation.gpus.map((g) => g.p95SmActive));
  const wholeTflops = gpuTflops(basis.gpuType);
  const demandTflops = p95SmActive * wholeTflops;
  // Dividing by 1024 is exact in binary, so memoryGb ≥ this is exactly memoryGb × 1024 ≥ peak × headroom.
  const fitting = fittingMigProfiles(profiles, {
    memoryGb: (peakMemMiB * settings.memoryHeadroom) / MIB_PER_GIB,
    computeSlices: Math.ceil(MIG_COMPUTE_SLICES * p95SmActive),
  });
  let best: { profile: MigProfile; rate: MicroUsdPerHour } | null = null;
  for (const profile of fitting) {
    const rate = sold.find((s) => s.profile === profile.name)?.rateMicroUsdPerHour;
    if (rate === undefined || rate >= basis.rateMicroUsdPerGpuHour) continue;
    // Cheapest first; at the same price the smaller slice (fittingMigProfiles' order) leaves the rest of the GPU free.
    if (!best || rate < best.rate) best = { profile, rate };
  }
  if (!best) return null;
  return {
    profile: best.profile,
    rateMicroUsdPerHour: best.rate,
    peakMemMiB,
    p95MemMiB: binding.p95MemMiB,
    p95SmActive,
    gpuTflops: wholeTflops,
    demandTflops,
    sliceTflops: (best.profile.computeSlices / MIG_COMPUTE_SLICES) * wholeTflops,
    // The slice covers the demand, so the work takes the same time: the same hours, at the slice's rate.
    after: { ...basis, migProfile: best.profile.name, rateMicroUsdPerGpuHour: best.rate },
  };
}

/** Whether the slice costs less a month than gpu-tier's whole GPU (a tie goes to the whole GPU). */
export function sliceBeatsTier(slice: MigSliceFit, tierAfter: Basis | null): boolean {
  return tierAfter === null || basisMonthlyCostCents(slice.after) < basisMonthlyCostCents(tierAfter);
}
