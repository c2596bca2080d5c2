/**
 * Capacity watches (issue 16): "tell me when NVIDIA B200 is available in Montréal again". A person
 * who may launch (admin, engineer) watches a GPU type in a region for a number of GPUs; as
 * simulated time passes, the reconciler (reconcile-watches.ts loads reconcileCapacityWatchesNow
 * below once anyone watches) finds the watched pairs with that many GPUs free, tells the watcher
 * once (notifications.ts notifyCapacityAvailable: console, e-mail, webhooks, by their choices) and
 * ends the watch. Each person sees and removes only their own; one watch per person, GPU type and
 * region.
 */
import type { Schemas } from '../api-types';
import { gpuTypes, offers, regions } from '../catalog-data';
import { currentUser, requireRole, type CloudContext } from '../context';
import { created, ok, type Route } from '../http';
import type { CapacityWatch } from '../model';
import { notifyCapacityAvailable } from '../notifications';
import { availableGpus } from '../pods-capacity';
import { badRequest, problem, type FieldError } from '../problem';
import { hashString } from '../rng';
import { capacityFactor, gpusInUse } from './catalog';

/** The contract's maxItems of GET /v1/capacity-watches: a person watches at most this many pairs at once. */
export const CAPACITY_WATCHES_PER_USER_MAX = 20;
/** An organization's watches, all people together: the reconciler's work per minute stays bounded. */
export const CAPACITY_WATCHES_PER_ORGANIZATION_MAX = 500;

const FIELDS = ['gpuTypeId', 'regionId', 'gpuCount'];

export function capacityWatchView(w: CapacityWatch): Schemas['CapacityWatch'] {
  return { id: w.id, gpuTypeId: w.gpuTypeId, regionId: w.regionId, gpuCount: w.gpuCount, createdAt: new Date(w.createdAtMs).toISOString() };
}

/** The acting person's watches, oldest first. */
function ownWatches(ctx: CloudContext): CapacityWatch[] {
  const me = currentUser(ctx).id;
  return (ctx.state.capacityWatches ?? []).filter((w) => w.userId === me);
}

