/**
 * Reads answered in SQL (server/direct-reads.ts) answer what the full path answers: the cloud
 * service over the whole organization's state, loaded and reconciled (server/api.ts). Compared
 * over many queries of the pod list (every sort, order and filter, pages by offset and by
 * cursor) for each role, the session, users, projects and single pods, in the seeded world and
 * after launches, stops and time travel (pods in mid-launch, scheduled stops, days of cost).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '../src/cloud/reconcile';
import { dispatch, type CloudRequest } from '../src/cloud/http';
import { routesFor } from '../src/cloud/routes';
import { podCostToDateCents } from '../src/cloud/ops/pods';
import type { Pod } from '../src/cloud/model';
import { requestContext } from './cloud-context';
import { loadState, podReadColumns, sameSnapshot, snapshot } from './state-store';
import { dressFor } from './tenants';
import { startTestServer, type ApiClient, type TestServer } from './testing/harness';

let server: TestServer;
const users: Record<string, ApiClient> = {};
const USER_IDS: Record<string, string> = { maya: 'u-maya', oskar: 'u-oskar', ana: 'u-ana', felix: 'u-felix' };
const ORG = 'org-lumen';

beforeAll(async () => {
  server = await startTestServer();
  for (const name of Object.keys(USER_IDS)) users[name] = await server.signIn(`${name}@lumen.example`);
});
afterAll(async () => {
  await server?.close();
});

/** The full path's answer, in process: the whole state loaded and reconciled, the cloud's route (no contract check). */
async function fullAnswer(userId: string, pathAndQuery: string): Promise<{ status: number; body: unknown }> {
  const url = new URL(pathAndQuery, 'http://x');
  return server.db.transaction(async (tx) => {
    const state = await loadState(tx, ORG, { lock: false });
    if (!state) throw new Error('no organization');
    const before = snapshot(state);
    state.currentUserId = userId;
    const run = requestContext(state, () => 0, dressFor(ORG, state.organization.name));
    await reconcile(run.ctx);
    // The direct read caught the organization up first: the full path has nothing to reconcile.
    expect(sameSnapshot(before, snapshot(run.ctx.state)), 'reconcilers had work the direct read did not do').toBe(true);
    const call: CloudRequest = { method: 'GET', path: url.pathname, query: url.searchParams, headers: new Headers(), body: undefined };
    const res = await dispatch(run.ctx, await routesFor(call.path), call);
    return { status: res.status, body: JSON.parse(JSON.stringify(res.body)) as unknown };
  });
}

interface PodList {
  items: Array<{ id: string }>;
  total: number;
  offset: number;
  limit: number;
  nextCursor?: string | null;
}

/** The direct answer equals the full path's (nextCursor too once the cloud's list has it). */
async function same(name: string, pathAndQuery: string): Promise<unknown> {
  const direct = await users[name]!.call('GET', pathAndQuery);
  const full = await fullAnswer(USER_IDS[name]!, pathAndQuery);
  const body = direct.body as Record<string, unknown>;
  if (full.body && typeof full.body === 'object' && 'items' in full.body && !('nextCursor' in full.body)) delete body.nextCursor;
  expect({ status: direct.status, body }, `${name} GET ${pathAndQuery}`).toEqual(full);
  return direct.body;
}

const SORTS = ['createdAt', 'name', 'status', 'costToDate', 'gpuCount'];
const STATUS_FILTERS = [[], ['running'], ['stopped', 'running'], ['terminated'], ['provisioning', 'queued'], ['failed', 'stopping', 'terminating']];

/** A deterministic spread of list queries: every sort × order × status filter, and filters, search and pages. */
function listQueries(): string[] {
  const out: string[] = [];
  for (const sort of SORTS) {
    for (const order of ['asc', 'desc', '']) {
      for (const statuses of STATUS_FILTERS) {
        const q = new URLSearchParams({ sort, limit: '7' });
        if (order) q.set('order', order);
        for (const s of statuses) q.append('status', s);
        out.push(`/v1/pods?${q}`);
      }
    }
  }
  const extras: Array<Record<string, string>> = [
    {},
    { limit: '500' },
    { offset: '5', limit: '10' },
    { offset: '55', limit: '10' },
    { offset: '1000' },
    { projectId: 'p-vision' },
    { projectId: 'p-llm', sort: 'name', order: 'asc' },
    { ownerId: 'u-ana', sort: 'costToDate' },
    { gpuTypeId: 'h100-sxm', sort: 'status', order: 'asc' },
    { regionId: 'ca-mtl-1' },
    { q: 'ana' },
    { q: '  LLaMA ', sort: 'name' },
    { q: 'pod-1' },
    { q: '%' },
    { q: 'nothing-like-this' },
    { projectId: '' },
    { status: 'running', sort: 'name', order: 'asc', offset: '3', limit: '4' },
  ];
  for (const e of extras) out.push(`/v1/pods?${new URLSearchParams(e)}`);
  return out;
}

