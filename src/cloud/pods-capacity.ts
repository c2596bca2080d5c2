/**
 * Pods: capacity and quota. GPUs free = the region's stock − GPUs held by pods now (the
 * catalog's availableGpus), so capacity really runs out; when it does, the problem lists what
 * could launch instead. A MIG slice holds its compute slices ÷ 7 of a GPU (ops/catalog.ts gpusInUse):
 * it launches where that many sevenths are free, and counts as that fraction against the quota.
 */
import type { CloudContext } from './context';
import { gpuTypes, offers, regions } from './catalog-data';
import { capacityFactor, freeSevenths, freeWholeGpus, gpusInUse, GPU_HOLDING } from './ops/catalog';
import { statusAt } from './lifecycle';
import { problem, type Problem } from './problem';
import type { Schemas } from './api-types';
import type { SpeedClass } from '../domain/catalog';
import { gpuSevenths, MIG_COMPUTE_SLICES } from '../domain/mig';

/** GPUs one project may hold at once (fictional provider policy; the large preset's fleet is bigger). */
export function projectGpuQuota(ctx: CloudContext): number {
  return ctx.state.preset === 'large' ? 1024 : 64;
}

export function projectGpusHeld(ctx: CloudContext, projectId: string, nowMs: number): number {
  if (ctx.fleet) return ctx.fleet.gpusHeld(nowMs).byProject.get(projectId) ?? 0;
  let sevenths = 0;
  for (const pod of ctx.state.pods) {
    if (pod.projectId === projectId && GPU_HOLDING.has(statusAt(pod, nowMs))) sevenths += gpuSevenths(pod.gpuCount, pod.migProfile);
  }
  return sevenths / MIG_COMPUTE_SLICES;
}

export function availableGpus(ctx: CloudContext, gpuTypeId: string, regionId: string, nowMs: number, used = gpusInUse(ctx, nowMs)): number {
  const offer = offers.find((o) => o.gpuTypeId === gpuTypeId && o.regionId === regionId);
  if (!offer) return 0;
  return freeWholeGpus(offer.totalGpus * capacityFactor(ctx), used.get(`${gpuTypeId}/${regionId}`) ?? 0);
}

/** Whether the GPUs (or the slice) asked for are free now. */
function fits(ctx: CloudContext, req: CapacityRequest, nowMs: number): boolean {
  if (!req.migProfile) return availableGpus(ctx, req.gpuTypeId, req.regionId, nowMs) >= req.gpuCount;
  const offer = offers.find((o) => o.gpuTypeId === req.gpuTypeId && o.regionId === req.regionId);
  const used = gpusInUse(ctx, nowMs).get(`${req.gpuTypeId}/${req.regionId}`) ?? 0;
  return offer !== undefined && freeSevenths(offer.totalGpus * capacityFactor(ctx), used) >= gpuSevenths(req.gpuCount, req.migProfile);
}

export interface CapacityRequest {
  gpuTypeId: string;
  regionId: string;
  gpuCount: number;
  /** A MIG slice instead of whole GPUs (no alternatives are offered for one). */
  migProfile?: string | null | undefined;
  /** "Keep my data in …": alternatives in other regions stay inside this residency group. */
  residency?: string | undefined;
}

const SPEED_ORDER: SpeedClass[] = ['entry', 'mid', 'high', 'frontier'];
/** At most this many alternatives of each kind. */
const ALTERNATIVES_PER_KIND = 3;
/**
 * A GPU is similar only with at least this share of the asked GPU's memory: a model sized for a
 * 180 GB B200 may fit a 141 GB H200, not an 80 GB H100 (the console says when it has less).
 */
const SIMILAR_MEMORY_SHARE = 0.75;

/**
 * What could launch now instead: the same GPU in other regions (inside the residency filter),
 * then GPUs of the same or a neighbouring speed class with similar memory (at least three
 * quarters of the asked GPU's) in the same region, each cheapest-change first.
 */
