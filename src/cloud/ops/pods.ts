/** Pods: listing with filters, sorting and paging, and one pod with its lifecycle events. */
import { gpuTypes } from '../catalog-data';
import { visibleProjectIds, type CloudContext } from '../context';
import { ok, type Route } from '../http';
import { lastTransitionAt, statusAt } from '../lifecycle';
import type { Pod, PodStatus } from '../model';
import { POD_STATUSES } from '../model';
import { notFound, badRequest } from '../problem';
import { gpuSample } from '../telemetry';
import { podLedger } from '../billing';
import type { Schemas } from '../api-types';

const iso = (ms: number): string => new Date(ms).toISOString();

export function podCostToDateCents(pod: Pod, nowMs: number): number {
  let cents = 0;
  for (const row of podLedger(pod, pod.createdAtMs, nowMs)) cents += row.gpuCents + row.diskCents;
  return cents;
}

export function podGpuUtilPercent(pod: Pod, nowMs: number): number | null {
  if (statusAt(pod, nowMs) !== 'running') return null;
  const gpu = gpuTypes.find((g) => g.id === pod.gpuTypeId);
  if (!gpu) return null;
  let sum = 0;
  for (let i = 0; i < pod.gpuCount; i++) sum += gpuSample(pod, gpu, i, nowMs).DCGM_FI_DEV_GPU_UTIL;
  return Math.round((sum / pod.gpuCount) * 10) / 10;
}

export function podView(pod: Pod, nowMs: number): Schemas['Pod'] {
  const last = lastTransitionAt(pod, nowMs);
  return {
    id: pod.id,
    name: pod.name,
    projectId: pod.projectId,
    ownerId: pod.ownerId,
    gpuTypeId: pod.gpuTypeId,
    gpuCount: pod.gpuCount,
    regionId: pod.regionId,
    imageId: pod.imageId,
    diskGb: pod.diskGb,
    autoStopIdleMinutes: pod.autoStopIdleMinutes,
    sshPublicKey: pod.sshPublicKey,
    status: statusAt(pod, nowMs),
    createdAt: iso(pod.createdAtMs),
    statusChangedAt: iso(last?.atMs ?? pod.createdAtMs),
    gpuRateMicroUsdPerHour: pod.rateMicroUsdPerGpuHour * pod.gpuCount,
    diskRateMicroUsdPerHour: pod.diskMicroUsdPerHour,
    costToDateCents: podCostToDateCents(pod, nowMs),
    gpuUtilPercent: podGpuUtilPercent(pod, nowMs),
  };
}

export function podDetailView(pod: Pod, nowMs: number): Schemas['PodDetail'] {
  const events = pod.transitions
    .filter((t) => t.atMs <= nowMs)
    .slice(-200)
    .map((t) => ({ status: t.status, at: iso(t.atMs), reason: t.reason }));
  return { ...podView(pod, nowMs), events };
}

/** Finds a pod the acting user may see; other tenants' and other projects' pods do not exist for them. */
export function findVisiblePod(ctx: CloudContext, podId: string): Pod {
  const pod = ctx.state.pods.find((p) => p.id === podId);
  if (!pod || !visibleProjectIds(ctx).has(pod.projectId)) throw notFound('Pod', podId);
  return pod;
}

type SortKey = 'createdAt' | 'name' | 'status' | 'costToDate' | 'gpuCount';
const SORT_KEYS: SortKey[] = ['createdAt', 'name', 'status', 'costToDate', 'gpuCount'];

function intParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw badRequest(`“${name}” must be a whole number from ${min} to ${max}.`, [{ field: name, message: `Must be a whole number from ${min} to ${max}.` }]);
  }
  return n;
}

export function listPods(ctx: CloudContext, query: URLSearchParams): Schemas['PodList'] {
  const now = ctx.now();
  const statuses = query.getAll('status');
  for (const s of statuses) {
    if (!POD_STATUSES.includes(s as PodStatus)) throw badRequest(`Unknown status “${s}”.`, [{ field: 'status', message: `Unknown status “${s}”.` }]);
  }
  const sort = (query.get('sort') ?? 'createdAt') as SortKey;
  if (!SORT_KEYS.includes(sort)) throw badRequest(`Cannot sort by “${sort}”.`, [{ field: 'sort', message: `Cannot sort by “${sort}”.` }]);
  const order = query.get('order') === 'asc' ? 1 : -1;
  const offset = intParam(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  const limit = intParam(query, 'limit', 100, 1, 500);
  const visible = visibleProjectIds(ctx);
  const q = (query.get('q') ?? '').trim().toLowerCase();
  const eq = (name: string, value: string): boolean => {
    const want = query.get(name);
    return want === null || want === '' || want === value;
  };
  const filtered = ctx.state.pods.filter(
    (p) =>
      visible.has(p.projectId) &&
      eq('projectId', p.projectId) &&
      eq('ownerId', p.ownerId) &&
      eq('gpuTypeId', p.gpuTypeId) &&
      eq('regionId', p.regionId) &&
      (q === '' || p.name.toLowerCase().includes(q) || p.id.toLowerCase().includes(q)),
  );
  // Status and cost depend on the clock, so they are computed once per pod, then filtered and sorted.
  let rows = filtered.map((p) => ({ pod: p, status: statusAt(p, now) }));
  if (statuses.length > 0) rows = rows.filter((r) => statuses.includes(r.status));
  const costs = sort === 'costToDate' ? new Map(rows.map((r) => [r.pod.id, podCostToDateCents(r.pod, now)])) : null;
  const key = (r: (typeof rows)[number]): string | number => {
    switch (sort) {
      case 'name':
        return r.pod.name;
      case 'status':
        return POD_STATUSES.indexOf(r.status);
      case 'costToDate':
        return costs?.get(r.pod.id) ?? 0;
      case 'gpuCount':
        return r.pod.gpuCount;
      case 'createdAt':
        return r.pod.createdAtMs;
    }
  };
  rows.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const c = typeof ka === 'string' && typeof kb === 'string' ? ka.localeCompare(kb) : Number(ka) - Number(kb);
    return c !== 0 ? c * order : a.pod.id.localeCompare(b.pod.id);
  });
  return {
    items: rows.slice(offset, offset + limit).map((r) => podView(r.pod, now)),
    total: rows.length,
    offset,
    limit,
  };
}

export const podRoutes: Route[] = [
  { method: 'GET', path: '/v1/pods', handler: (ctx, { query }) => ok(listPods(ctx, query)) },
  { method: 'GET', path: '/v1/pods/:podId', handler: (ctx, { params }) => ok(podDetailView(findVisiblePod(ctx, params.podId ?? ''), ctx.now())) },
];
