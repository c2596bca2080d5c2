/**
 * Pods: listing with filters, sorting and paging; one pod with its lifecycle events, idle
 * countdown and connect details; launching exactly once per Idempotency-Key; stop, start,
 * terminate, change, keep running; per-GPU metrics. GPU use (current and metrics) is read from
 * the context's telemetry: the simulator's, or a server's Prometheus.
 */
import { gpuTypes, images } from '../catalog-data';
import { currentUser, requireRole, visibleProjectIds, type CloudContext } from '../context';
import { telemetryOf, type GpuSampler } from '../telemetry';
import { created, ok, type CloudResponse, type Route, type RouteInput } from '../http';
import type { CloudState } from '../model';
import { beginRequest, completeRequest, requestFingerprint } from '../../domain/idempotency';
import { autoStopView, reconcileAutoStop } from '../pods-autostop';
import { launchPod } from '../pods-launch';
import { assertLaunchRequestAllowed } from '../budget-guard';
import { keepPodRunning, startPod, stopPod, terminatePod, updatePod } from '../pods-actions';
import { parseMetricsQuery, podMetrics } from '../pods-metrics';
import { lastTransitionAt, statusAt } from '../lifecycle';
import type { Pod, PodStatus } from '../model';
import { POD_STATUSES } from '../model';
import { badRequest, notFound, problem, Problem } from '../problem';
import { podLedger } from '../billing';
import type { Schemas } from '../api-types';
import { intParam } from '../query-params';

const iso = (ms: number): string => new Date(ms).toISOString();

export function podCostToDateCents(pod: Pod, nowMs: number): number {
  let cents = 0;
  for (const row of podLedger(pod, pod.createdAtMs, nowMs)) cents += row.gpuCents + row.diskCents;
  return cents;
}

/** Mean GPU utilization of a running pod's GPUs now, over those with a sample (null: not running, or none has one). */
export function podGpuUtilPercent(pod: Pod, nowMs: number, sample: GpuSampler): number | null {
  if (statusAt(pod, nowMs) !== 'running') return null;
  const gpu = gpuTypes.find((g) => g.id === pod.gpuTypeId);
  if (!gpu) return null;
  let sum = 0;
  let sampled = 0;
  for (let i = 0; i < pod.gpuCount; i++) {
    const s = sample(pod, gpu, i, nowMs);
    if (!s) continue;
    sum += s.DCGM_FI_DEV_GPU_UTIL;
    sampled++;
  }
  return sampled > 0 ? Math.round((sum / sampled) * 10) / 10 : null;
}

/**
 * A pod as the API shows it. costToDateCents: the cost already known (the server's list reads it
 * from the pod's settled columns in SQL, migration 003), instead of walking the pod's ledger hour
 * by hour here (a pod that ran 8 GPUs for two months is 11,000 GPU-hours).
 */
export function podView(pod: Pod, nowMs: number, sample: GpuSampler, costToDateCents?: number): Schemas['Pod'] {
  const last = lastTransitionAt(pod, nowMs);
  return {
    id: pod.id,
    name: pod.name,
    projectId: pod.projectId,
    ownerId: pod.ownerId,
    gpuTypeId: pod.gpuTypeId,
    gpuCount: pod.gpuCount,
    migProfile: pod.migProfile ?? null,
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
    costToDateCents: costToDateCents ?? podCostToDateCents(pod, nowMs),
    gpuUtilPercent: podGpuUtilPercent(pod, nowMs, sample),
  };
}

/** Where the pod answers while it runs (fictional host names; links are always https). */
export function podConnect(pod: Pod, nowMs: number): Schemas['PodConnect'] | null {
  if (statusAt(pod, nowMs) !== 'running') return null;
  const description = images.find((i) => i.id === pod.imageId)?.description ?? '';
  const host = `${pod.id}.${pod.regionId}.pods.northlight.example`;
  return {
    sshHost: host,
    sshPort: 22,
    sshUser: 'root',
    jupyterUrl: /Jupyter/i.test(description) ? `https://${host}/lab` : null,
    vscodeUrl: /VS Code/i.test(description) ? `https://${host}/vscode/` : null,
  };
}

export function podDetailView(state: CloudState, pod: Pod, nowMs: number, sample: GpuSampler): Schemas['PodDetail'] {
  const events = pod.transitions
    .filter((t) => t.atMs <= nowMs)
    .slice(-200)
    .map((t) => ({ status: t.status, at: iso(t.atMs), reason: t.reason }));
  return { ...podView(pod, nowMs, sample), events, autoStop: autoStopView(state, pod, nowMs), connect: podConnect(pod, nowMs) };
}