export function capacityAlternatives(ctx: CloudContext, req: CapacityRequest, nowMs: number): Array<Schemas['CapacityAlternative']> {
  const used = gpusInUse(ctx, nowMs);
  const asked = offers.find((o) => o.gpuTypeId === req.gpuTypeId && o.regionId === req.regionId);
  const askedGpu = gpuTypes.find((g) => g.id === req.gpuTypeId);
  if (!asked || !askedGpu || req.migProfile) return [];
  const askedRate = asked.rateMicroUsdPerGpuHour * req.gpuCount;
  const toAlternative = (o: (typeof offers)[number], kind: Schemas['CapacityAlternative']['kind']): Schemas['CapacityAlternative'] => ({
    kind,
    gpuTypeId: o.gpuTypeId,
    regionId: o.regionId,
    gpuCount: req.gpuCount,
    availableGpus: availableGpus(ctx, o.gpuTypeId, o.regionId, nowMs, used),
    rateMicroUsdPerGpuHour: o.rateMicroUsdPerGpuHour,
    priceDifferenceMicroUsdPerHour: o.rateMicroUsdPerGpuHour * req.gpuCount - askedRate,
  });
  const byChange = (a: Schemas['CapacityAlternative'], b: Schemas['CapacityAlternative']): number =>
    Math.abs(a.priceDifferenceMicroUsdPerHour) - Math.abs(b.priceDifferenceMicroUsdPerHour) || a.priceDifferenceMicroUsdPerHour - b.priceDifferenceMicroUsdPerHour;
  const inResidency = (regionId: string): boolean => {
    if (!req.residency) return true;
    return regions.find((r) => r.id === regionId)?.residency.includes(req.residency) ?? false;
  };
  const otherRegions = offers
    .filter((o) => o.gpuTypeId === req.gpuTypeId && o.regionId !== req.regionId && inResidency(o.regionId))
    .map((o) => toAlternative(o, 'same-gpu-other-region'))
    .filter((a) => a.availableGpus >= req.gpuCount)
    .sort(byChange)
    .slice(0, ALTERNATIVES_PER_KIND);
  const speed = SPEED_ORDER.indexOf(askedGpu.speedClass);
  const similar = offers
    .filter((o) => {
      const g = gpuTypes.find((x) => x.id === o.gpuTypeId);
      return (
        o.regionId === req.regionId &&
        g !== undefined &&
        g.id !== askedGpu.id &&
        g.allowedCounts.includes(req.gpuCount) &&
        Math.abs(SPEED_ORDER.indexOf(g.speedClass) - speed) <= 1 &&
        g.vramGiB >= askedGpu.vramGiB * SIMILAR_MEMORY_SHARE
      );
    })
    .map((o) => toAlternative(o, 'similar-gpu-same-region'))
    .filter((a) => a.availableGpus >= req.gpuCount)
    .sort(byChange)
    .slice(0, ALTERNATIVES_PER_KIND);
  return [...otherRegions, ...similar];
}

/** The 409 no-capacity problem, with what is free and what could launch instead. */
export function noCapacity(ctx: CloudContext, req: CapacityRequest, nowMs: number, withAlternatives: boolean): Problem {
  const free = availableGpus(ctx, req.gpuTypeId, req.regionId, nowMs);
  const gpu = gpuTypes.find((g) => g.id === req.gpuTypeId)?.name ?? req.gpuTypeId;
  const region = regions.find((r) => r.id === req.regionId)?.name ?? req.regionId;
  const detail = req.migProfile
    ? `No ${gpu} in ${region} has a ${req.migProfile} slice free right now.`
    : free === 0
      ? `Every ${gpu} in ${region} is in use right now.`
      : `Only ${free} ${gpu} ${free === 1 ? 'GPU is' : 'GPUs are'} free in ${region} right now; this pod needs ${req.gpuCount}.`;
  return problem(409, 'no-capacity', 'No capacity', detail, {
    availableGpus: free,
    ...(withAlternatives ? { alternatives: capacityAlternatives(ctx, req, nowMs) } : {}),
  });
}

/** Throws no-capacity when the GPUs are not free now. */
export function requireCapacity(ctx: CloudContext, req: CapacityRequest, nowMs: number, withAlternatives: boolean): void {
  if (!fits(ctx, req, nowMs)) throw noCapacity(ctx, req, nowMs, withAlternatives);
}

/** Throws quota-exceeded when the project would hold more GPUs than it may. */
export function requireQuota(ctx: CloudContext, projectId: string, extraGpus: number, nowMs: number): void {
  const quota = projectGpuQuota(ctx);
  const held = projectGpusHeld(ctx, projectId, nowMs);
  // In sevenths, exact: slices are sevenths of a GPU.
  if (Math.round((held + extraGpus) * MIG_COMPUTE_SLICES) <= quota * MIG_COMPUTE_SLICES) return;
  const project = ctx.state.projects.find((p) => p.id === projectId)?.name ?? projectId;
  const gpus = (n: number): string => String(Math.round(n * 100) / 100);
  const message = `${project} may hold ${quota} GPUs at once and holds ${gpus(held)}; ${gpus(extraGpus)} more would pass its quota. Stop a pod, or ask an admin to raise the quota.`;
  throw problem(409, 'quota-exceeded', 'GPU quota reached', message, { errors: [{ field: 'gpuCount', message }] });
}