/** Follows nextCursor to the end; each page equals the full path's page at the offset it names. */
async function walk(name: string, sort: string, order: string, extra: Record<string, string> = {}): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 40; page++) {
    const q = new URLSearchParams({ sort, order, limit: '9', ...extra });
    if (cursor) q.set('cursor', cursor);
    const direct = await users[name]!.call<PodList>('GET', `/v1/pods?${q}`);
    expect(direct.status).toBe(200);
    const byOffset = new URLSearchParams({ sort, order, limit: '9', offset: String(direct.body.offset), ...extra });
    const full = (await fullAnswer(USER_IDS[name]!, `/v1/pods?${byOffset}`)).body as PodList;
    expect(direct.body.items).toEqual(full.items);
    expect(direct.body.total).toBe(full.total);
    expect(direct.body.offset, `${name} ${q.toString()}`).toBe(ids.length);
    if (full.nextCursor !== undefined) expect(direct.body.nextCursor).toBe(full.nextCursor);
    ids.push(...direct.body.items.map((p) => p.id));
    cursor = direct.body.nextCursor ?? null;
    if (!cursor) break;
  }
  return ids;
}

async function compareEverything(): Promise<void> {
  for (const name of Object.keys(USER_IDS)) {
    for (const path of ['/v1/session', '/v1/users', '/v1/projects']) await same(name, path);
  }
  const queries = listQueries();
  // Every query as the admin; a spread of them as finance and two engineers (other projects).
  for (const [i, path] of queries.entries()) {
    await same('maya', path);
    if (i % 3 === 0) await same('ana', path);
    if (i % 5 === 0) await same('oskar', path);
    if (i % 7 === 0) await same('felix', path);
  }
  const all = (await same('maya', '/v1/pods?limit=500')) as PodList;
  for (const pod of all.items.filter((_, i) => i % 4 === 0)) {
    await same('maya', `/v1/pods/${pod.id}`);
    await same('ana', `/v1/pods/${pod.id}`);
  }
  await same('maya', '/v1/pods/pod-nope');
  for (const sort of SORTS) {
    for (const order of ['asc', 'desc']) {
      const ids = await walk('maya', sort, order);
      expect(ids).toHaveLength(all.total);
      expect(new Set(ids).size).toBe(all.total);
    }
  }
  // Cursors the cloud refuses (the full path's 400), and one with an offset.
  const first = (await same('maya', '/v1/pods?sort=name&limit=5')) as PodList;
  for (const path of ['/v1/pods?cursor=not-a-cursor', `/v1/pods?sort=createdAt&cursor=${first.nextCursor}`, `/v1/pods?sort=name&offset=5&cursor=${first.nextCursor}`, `/v1/pods?sort=name&offset=&cursor=${first.nextCursor}`, '/v1/pods?cursor=']) {
    await same('maya', path);
  }
  await walk('ana', 'name', 'desc', { status: 'running' });
  await walk('oskar', 'createdAt', 'asc', { status: 'stopped' });
}

