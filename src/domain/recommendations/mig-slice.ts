/**
 * A small model on a big GPU → a MIG slice of that GPU (issue 18, point 4): a pod on one whole
 * GPU of a type sold in slices whose measured peak memory and p95 SM activity fit a slice sold in
 * its region (mig-slice-fit.ts) moves to the cheapest such slice. It comes after gpu-tier in the
 * chain and answers the same question (a smaller GPU for this work), so at most one of the two is
 * proposed: the slice only when it costs less a month than the cheapest whole GPU that would also
 * fit (gpu-tier's answer from the same basis); otherwise gpu-tier proposes the whole GPU and this
 * step, starting from a basis on another GPU type, proposes nothing.
 *
 * Saving = the month at today's rate − the same hours at the slice's rate, from the same basis
 * as the other steps (one rounding each, as the bill rounds).
 */
import { MIB_PER_GIB } from '../units';
import { basisMonthlyCostCents, confidenceOf, podStep, replacementName, round1, type Basis, type PodStep, type PodStepContext } from './basis';
import { gpuTierFit } from './gpu-tier';
import { migSliceFit, sliceBeatsTier } from './mig-slice-fit';

export function migSliceStep(ctx: PodStepContext, basis: Basis): PodStep | null {
  const { observation, settings, pod } = ctx;
  const slice = migSliceFit(ctx, basis);
  if (!slice) return null;
  const tier = gpuTierFit(ctx, basis);
  if (!sliceBeatsTier(slice, tier?.after ?? null)) return null;
  const { profile, after, peakMemMiB, p95MemMiB } = slice;
  return podStep(ctx, 'mig-slice', basis, after, {
    // As gpu-tier: memory that stays near its peak is a ceiling to trust.
    confidence: confidenceOf(observation.daysObserved, peakMemMiB > 0 ? p95MemMiB / peakMemMiB : 1),
    evidence: {
      kind: 'mig-slice',
      gpuTypeId: basis.gpuType.id,
      migProfile: profile.name,
      computeSlices: profile.computeSlices,
      sliceMemoryGiB: profile.memoryGb,
      vramGiB: basis.gpuType.vramGiB,
      peakMemMiB,
      p95MemMiB,
      headroom: round1((profile.memoryGb * MIB_PER_GIB) / Math.max(1, peakMemMiB)),
      memoryHeadroomRequired: settings.memoryHeadroom,
      p95SmActive: slice.p95SmActive,
      gpuTflops: slice.gpuTflops,
      demandTflops: round1(slice.demandTflops),
      sliceTflops: round1(slice.sliceTflops),
      fromRateMicroUsdPerHour: basis.rateMicroUsdPerGpuHour,
      toRateMicroUsdPerHour: slice.rateMicroUsdPerHour,
      wholeGpuAlternative: tier ? { gpuTypeId: tier.fit.gpuType.id, regionId: tier.fit.regionId, monthlyCostCents: basisMonthlyCostCents(tier.after) } : null,
    },
    series: {
      metric: 'memory-used',
      unit: 'GiB',
      xUnit: 'gpu-index',
      points: observation.gpus.map((g) => ({ x: String(g.gpuIndex), value: round1(g.peakMemMiB / MIB_PER_GIB) })),
      references: [
        { label: basis.gpuType.name, value: basis.gpuType.vramGiB },
        { label: `${profile.name} slice`, value: profile.memoryGb },
      ],
    },
    action: {
      type: 'launch',
      launch: {
        name: replacementName(pod.podName, `mig-${profile.name.replace('.', '-')}`),
        projectId: pod.projectId,
        gpuTypeId: basis.gpuType.id,
        gpuCount: 1,
        migProfile: profile.name,
        regionId: basis.regionId,
        imageId: pod.imageId,
        diskGb: pod.diskGb,
        autoStopIdleMinutes: after.autoStopIdleMinutes,
        sshPublicKey: pod.sshPublicKey,
        replacesPodId: pod.podId,
      },
    },
  });
}