const orList = (xs: readonly number[]): string => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`);

interface WatchRequest {
  gpuTypeId: string;
  regionId: string;
  gpuCount: number;
}

/** The request as a watch, or every field that is wrong with it, at its field. */
function watchRequestOf(ctx: CloudContext, raw: unknown): WatchRequest {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw badRequest('Send the watch as a JSON object.', [{ field: '', message: 'Send { gpuTypeId, regionId, gpuCount }.' }]);
  const body = raw as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const k of Object.keys(body)) if (!FIELDS.includes(k)) errors.push({ field: k, message: `“${k}” is not a field of a capacity watch.` });
  const gpu = gpuTypes.find((g) => g.id === body.gpuTypeId);
  const region = regions.find((r) => r.id === body.regionId);
  if (!gpu) errors.push({ field: 'gpuTypeId', message: typeof body.gpuTypeId === 'string' ? `There is no GPU type “${body.gpuTypeId}” in the catalog.` : 'Choose a GPU type from the catalog.' });
  if (!region) errors.push({ field: 'regionId', message: typeof body.regionId === 'string' ? `There is no region “${body.regionId}” in the catalog.` : 'Choose a region from the catalog.' });
  const offer = gpu && region ? offers.find((o) => o.gpuTypeId === gpu.id && o.regionId === region.id) : undefined;
  if (gpu && region && !offer) errors.push({ field: 'regionId', message: `${region.name} does not offer ${gpu.name}: it will never be available there. Choose a region that offers it.` });
  const gpuCount = body.gpuCount ?? 1;
  if (typeof gpuCount !== 'number' || !Number.isInteger(gpuCount) || gpuCount < 1) errors.push({ field: 'gpuCount', message: 'Give the number of GPUs you need, 1 or more.' });
  else if (gpu && !gpu.allowedCounts.includes(gpuCount)) errors.push({ field: 'gpuCount', message: `${gpu.name} pods have ${orList(gpu.allowedCounts)} GPUs.` });
  else if (gpu && region && offer && gpuCount > offer.totalGpus * capacityFactor(ctx)) {
    const total = offer.totalGpus * capacityFactor(ctx);
    errors.push({ field: 'gpuCount', message: `${region.name} has ${total} ${gpu.name} in all, so ${gpuCount} are never free there at once. Watch for ${total} or fewer, or another region.` });
  }
  if (errors.length > 0 || !gpu || !region || typeof gpuCount !== 'number') {
    throw badRequest(`Check ${errors.length === 1 ? 'this field' : `these ${errors.length} fields`} and ask again.`, errors);
  }
  return { gpuTypeId: gpu.id, regionId: region.id, gpuCount };
}

/** A new watch (201), or the person's watch of the same GPU type and region, with the count asked now (200). */
function createCapacityWatch(ctx: CloudContext, raw: unknown): { watch: CapacityWatch; isNew: boolean } {
  const user = requireRole(ctx, ['admin', 'engineer'], 'ask to be told when GPUs are available (only those who may launch pods can)');
  const req = watchRequestOf(ctx, raw);
  const mine = ownWatches(ctx);
  const same = mine.find((w) => w.gpuTypeId === req.gpuTypeId && w.regionId === req.regionId);
  if (same) {
    if (same.gpuCount !== req.gpuCount) {
      same.gpuCount = req.gpuCount;
      ctx.save();
    }
    return { watch: same, isNew: false };
  }
  if (mine.length >= CAPACITY_WATCHES_PER_USER_MAX) {
    throw problem(409, 'capacity-watch-limit', 'Too many capacity watches', `You watch ${mine.length} GPU types and regions, the most one person may. Remove one you no longer need, then ask again.`);
  }
  const watches = (ctx.state.capacityWatches ??= []);
  if (watches.length >= CAPACITY_WATCHES_PER_ORGANIZATION_MAX) {
    throw problem(409, 'capacity-watch-limit', 'Too many capacity watches', `Your organization has ${watches.length} capacity watches, the most it may. Ask colleagues to remove those they no longer need.`);
  }
  const nowMs = ctx.now();
  let id = '';
  for (let attempt = 0; id === '' || watches.some((w) => w.id === id); attempt++) {
    id = `cw-${hashString(`${user.id}:${req.gpuTypeId}:${req.regionId}:${nowMs}:${attempt}`).toString(36).padStart(7, '0')}`;
  }
  const watch: CapacityWatch = { id, userId: user.id, ...req, createdAtMs: nowMs };
  watches.push(watch);
  ctx.save();
  return { watch, isNew: true };
}

/** Another person's watch, like an unknown one, does not exist for the acting person. */
function deleteCapacityWatch(ctx: CloudContext, watchId: string): void {
  const watch = ownWatches(ctx).find((w) => w.id === watchId);
  if (!watch) throw problem(404, 'not-found', 'Capacity watch not found', `You have no capacity watch with id “${watchId}”.`);
  ctx.state.capacityWatches = (ctx.state.capacityWatches ?? []).filter((w) => w.id !== watch.id);
  if (ctx.state.capacityWatches.length === 0) delete ctx.state.capacityWatches;
  ctx.save();
}

/**
 * The reconciler's work, once there are watches: each watched pair's free GPUs (counted once per
 * pair), each watch with enough free told and ended. A watch of someone no longer a member ends
 * without a word (removeMember drops them too).
 */
export function reconcileCapacityWatchesNow(ctx: CloudContext, nowMs: number): void {
  const watches = ctx.state.capacityWatches ?? [];
  if (watches.length === 0) return;
  const members = new Set(ctx.state.users.map((u) => u.id));
  const used = gpusInUse(ctx, nowMs);
  const freeByPair = new Map<string, number>();
  const kept: CapacityWatch[] = [];
  for (const w of watches) {
    if (!members.has(w.userId)) continue;
    const pair = `${w.gpuTypeId}/${w.regionId}`;
    let free = freeByPair.get(pair);
    if (free === undefined) {
      free = availableGpus(ctx, w.gpuTypeId, w.regionId, nowMs, used);
      freeByPair.set(pair, free);
    }
    if (free < w.gpuCount) {
      kept.push(w);
      continue;
    }
    const names = { gpu: gpuTypes.find((g) => g.id === w.gpuTypeId)?.name ?? w.gpuTypeId, region: regions.find((r) => r.id === w.regionId)?.name ?? w.regionId };
    notifyCapacityAvailable(ctx, w, names, free, nowMs);
  }
  if (kept.length === watches.length) return;
  if (kept.length > 0) ctx.state.capacityWatches = kept;
  else delete ctx.state.capacityWatches;
  ctx.save();
}

export const capacityWatchRoutes: Route[] = [
  { method: 'GET', path: '/v1/capacity-watches', handler: (ctx) => ok({ items: ownWatches(ctx).map(capacityWatchView) }) },
  {
    method: 'POST',
    path: '/v1/capacity-watches',
    handler: (ctx, { body }) => {
      const { watch, isNew } = createCapacityWatch(ctx, body);
      return isNew ? created(capacityWatchView(watch)) : ok(capacityWatchView(watch));
    },
  },
  {
    method: 'DELETE',
    path: '/v1/capacity-watches/:watchId',
    handler: (ctx, { params }) => {
      deleteCapacityWatch(ctx, params.watchId ?? '');
      return { status: 204 };
    },
  },
];
