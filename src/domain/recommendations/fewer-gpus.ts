/**
 * Fewer GPUs: a multi-GPU pod of which only some GPUs ever work. The pod keeps the smallest
 * allowed count that holds its working GPUs; savings = the GPUs let go × their rate × hours run.
 */
import { confidenceOf, gpuWorks, podStep, round2, type Basis, type PodStep, type PodStepContext } from './basis';

export function fewerGpusStep(ctx: PodStepContext, basis: Basis): PodStep | null {
  if (basis.gpuCount <= 1) return null;
  const { observation, settings } = ctx;
  const gpus = observation.gpus;
  const working = gpus.filter((g) => gpuWorks(g, basis.gpuType, settings));
  const idle = gpus.filter((g) => !gpuWorks(g, basis.gpuType, settings));
  const needed = Math.max(1, working.length);
  const newGpuCount = [...basis.gpuType.allowedCounts].sort((a, b) => a - b).find((c) => c >= needed);
  if (newGpuCount === undefined || newGpuCount >= basis.gpuCount) return null;
  // How idle the idle GPUs were: the least idle of them sets the steadiness.
  const steadiness = Math.min(...idle.map((g) => (g.runningMs > 0 ? g.idleMs / g.runningMs : 0)));
  const after: Basis = { ...basis, gpuCount: newGpuCount };
  return podStep(ctx, 'fewer-gpus', basis, after, {
    confidence: confidenceOf(observation.daysObserved, idle.length > 0 ? steadiness : 0),
    evidence: {
      kind: 'fewer-gpus',
      gpuCount: basis.gpuCount,
      workingGpus: working.length,
      newGpuCount,
      idleGpuIndexes: idle.map((g) => g.gpuIndex),
      workingP95SmActive: settings.workingGpuP95SmActive,
      workingMemShare: settings.workingGpuMemShare,
    },
    series: {
      metric: 'sm-active',
      unit: 'ratio',
      xUnit: 'gpu-index',
      points: gpus.map((g) => ({ x: String(g.gpuIndex), value: round2(g.p95SmActive) })),
      references: [{ label: 'working GPU', value: settings.workingGpuP95SmActive }],
    },
    action: { type: 'patch', podId: ctx.pod.podId, patch: { gpuCount: newGpuCount } },
  });
}