/** Finds a pod the acting user may see; other tenants' and other projects' pods do not exist for them. */
export function findVisiblePod(ctx: CloudContext, podId: string): Pod {
  const pod = ctx.state.pods.find((p) => p.id === podId);
  if (!pod || !visibleProjectIds(ctx).has(pod.projectId)) throw notFound('Pod', podId);
  return pod;
}

type SortKey = 'createdAt' | 'name' | 'status' | 'costToDate' | 'gpuCount';
const SORT_KEYS: SortKey[] = ['createdAt', 'name', 'status', 'costToDate', 'gpuCount'];

/** A pod's place in a sorted list: its sort value (a name, or a number) and its id. */
export type PodCursor = [sortValue: string | number, id: string];

/**
 * The keyset cursor GET /v1/pods answers as nextCursor: base64url (no padding) of the JSON
 * `[sortValue, id]` of a page's last pod. The sort value is createdAt in epoch milliseconds,
 * the name, the status's index in POD_STATUSES, costToDate in cents, or gpuCount.
 */
export function encodePodCursor(cursor: PodCursor): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(JSON.stringify(cursor))) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The cursor a page gave, for a list sorted by `sort`; a 400 naming `cursor` when it is not one. */
export function decodePodCursor(text: string, sort: SortKey): PodCursor {
  const refuse = (): never => {
    throw badRequest('The cursor is not one this list gave: start again from the first page.', [
      { field: 'cursor', message: 'Not a cursor of this list (pass nextCursor as it came, with the same sort).' },
    ]);
  };
  if (!/^[A-Za-z0-9_-]+$/.test(text) || text.length % 4 === 1) return refuse();
  let value: unknown;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '='));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return refuse();
  }
  if (!Array.isArray(value) || value.length !== 2) return refuse();
  const [sortValue, id] = value as unknown[];
  if (typeof id !== 'string' || id === '') return refuse();
  if (sort === 'name' ? typeof sortValue !== 'string' : typeof sortValue !== 'number' || !Number.isFinite(sortValue)) return refuse();
  return [sortValue as string | number, id];
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
  const cursorText = query.get('cursor') ?? '';
  const offsetText = query.get('offset') ?? '';
  if (cursorText !== '' && offsetText !== '') {
    throw badRequest('Page by cursor or by offset, not both.', [{ field: 'cursor', message: 'Not with offset: a cursor already says where the page starts.' }]);
  }
  const cursor = cursorText === '' ? null : decodePodCursor(cursorText, sort);
  const requestedOffset = intParam(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
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
  // (sort value, id) order: the sort value in the asked order, ties by id ascending, so that
  // pages are stable and a cursor names one place in the list.
  const compare = ([ka, ia]: PodCursor, [kb, ib]: PodCursor): number => {
    const c = typeof ka === 'string' && typeof kb === 'string' ? ka.localeCompare(kb) : Number(ka) - Number(kb);
    return c !== 0 ? c * order : ia.localeCompare(ib);
  };
  const placeOf = (r: (typeof rows)[number]): PodCursor => [key(r), r.pod.id];
  rows.sort((a, b) => compare(placeOf(a), placeOf(b)));
  // A cursor's page starts at the first pod strictly after it; the pods before are its offset.
  const offset = cursor ? countWhile(rows, (r) => compare(placeOf(r), cursor) <= 0) : requestedOffset;
  const page = rows.slice(offset, offset + limit);
  const last = page[page.length - 1];
  return {
    asOf: iso(now),
    items: page.map((r) => podView(r.pod, now, telemetryOf(ctx))),
    total: rows.length,
    offset,
    limit,
    nextCursor: last && offset + page.length < rows.length ? encodePodCursor(placeOf(last)) : null,
  };
}

/** How many leading items pass the test (the list is sorted, so they are the ones before a place). */
function countWhile<T>(items: T[], test: (item: T) => boolean): number {
  let n = 0;
  while (n < items.length && test(items[n] as T)) n++;
  return n;
}

const IDEMPOTENCY_PROBLEMS = {
  'missing-key': () => problem(400, 'idempotency-key-missing', 'Idempotency-Key missing', 'Send an Idempotency-Key header (one UUID per launch) so that a retry cannot launch a second pod.'),
  'invalid-key': () => problem(400, 'idempotency-key-invalid', 'Idempotency-Key not valid', 'An Idempotency-Key is 1 to 255 visible ASCII characters (a UUID is best).'),
  'in-flight': () => problem(409, 'idempotency-in-flight', 'Launch still in progress', 'A launch with this Idempotency-Key is still being processed. Ask again in a moment to get its result.'),
  'key-reused': () => problem(422, 'idempotency-key-reused', 'Idempotency-Key already used', 'This Idempotency-Key was used for a launch with other details. Start a new launch to send different details.'),
} as const;

