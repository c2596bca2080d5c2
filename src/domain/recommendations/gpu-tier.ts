/**
 * Cheaper GPU tier: the cheapest GPU whose memory holds the observed peak with headroom and
 * whose throughput covers the observed demand, in the pod's jurisdiction (tier-fit.ts decides).
 * Savings = today's cost of the work − its cost on the new GPU, the runtime stretched where the
 * new GPU is slower than the demand. When a MIG slice of the pod's own GPU would cost less a month
 * than the cheaper whole GPU, the slice is proposed instead (mig-slice.ts), never both.
 */
import { gpuTflops } from '../catalog';
import { cheapestFittingTier, type TierFit } from '../tier-fit';
import { MIB_PER_GIB } from '../units';
import { migSliceFit, sliceBeatsTier } from './mig-slice-fit';
import { confidenceOf, podStep, replacementName, round1, round2, type Basis, type PodStep, type PodStepContext } from './basis';

/** What gpu-tier would propose from a basis, before any minimum saving: the fitting GPU and the basis after it. */
export interface GpuTierFit {
  fit: TierFit;
  after: Basis;
  peakMemMiB: number;
  p95MemMiB: number;
  p95SmActive: number;
  p95TensorActive: number;
  currentTflops: number;
  demandTflops: number;
  runtimeFactor: number;
}

export function gpuTierFit(ctx: PodStepContext, basis: Basis): GpuTierFit | null {
  const { observation, settings, catalog } = ctx;
  const gpus = observation.gpus;
  if (gpus.length === 0) return null;
  // The GPU that needs the most memory sets the bar for every GPU of the new pod.
  const binding = gpus.reduce((a, g) => (g.peakMemMiB > a.peakMemMiB ? g : a));
  const peakMemMiB = binding.peakMemMiB;
  const p95SmActive = Math.max(...gpus.map((g) => g.p95SmActive));
  const p95TensorActive = Math.max(...gpus.map((g) => g.p95TensorActive));
  const currentTflops = gpuTflops(basis.gpuType);
  const demandTflops = p95SmActive * currentTflops;
  const fit = cheapestFittingTier({
    current: { gpuType: basis.gpuType, rateMicroUsdPerGpuHour: basis.rateMicroUsdPerGpuHour, regionId: basis.regionId },
    demand: { peakMemMiB, demandTflops },
    // The new pod keeps its GPU count, so only GPU types sold in that count qualify.
    gpuTypes: catalog.gpuTypes.filter((g) => g.allowedCounts.includes(basis.gpuCount)),
    offers: catalog.offers,
    regions: catalog.regions,
    memoryHeadroom: settings.memoryHeadroom,
  });
  if (!fit) return null;
  const runtimeFactor = Math.max(1, demandTflops / gpuTflops(fit.gpuType));
  const after: Basis = {
    ...basis,
    gpuType: fit.gpuType,
    // Whole GPUs of the new type (a pod on a slice moves to a whole, cheaper GPU).
    migProfile: null,
    regionId: fit.regionId,
    rateMicroUsdPerGpuHour: fit.rateMicroUsdPerGpuHour,
    monthlyRunningMs: Math.round((basis.monthlyRunningMs * runtimeFactor) / 1000) * 1000,
  };
  return { fit, after, peakMemMiB, p95MemMiB: binding.p95MemMiB, p95SmActive, p95TensorActive, currentTflops, demandTflops, runtimeFactor };
}

export function gpuTierStep(ctx: PodStepContext, basis: Basis): PodStep | null {
  const { observation, settings, pod } = ctx;
  const tier = gpuTierFit(ctx, basis);
  if (!tier) return null;
  // A slice of the pod's own GPU that costs less than the cheaper whole GPU: mig-slice proposes it instead.
  const slice = migSliceFit(ctx, basis);
  if (slice && sliceBeatsTier(slice, tier.after)) return null;
  const { fit, after, peakMemMiB, p95MemMiB, p95SmActive, p95TensorActive, currentTflops, demandTflops, runtimeFactor } = tier;
  const gpus = observation.gpus;
  const newTflops = gpuTflops(fit.gpuType);
  return podStep(ctx, 'gpu-tier', basis, after, {
    // Memory that stays near its peak is a ceiling to trust; spiky memory may go higher.
    confidence: confidenceOf(observation.daysObserved, peakMemMiB > 0 ? p95MemMiB / peakMemMiB : 1),
    evidence: {
      kind: 'gpu-tier',
      peakMemMiB,
      p95MemMiB,
      currentGpuTypeId: basis.gpuType.id,
      currentVramGiB: basis.gpuType.vramGiB,
      newGpuTypeId: fit.gpuType.id,
      newVramGiB: fit.gpuType.vramGiB,
      headroom: round1(fit.headroom),
      memoryHeadroomRequired: settings.memoryHeadroom,
      p95SmActive,
      p95TensorActive,
      currentTflops,
      newTflops,
      demandTflops: round1(demandTflops),
      runtimeFactor: round2(runtimeFactor),
    },
    series: {
      metric: 'memory-used',
      unit: 'GiB',
      xUnit: 'gpu-index',
      points: gpus.map((g) => ({ x: String(g.gpuIndex), value: round1(g.peakMemMiB / MIB_PER_GIB) })),
      references: [
        { label: basis.gpuType.name, value: basis.gpuType.vramGiB },
        { label: fit.gpuType.name, value: fit.gpuType.vramGiB },
      ],
    },
    action: {
      type: 'launch',
      launch: {
        name: replacementName(pod.podName, fit.gpuType.id),
        projectId: pod.projectId,
        gpuTypeId: fit.gpuType.id,
        gpuCount: after.gpuCount,
        regionId: fit.regionId,
        imageId: pod.imageId,
        diskGb: pod.diskGb,
        autoStopIdleMinutes: after.autoStopIdleMinutes,
        sshPublicKey: pod.sshPublicKey,
        replacesPodId: pod.podId,
      },
    },
  });
}
