/** The catalog: regions, GPU types with price and live availability per region, images, disk. */
import { gpuSevenths, MIG_COMPUTE_SLICES } from '../../domain/mig';
import { statusAt } from '../lifecycle';
import type { CloudContext } from '../context';
import { ok, type Route } from '../http';
import { diskPricing, gpuTypes, images, offers, pricesAsOf, regions } from '../catalog-data';
import type { Schemas } from '../api-types';
import type { PodStatus } from '../model';

/** Statuses that hold GPUs: from the moment capacity is promised until they are released. */
export const GPU_HOLDING: ReadonlySet<PodStatus> = new Set(['queued', 'provisioning', 'running', 'stopping']);

/**
 * GPUs in use per "gpuTypeId/regionId" at a time. A MIG slice counts as its compute slices ÷ 7
 * (summed in sevenths, exact), so a value may be a fraction: slices of one type and region are
 * taken to pack onto as few GPUs as their compute needs (NVIDIA's placement rules not modelled).
 */
export function gpusInUse(ctx: CloudContext, atMs: number): Map<string, number> {
  if (ctx.fleet) return new Map(ctx.fleet.gpusHeld(atMs).byOffer);
  const sevenths = new Map<string, number>();
  for (const pod of ctx.state.pods) {
    if (!GPU_HOLDING.has(statusAt(pod, atMs))) continue;
    const key = `${pod.gpuTypeId}/${pod.regionId}`;
    sevenths.set(key, (sevenths.get(key) ?? 0) + gpuSevenths(pod.gpuCount, pod.migProfile));
  }
  return new Map([...sevenths].map(([key, s]) => [key, s / MIG_COMPUTE_SLICES]));
}

/** Sevenths of a GPU free out of totalGpus with `used` GPUs in use (a slice needs its compute slices of them). */
export function freeSevenths(totalGpus: number, used: number): number {
  return Math.max(0, totalGpus * MIG_COMPUTE_SLICES - Math.round(used * MIG_COMPUTE_SLICES));
}

/** Whole GPUs free: a GPU with any slice in use is not free for a whole-GPU pod. */
export function freeWholeGpus(totalGpus: number, used: number): number {
  return Math.floor(freeSevenths(totalGpus, used) / MIG_COMPUTE_SLICES);
}

/** The large preset runs 2,000 GPUs: its regions have eight times the stock. */
export function capacityFactor(ctx: CloudContext): number {
  return ctx.state.preset === 'large' ? 8 : 1;
}

export function catalogOf(ctx: CloudContext): Schemas['Catalog'] {
  const used = gpusInUse(ctx, ctx.now());
  const factor = capacityFactor(ctx);
  return {
    regions,
    gpuTypes: gpuTypes.map((g) => ({
      ...g,
      offers: offers
        .filter((o) => o.gpuTypeId === g.id)
        .map((o) => {
          const totalGpus = o.totalGpus * factor;
          return {
            regionId: o.regionId,
            rateMicroUsdPerGpuHour: o.rateMicroUsdPerGpuHour,
            committedRateMicroUsdPerGpuHour: o.committedRateMicroUsdPerGpuHour,
            totalGpus,
            availableGpus: freeWholeGpus(totalGpus, used.get(`${g.id}/${o.regionId}`) ?? 0),
            ...(o.migSlices ? { migSlices: o.migSlices } : {}),
          };
        }),
    })),
    images,
    disk: diskPricing,
    pricesAsOf,
  };
}

export const catalogRoutes: Route[] = [{ method: 'GET', path: '/v1/catalog', handler: (ctx) => ok(catalogOf(ctx)) }];
