/**
 * Pod writes touch their own rows (server/pod-writes.ts): stop, start, terminate, keep-running,
 * PATCH and launch run over a partial state of the rows they name, and give the answers the full
 * path gives (every write loading the organization, partialWrites: false) and leave the same rows.
 * Two servers on one database, one of each kind, each with an organization of its own made from
 * the same world, take the same requests at the same simulated times; their answers and their
 * organizations' rows are compared. On the 10,000-pod organization, a stop, a keep-running and a
 * launch read a bounded number of pod rows (EXPLAIN ANALYZE of their statements) and bytes.
 * On PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countQueries, rowsScanned, type CountingDatabase } from './query-counter';
import { TEST_ORGANIZATION_PASSWORD } from './test-organizations';
import { memoryLogger } from './log';
import { stateReconciler } from './state-reconciler';
import { freshDatabase, startTestServer, type Answer, type ApiClient, type TestServer } from './testing/harness';

let db: CountingDatabase;
let full: TestServer;
let partial: TestServer;
/** Real time for both servers: the simulated clocks move when a test moves it. */
let realNow = 0;

beforeAll(async () => {
  db = countQueries(await freshDatabase());
  const common = { db, testOrganizations: true, realNow: () => realNow };
  full = await startTestServer({ ...common, partialWrites: false });
  partial = await startTestServer(common);
}, 120_000);

afterAll(async () => {
  await partial?.close();
  await full?.close();
  await db?.close();
});

interface Pair {
  orgs: [string, string];
  clients: [ApiClient, ApiClient];
}

/** An organization on each server made from one world (preset), signed in as its admin. */
async function pair(preset: 'default' | 'large'): Promise<Pair> {
  const make = async (server: TestServer): Promise<[string, ApiClient]> => {
    const created = await server.client().call<{ organizationId: string; users: Array<{ email: string; role: string }> }>('POST', '/testing/organizations', { preset });
    expect(created.status).toBe(201);
    const admin = created.body.users.find((u) => u.role === 'admin')?.email ?? '';
    return [created.body.organizationId, await server.signIn(admin, TEST_ORGANIZATION_PASSWORD)];
  };
  const [a, b] = [await make(full), await make(partial)];
  return { orgs: [a[0], b[0]], clients: [a[1], b[1]] };
}

/** The statement that loads a whole organization (state-store.ts loadState) reads its pods with no other condition. */
const loadsOrganization = (text: string): boolean => /FROM pods x WHERE x\.org_id = o\.id\) AS part_/.test(text);

/** The writes the partial server answered, and whether they loaded the whole organization. */
let writes: Array<{ write: string; loadedOrganization: boolean }> = [];

