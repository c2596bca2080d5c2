/** The catalog: regions, GPU types with price and live availability per region, images, disk. */
import { statusAt } from '../lifecycle';
import type { CloudContext } from '../context';
import { ok, type Route } from '../http';
import { diskPricing, gpuTypes, images, offers, pricesAsOf, regions } from '../catalog-data';
import type { Schemas } from '../api-types';
import type { PodStatus } from '../model';

/** Statuses that hold GPUs: from the moment capacity is promised until they are released. */
export const GPU_HOLDING: ReadonlySet<PodStatus> = new Set(['queued', 'provisioning', 'running', 'stopping']);

/** GPUs in use per "gpuTypeId/regionId" at a time. */
export function gpusInUse(ctx: CloudContext, atMs: number): Map<string, number> {
  if (ctx.fleet) return new Map(ctx.fleet.gpusHeld(atMs).byOffer);
  const used = new Map<string, number>();
  for (const pod of ctx.state.pods) {
    if (!GPU_HOLDING.has(statusAt(pod, atMs))) continue;
    const key = `${pod.gpuTypeId}/${pod.regionId}`;
    used.set(key, (used.get(key) ?? 0) + pod.gpuCount);
  }
  return used;
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
            availableGpus: Math.max(0, totalGpus - (used.get(`${g.id}/${o.regionId}`) ?? 0)),
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