/** POST /v1/pods: the launch, at most once per key (domain/idempotency.ts holds the rules). */
function createPod(ctx: CloudContext, input: RouteInput): CloudResponse {
  const user = requireRole(ctx, ['admin', 'engineer'], 'launch pods');
  const now = ctx.now();
  const key = input.headers.get('Idempotency-Key');
  const decision = beginRequest(ctx.state.idempotency ?? [], { key, scope: user.id, fingerprint: requestFingerprint(input.body), nowMs: now });
  if (decision.kind === 'reject') throw IDEMPOTENCY_PROBLEMS[decision.reason]();
  if (decision.kind === 'replay') return { ...decision.response, headers: { 'Idempotency-Replayed': 'true' } };
  ctx.state.idempotency = decision.records;
  const finish = (status: number, body: unknown): void => {
    ctx.state.idempotency = completeRequest(ctx.state.idempotency ?? [], key ?? '', user.id, { status, body });
    ctx.save();
  };
  try {
    assertLaunchRequestAllowed(ctx, input.body); // billing: a spent "block new launches" budget refuses (403)
    const pod = launchPod(ctx, input.body, user, now, key ?? '');
    const body = podView(pod, now, telemetryOf(ctx));
    finish(201, body);
    return created(body, { Location: `/v1/pods/${pod.id}` });
  } catch (e) {
    if (e instanceof Problem) finish(e.status, e.body);
    throw e;
  }
}

/** A change to one pod by someone allowed to make it, answered with the pod as it is now. */
function act(action: string, change: (ctx: CloudContext, pod: Pod, input: RouteInput, nowMs: number) => void) {
  return (ctx: CloudContext, input: RouteInput): CloudResponse => {
    const pod = findVisiblePod(ctx, input.params.podId ?? '');
    requireRole(ctx, ['admin', 'engineer'], action);
    const now = ctx.now();
    change(ctx, pod, input, now);
    ctx.save();
    return ok(podDetailView(ctx.state, pod, now, telemetryOf(ctx)));
  };
}

export const podRoutes: Route[] = [
  { method: 'GET', path: '/v1/pods', handler: (ctx, { query }) => ok(listPods(ctx, query)) },
  { method: 'POST', path: '/v1/pods', handler: createPod },
  {
    method: 'GET',
    path: '/v1/pods/:podId',
    handler: (ctx, { params }) => {
      const pod = findVisiblePod(ctx, params.podId ?? '');
      // The pod page shows the auto-stop countdown: start watching the world's pods now if the
      // minute-by-minute reconciler (reconcile.ts) has not run yet.
      if (ctx.state.autoStopWatches === undefined) reconcileAutoStop(ctx, ctx.now());
      return ok(podDetailView(ctx.state, pod, ctx.now(), telemetryOf(ctx)));
    },
  },
  { method: 'PATCH', path: '/v1/pods/:podId', handler: act('change pods', (ctx, pod, { body }, now) => updatePod(ctx, pod, currentUser(ctx), now, body)) },
  { method: 'POST', path: '/v1/pods/:podId/stop', handler: act('stop pods', (ctx, pod, _input, now) => stopPod(ctx, pod, currentUser(ctx), now)) },
  { method: 'POST', path: '/v1/pods/:podId/start', handler: act('start pods', (ctx, pod, _input, now) => startPod(ctx, pod, currentUser(ctx), now)) },
  { method: 'POST', path: '/v1/pods/:podId/terminate', handler: act('terminate pods', (ctx, pod, { body }, now) => terminatePod(ctx, pod, currentUser(ctx), now, body)) },
  { method: 'POST', path: '/v1/pods/:podId/keep-running', handler: act('change pods', (ctx, pod, { body }, now) => keepPodRunning(ctx, pod, now, body)) },
  {
    method: 'GET',
    path: '/v1/pods/:podId/metrics',
    handler: (ctx, { params, query }) => {
      const pod = findVisiblePod(ctx, params.podId ?? '');
      const { range, maxPoints } = parseMetricsQuery(query);
      return ok(podMetrics(pod, range, maxPoints, ctx.now(), telemetryOf(ctx)));
    },
  },
];