describe('direct reads answer what the full path answers', () => {
  it('in the seeded world', async () => {
    await compareEverything();
  }, 240_000);

  it('after launches, stops and time travel (pods mid-launch, scheduled stops, days of cost)', async () => {
    const maya = users.maya!;
    const ana = users.ana!;
    const launch = {
      name: 'direct-read-pod', projectId: 'p-vision', gpuTypeId: 'l4', gpuCount: 1, regionId: 'ca-mtl-1', imageId: 'pytorch-2.9-cuda12.8', diskGb: 100,
      autoStopIdleMinutes: 30, sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf me@laptop',
    };
    const launched = await ana.call<{ id: string; status: string }>('POST', '/v1/pods', launch, { 'Idempotency-Key': 'direct-read-1' });
    expect(launched.status).toBe(201);
    // Mid-launch: its steps are scheduled ahead of now (a pod SQL reads the status of from its transitions).
    const [ahead] = await server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pods p JOIN organizations o ON o.id = p.org_id JOIN sim_clock c ON c.org_id = o.id
       WHERE p.org_id = $1 AND p.settled_at_ms > o.anchor_ms + c.offset_ms`,
      [ORG],
    );
    expect(Number(ahead?.n)).toBeGreaterThan(0);
    await compareEverything();
    const list = await maya.call<PodList & { items: Array<{ id: string; status: string }> }>('GET', '/v1/pods?status=running&limit=500');
    const running = list.body.items.find((p) => p.id !== launched.body.id);
    if (running) expect((await maya.call('POST', `/v1/pods/${running.id}/stop`, {})).status).toBe(200);
    for (const durationMs of [45_000, 2 * 3_600_000, 3 * 86_400_000 + 1234]) {
      expect((await maya.call('POST', '/v1/simulation/advance', { durationMs })).status).toBe(200);
      await compareEverything();
    }
  }, 480_000);
});

describe('a journey on direct reads', () => {
  it('launches a pod, moves the clock, and the list shows it running', async () => {
    const ana = users.ana!;
    const maya = users.maya!;
    const launched = await ana.call<{ id: string; status: string }>('POST', '/v1/pods', {
      name: 'journey-pod', projectId: 'p-vision', gpuTypeId: 'l4', gpuCount: 1, regionId: 'ca-mtl-1', imageId: 'pytorch-2.9-cuda12.8', diskGb: 100,
      autoStopIdleMinutes: null, sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf me@laptop',
    }, { 'Idempotency-Key': 'journey-1' });
    expect(launched.status).toBe(201);
    const mine = async () => (await ana.call<{ items: Array<{ id: string; status: string }> }>('GET', '/v1/pods?q=journey-pod')).body.items.find((p) => p.id === launched.body.id);
    expect((await mine())?.status).not.toBe('running');
    // Over two reconcile steps: the read first catches the reconcilers up, then answers from SQL.
    expect((await maya.call('POST', '/v1/simulation/advance', { durationMs: 10 * 60_000 })).status).toBe(200);
    expect((await mine())?.status).toBe('running');
    const [clock] = await server.db.query<{ reconciled_at_ms: number; offset_ms: number }>('SELECT reconciled_at_ms, offset_ms FROM sim_clock WHERE org_id = $1', [ORG]);
    const [org] = await server.db.query<{ anchor_ms: number }>('SELECT anchor_ms FROM organizations WHERE id = $1', [ORG]);
    expect(Number(clock?.reconciled_at_ms)).toBe(Number(org?.anchor_ms) + Number(clock?.offset_ms));
    const detail = await ana.call<{ status: string; events: unknown[] }>('GET', `/v1/pods/${launched.body.id}`);
    expect(detail.body.status).toBe('running');
    await same('ana', `/v1/pods/${launched.body.id}`);
  });
});

describe('the pods read columns', () => {
  it('give SQL the cloud ledger’s cost-to-date at any time after a pod settles', async () => {
    const state = await server.db.transaction((tx) => loadState(tx, ORG, { lock: false }));
    const pods = state!.pods;
    const rows = await server.db.query<Record<string, unknown>>(
      'SELECT id, settled_at_ms FROM pods WHERE org_id = $1',
      [ORG],
    );
    const byId = new Map(pods.map((p) => [p.id, p]));
    const offsets = [0, 1, 999, 1000, 59_999, 3_600_000, 86_399_999, 86_400_000, 86_400_001, 5 * 86_400_000 + 17, 40 * 86_400_000 + 123_456];
    const checks: Array<{ id: string; at: number; expected: number }> = [];
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (const row of rows) {
      const pod = byId.get(String(row.id)) as Pod;
      const settled = podReadColumns(pod).settledAtMs;
      expect(Number(row.settled_at_ms)).toBe(settled);
      for (const offset of offsets) {
        const at = settled + offset;
        checks.push({ id: pod.id, at, expected: podCostToDateCents(pod, at) });
        params.push(pod.id, at);
        tuples.push(`($${params.length - 1}::text, $${params.length}::double precision)`);
      }
    }
    const got = await server.db.query<{ id: string; at: number; cents: number }>(
      `SELECT v.id, v.at, pod_cost_cents_at(p.settled_at_ms, p.cost_fixed_cents, p.hour_running_ms, p.gpu_count_after, p.runs_after, p.day_existing_ms, p.exists_after, p.rate_micro_usd_per_gpu_hour, p.disk_micro_usd_per_hour, v.at) AS cents
       FROM (VALUES ${tuples.join(', ')}) AS v (id, at) JOIN pods p ON p.org_id = '${ORG}' AND p.id = v.id`,
      params,
    );
    expect(got.map((g) => ({ id: g.id, at: Number(g.at), expected: Number(g.cents) }))).toEqual(checks);
  });
});