/** The same request to both organizations; the answers must be the same. */
async function both<T>(p: Pair, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer<T>> {
  const a = await p.clients[0].call<T>(method, path, body, headers);
  db.reset();
  const b = await p.clients[1].call<T>(method, path, body, headers);
  if (method !== 'GET') writes.push({ write: `${method} ${path}`, loadedOrganization: db.statements().some((s) => loadsOrganization(s.text)) });
  expect({ status: b.status, body: b.body }, `${method} ${path}`).toEqual({ status: a.status, body: a.body });
  expect(b.headers.get('location')).toBe(a.headers.get('location'));
  expect(b.headers.get('idempotency-replayed')).toBe(a.headers.get('idempotency-replayed'));
  return b;
}

/**
 * An organization's rows as stored, table by table, in their stored order. Positions are compared
 * for lists (pods, Idempotency-Keys, …); the records keyed by pod (auto-stop watches, replacements)
 * carry no order that means anything, and a partial write leaves a gap where it deletes one.
 */
async function rowsOf(orgId: string): Promise<Record<string, unknown[]>> {
  const tables: Record<string, string> = {
    pods: 'position',
    pod_autostop_watches: 'pod_id',
    pod_replacements: 'pod_id',
    idempotency_keys: 'position',
    budgets: 'position',
    budget_alerts: 'position',
    organizations: 'id',
    sim_clock: 'org_id',
    state_extras: 'key',
  };
  const out: Record<string, unknown[]> = {};
  for (const [table, order] of Object.entries(tables)) {
    const key = table === 'organizations' ? 'id' : 'org_id';
    const rows = await db.query(`SELECT * FROM ${table} WHERE ${key} = $1 ORDER BY ${order}`, [orgId]);
    out[table] = rows.map((r) => {
      const { org_id: _org, id, created_at: _created, ...rest } = r;
      if (table === 'pod_autostop_watches') delete rest.position;
      return table === 'organizations' ? rest : { id, ...rest };
    });
  }
  return out;
}

interface PodList {
  items: Array<{ id: string; name: string; status: string; autoStopIdleMinutes: number | null; gpuCount: number; gpuTypeId: string; projectId: string }>;
}

const SSH = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf me@laptop';
const launchBody = (name: string, projectId: string, extra: Record<string, unknown> = {}) => ({
  name, projectId, gpuTypeId: 'l4', gpuCount: 1, regionId: 'ca-mtl-1', imageId: 'pytorch-2.9-cuda12.8', diskGb: 100, autoStopIdleMinutes: 30, sshPublicKey: SSH, ...extra,
});

describe('pod writes over their own rows', () => {
  it('answer as the full path does and leave the same rows', async () => {
    realNow = 0;
    const p = await pair('default');
    writes = [];
    const running = (await both<PodList>(p, 'GET', '/v1/pods?status=running&limit=500')).body.items;
    const stopped = (await both<PodList>(p, 'GET', '/v1/pods?status=stopped&limit=500')).body.items;
    const withAutoStop = running.filter((x) => x.autoStopIdleMinutes !== null);
    expect(withAutoStop.length).toBeGreaterThan(1);
    expect(stopped.length).toBeGreaterThan(1);
    const [keep, keep2] = withAutoStop;
    const toStop = running.find((x) => x.id !== keep?.id && x.id !== keep2?.id);
    const [toStart, toPatch] = stopped;
    const projectId = running[0]?.projectId ?? '';
    // The pod page sets up the watches of every running pod (a read that writes: the full path).
    await both(p, 'GET', `/v1/pods/${keep?.id}`);

    await both(p, 'POST', `/v1/pods/${toStop?.id}/stop`);
    await both(p, 'POST', `/v1/pods/${toStop?.id}/stop`); // again: answered as it is
    await both(p, 'POST', `/v1/pods/${keep?.id}/keep-running`, { snoozeMinutes: 30 });
    await both(p, 'POST', `/v1/pods/${keep2?.id}/keep-running`, { snoozeMinutes: 5000 }); // 400
    await both(p, 'PATCH', `/v1/pods/${toPatch?.id}`, { autoStopIdleMinutes: 120 });
    await both(p, 'PATCH', `/v1/pods/${toPatch?.id}`, { name: 'renamed' }); // 400
    await both(p, 'POST', `/v1/pods/${toStart?.id}/start`);
    await both(p, 'POST', `/v1/pods/${toStart?.id}/keep-running`, {}); // provisioning: counts from its start
    realNow += 30_000; // it runs now
    await both(p, 'PATCH', `/v1/pods/${toStart?.id}`, { gpuCount: (toStart?.gpuCount ?? 1) * 2 }); // more GPUs: quota and capacity
    await both(p, 'POST', `/v1/pods/pod-nope/stop`); // 404
    await both(p, 'POST', `/v1/pods/${toStop?.id}/keep-running`, {}); // 409: not running

    // Launches: once per key, a taken name, no capacity (with alternatives), a replacement stopped before it runs.
    const first = await both<{ id: string }>(p, 'POST', '/v1/pods', launchBody('write-scale-a', projectId), { 'Idempotency-Key': 'k-1' });
    expect(first.status).toBe(201);
    await both(p, 'POST', '/v1/pods', launchBody('write-scale-a', projectId), { 'Idempotency-Key': 'k-1' }); // replayed
    await both(p, 'POST', '/v1/pods', launchBody('write-scale-a', projectId), { 'Idempotency-Key': 'k-2' }); // 400: the name is taken
    const scarce = await both<{ alternatives?: unknown[] }>(p, 'POST', '/v1/pods', launchBody('write-scale-b', projectId, { gpuTypeId: 'b200', gpuCount: 8 }), { 'Idempotency-Key': 'k-3' });
    expect(scarce.status).toBe(409);
    const replacement = await both<{ id: string }>(p, 'POST', '/v1/pods', launchBody('write-scale-c', projectId, { replacesPodId: keep2?.id }), { 'Idempotency-Key': 'k-4' });
    expect(replacement.status).toBe(201);
    await both(p, 'POST', `/v1/pods/${replacement.body.id}/stop`); // before it runs: the old pod keeps running
    await both(p, 'GET', `/v1/pods/${keep2?.id}`);
    await both(p, 'POST', `/v1/pods/${first.body.id}/terminate`, { confirmName: 'nope' }); // 400
    await both(p, 'POST', `/v1/pods/${first.body.id}/terminate`, { confirmName: 'write-scale-a' });
    await both(p, 'POST', '/v1/pods', launchBody('write-scale-a', projectId), { 'Idempotency-Key': 'k-5' }); // the name is free again

    // A minute later the reconcilers are due: the next write takes the full path on both, then partial again.
    realNow += 90_000;
    await both(p, 'POST', `/v1/pods/${keep?.id}/stop`);
    realNow += 10_000;
    await both(p, 'POST', `/v1/pods/${toPatch?.id}/start`);
    await both(p, 'GET', '/v1/pods?limit=500');

    expect(await rowsOf(p.orgs[1])).toEqual(await rowsOf(p.orgs[0]));
    // Every write but the one that found the reconcilers due read only its own rows.
    expect(writes.filter((w) => w.loadedOrganization).map((w) => w.write)).toEqual([`POST /v1/pods/${keep?.id}/stop`]);
    expect(writes.length).toBeGreaterThan(15);
  }, 120_000);

  it('find the reconcilers done in the background', async () => {
    realNow = 0;
    const p = await pair('default');
    const running = (await both<PodList>(p, 'GET', '/v1/pods?status=running&limit=500')).body.items;
    await both(p, 'GET', `/v1/pods/${running[0]?.id}`);
    writes = [];
    const background = stateReconciler({ db, log: memoryLogger(), intervalS: 0, realNow: () => realNow });
    realNow += 20_000;
    expect(await background.runOnce()).not.toContain(p.orgs[1]); // not due within 30 s yet
    realNow += 20_000;
    expect(await background.runOnce()).toEqual(expect.arrayContaining(p.orgs)); // due within 30 s: both reconciled at this now
    realNow += 40_000; // 80 s since the world began, 40 s since the background ran
    await both(p, 'POST', `/v1/pods/${running[1]?.id}/stop`);
    await both(p, 'POST', `/v1/pods/${running[2]?.id}/stop`);
    await both(p, 'GET', '/v1/budgets');
    expect(writes.filter((w) => w.loadedOrganization)).toEqual([]);
    expect(await rowsOf(p.orgs[1])).toEqual(await rowsOf(p.orgs[0]));
    await background.stop();
  }, 120_000);
});

describe('on a 10,000-pod organization', () => {
  let p: Pair;
  let running: PodList['items'];

  beforeAll(async () => {
    realNow = 0;
    p = await pair('large');
    running = (await both<PodList>(p, 'GET', '/v1/pods?status=running&limit=500')).body.items;
    // The pod page's first visit sets up the organization's auto-stop watches (on the full path, once).
    await both(p, 'GET', `/v1/pods/${running[0]?.id}`);
  }, 300_000);

  /** A write to both organizations, with what the partial one read: bytes, and pod rows scanned by its statements. */
  async function write(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ res: Answer; bytes: number; podRows: number }> {
    const a = await p.clients[0].call(method, path, body, headers);
    db.reset();
    const b = await p.clients[1].call(method, path, body, headers);
    const statements = db.statements();
    expect({ status: b.status, body: b.body }, `${method} ${path}`).toEqual({ status: a.status, body: a.body });
    let podRows = 0;
    // Each statement that reads pods, replayed under EXPLAIN ANALYZE (reads only; they see what the write left, as many rows).
    for (const s of statements) {
      if (!/\bpods\b/.test(s.text) || !/^\s*(SELECT|WITH)/i.test(s.text) || /FOR UPDATE/.test(s.text)) continue;
      const n = await rowsScanned(db, s, 'pods');
      podRows += n;
    }
    return { res: b, bytes: db.count().bytes, podRows };
  }

  /** The whole organization is 10,000 pod rows and ~20 MB. */
  const MAX_POD_ROWS = 50;
  const MAX_BYTES = 200_000;

  it('stops a pod reading a bounded number of pod rows', async () => {
    const pod = running.find((x) => x.autoStopIdleMinutes === null);
    const r = await write('POST', `/v1/pods/${pod?.id}/stop`);
    expect(r.res.status).toBe(200);
    expect(r.podRows).toBeLessThanOrEqual(MAX_POD_ROWS);
    expect(r.bytes).toBeLessThan(MAX_BYTES);
  });

  it('keeps a pod running reading a bounded number of pod rows', async () => {
    const pod = running.find((x) => x.autoStopIdleMinutes !== null);
    const r = await write('POST', `/v1/pods/${pod?.id}/keep-running`, { snoozeMinutes: 30 });
    expect(r.res.status).toBe(200);
    expect(r.podRows).toBeLessThanOrEqual(MAX_POD_ROWS);
    expect(r.bytes).toBeLessThan(MAX_BYTES);
  });

  it('launches a pod reading the pods that hold GPUs now, not the organization', async () => {
    // The pods settled in a status that holds GPUs, and those not settled by now (the simulated now, real time pinned).
    const [held] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pods p, organizations o JOIN sim_clock c ON c.org_id = o.id
       WHERE o.id = $1 AND p.org_id = o.id AND (p.settled_status IN ('queued', 'provisioning', 'running', 'stopping')
         OR p.settled_at_ms > o.anchor_ms + c.offset_ms + greatest(0, $2 - c.real_start_ms))`,
      [p.orgs[1], realNow],
    );
    const r = await write('POST', '/v1/pods', launchBody('write-scale-large', running[0]?.projectId ?? ''), { 'Idempotency-Key': 'large-1' });
    expect(r.res.status).toBe(201);
    // Capacity and quota count the pods holding GPUs (about 1,000 here, bounded by the fleet's capacity); everything else is a few rows.
    expect(r.podRows).toBeLessThanOrEqual(Number(held?.n) + MAX_POD_ROWS);
    expect(r.podRows).toBeLessThan(2_500);
    // Only the page of figures and the launch's own rows cross to the server.
    expect(r.bytes).toBeLessThan(MAX_BYTES);
  });

  it('leaves the same rows as the full path', async () => {
    await both(p, 'POST', `/v1/pods/${running[1]?.id}/stop`);
    const [a, b] = [await rowsOf(p.orgs[0]), await rowsOf(p.orgs[1])];
    for (const table of Object.keys(a)) expect(b[table]?.length, table).toBe(a[table]?.length);
    expect(b).toEqual(a);
  }, 120_000);
});
