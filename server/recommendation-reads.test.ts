/**
 * GET /v1/recommendations over the usage rollup (server/recommendation-reads.ts) answers what the
 * full path answers (the cloud over the whole state, its evidence built in process), to the byte:
 * every status, kind and filter, every role, each judged pod's own (the pod page's podId), with
 * decisions taken, with the reconciler behind and caught up. And it reads a bounded number of
 * rows: day rows for whole days, a few hour rows at the window's edge, at most 168 sums per pod
 * for the idle share by hour of the week, and only the pods it judges.
 * Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '../src/cloud/reconcile';
import { dispatch, type CloudRequest } from '../src/cloud/http';
import { routesFor } from '../src/cloud/routes';
import type { CloudState } from '../src/cloud/model';
import { MS_PER_HOUR } from '../src/domain/units';
import { requestContext, simulatedNow } from './cloud-context';
import type { Database } from './db';
import type { ReadScope } from './direct-reads';
import { countQueries } from './query-counter';
import { clearRecommendationEvidenceCache, RECOMMENDATION_READS } from './recommendation-reads';
import { loadState } from './state-store';
import { dressFor } from './tenants';
import { startTestServer, type ApiClient, type TestServer } from './testing/harness';
import { rollUp } from './usage-reconciler';

const ORG = 'org-lumen';
const USER_IDS: Record<string, string> = { maya: 'u-maya', oskar: 'u-oskar', ana: 'u-ana', felix: 'u-felix' };
const realNow = () => 0;

let server: TestServer;
const users: Record<string, ApiClient> = {};

beforeAll(async () => {
  server = await startTestServer();
  for (const name of Object.keys(USER_IDS)) users[name] = await server.signIn(`${name}@lumen.example`);
  await users.maya!.call('GET', '/v1/session');
  const r = await rollUp(server.db, ORG, Number.POSITIVE_INFINITY, { realNow });
  expect(r.complete).toBe(true);
}, 300_000);
afterAll(async () => {
  await server?.close();
});

const callOf = (pathAndQuery: string): CloudRequest => {
  const url = new URL(pathAndQuery, 'http://x');
  return { method: 'GET', path: url.pathname, query: url.searchParams, headers: new Headers(), body: undefined };
};

type Answer = { status: number; body: unknown };

async function fullAnswer(userId: string, pathAndQuery: string): Promise<Answer> {
  return server.db.transaction(async (tx) => {
    const state = await loadState(tx, ORG, { lock: false });
    if (!state) throw new Error('no organization');
    state.currentUserId = userId;
    const run = requestContext(state, realNow, dressFor(ORG, state.organization.name));
    await reconcile(run.ctx);
    const call = callOf(pathAndQuery);
    const res = await dispatch(run.ctx, await routesFor(call.path), call);
    return { status: res.status, body: JSON.parse(JSON.stringify(res.body)) as unknown };
  });
}

async function directAnswer(userId: string, pathAndQuery: string, db: Database = server.db): Promise<Answer | null> {
  const call = callOf(pathAndQuery);
  const entry = RECOMMENDATION_READS.find((e) => e.path.test(call.path));
  if (!entry) throw new Error(`no recommendation read for ${call.path}`);
  // The organization's row and projects, as the direct reader selects them (not counted: every read has them).
  const base = (await server.db.transaction((tx) => loadState(tx, ORG, { lock: false }))) as CloudState;
  const user = base.users.find((u) => u.id === userId)!;
  const scope: ReadScope = {
    session: { tokenHash: '', orgId: ORG, userId, actingUserId: null, csrfHash: '' },
    user,
    signedIn: user,
    base: { ...base, pods: [], users: [], projects: [] } as CloudState,
    projects: base.projects,
    presentParts: new Set(),
    telemetry: null,
    realNow,
  };
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    const res = await entry.handle(tx, scope, call, simulatedNow(base, realNow()));
    return res ? { status: res.status, body: JSON.parse(JSON.stringify(res.body)) as unknown } : null;
  });
}

async function same(name: string, pathAndQuery: string, viaHttp = false): Promise<unknown> {
  const userId = USER_IDS[name]!;
  const full = await fullAnswer(userId, pathAndQuery);
  const direct = await directAnswer(userId, pathAndQuery);
  expect(direct, `${name} GET ${pathAndQuery}: the recommendation read answered`).not.toBeNull();
  expect(JSON.stringify(direct), `${name} GET ${pathAndQuery}`).toBe(JSON.stringify(full));
  if (viaHttp) {
    const res = await users[name]!.call('GET', pathAndQuery).catch(() => users[name]!.call('GET', pathAndQuery));
    expect(JSON.stringify({ status: res.status, body: res.body }), `${name} GET ${pathAndQuery} over HTTP`).toBe(JSON.stringify(full));
  }
  return full.body;
}

type List = { items: Array<{ id: string; kind: string; podIds: string[]; podNames: string[] }>; total: number; counts: Record<string, number>; podsAwaitingData: number };

async function compareEverything(): Promise<void> {
  const all = (await same('maya', '/v1/recommendations', true)) as List;
  expect(all.total).toBeGreaterThan(0);
  for (const status of ['open', 'dismissed', 'snoozed']) await same('maya', `/v1/recommendations?status=${status}`);
  for (const kind of ['gpu-tier', 'mig-slice', 'fewer-gpus', 'auto-stop', 'commitment', 'region']) await same('oskar', `/v1/recommendations?kind=${kind}`);
  for (const name of ['oskar', 'ana', 'felix']) await same(name, '/v1/recommendations');
  await same('maya', '/v1/recommendations?projectId=p-llm');
  await same('maya', '/v1/recommendations?projectId=p-vision&status=dismissed');
  await same('ana', '/v1/recommendations?projectId=p-vision');
  await same('maya', '/v1/recommendations?ownerId=u-ana');
  await same('maya', '/v1/recommendations?limit=3&offset=2');
  await same('felix', '/v1/recommendations?kind=auto-stop&ownerId=u-felix', true);
  // Each pod's own, as the pod page asks (every running pod, and one that does not exist).
  const pods = await server.db.query<{ id: string }>('SELECT id FROM pods WHERE org_id = $1 ORDER BY position', [ORG]);
  const podIds = new Set(all.items.flatMap((r) => r.podIds));
  for (const { id } of pods) if (podIds.has(String(id))) await same('maya', `/v1/recommendations?podId=${encodeURIComponent(String(id))}`);
  await same('ana', `/v1/recommendations?podId=${[...podIds][0]}`);
  await same('maya', '/v1/recommendations?podId=pod-nope');
}

describe('recommendations over the rollup', () => {
  it('answer what the full path answers, for every filter and role, and each pod’s own', async () => {
    await compareEverything();
  }, 600_000);

  it('propose a MIG slice from the stored rows: a forgotten A100 whose auto-stop was dismissed', async () => {
    // The stored rows carry what the slice needs: each GPU's exact peak memory (peak_mem_mib) and its SM
    // activity bands (the p95 read as the top of its band, as the in-process rows do).
    const maya = users.maya!;
    type Rec = List['items'][number] & { from: { gpuTypeId: string; gpuCount: number; migProfile: string | null }; to: { migProfile: string | null }; monthlySavingsCents: number };
    const autoStops = (await maya.call<{ items: Rec[] }>('GET', '/v1/recommendations?kind=auto-stop&limit=500')).body.items;
    const forgotten = autoStops.find((r) => r.podNames[0] === 'sam-test-q' && r.from.gpuTypeId === 'a100-80-sxm' && r.from.gpuCount === 1);
    expect(forgotten, 'the default world’s forgotten A100 in Boden').toBeDefined();
    expect((await same('maya', '/v1/recommendations?kind=mig-slice')) as List).toMatchObject({ total: 0 });
    expect((await maya.call('POST', `/v1/recommendations/${forgotten!.id}/dismiss`, { reason: 'needs-current-setup' })).status).toBe(200);
    const slices = (await same('maya', '/v1/recommendations?kind=mig-slice', true)) as { items: Rec[] };
    expect(slices.items.map((r) => [r.podIds[0], r.to.migProfile])).toEqual([[forgotten!.podIds[0], '1g.10gb']]);
    await same('maya', `/v1/recommendations?podId=${forgotten!.podIds[0]}`);
    await same('maya', `/v1/recommendations?podId=${forgotten!.podIds[0]}&status=dismissed`);
    expect((await maya.call('POST', `/v1/recommendations/${forgotten!.id}/restore`)).status).toBe(200);
    expect((await same('maya', '/v1/recommendations?kind=mig-slice')) as List).toMatchObject({ total: 0 });
  }, 300_000);

  it('after decisions: dismissed, snoozed, restored', async () => {
    const maya = users.maya!;
    const list = (await maya.call<List>('GET', '/v1/recommendations')).body;
    const [a, b, c] = list.items;
    if (a) expect((await maya.call('POST', `/v1/recommendations/${a.id}/dismiss`, { reason: 'other', note: 'not now' })).status).toBe(200);
    if (b) expect((await maya.call('POST', `/v1/recommendations/${b.id}/snooze`, { days: 7 })).status).toBe(200);
    if (c) {
      expect((await maya.call('POST', `/v1/recommendations/${c.id}/dismiss`, { reason: 'already-handled' })).status).toBe(200);
      expect((await maya.call('POST', `/v1/recommendations/${c.id}/restore`)).status).toBe(200);
    }
    for (const status of ['open', 'dismissed', 'snoozed']) await same('maya', `/v1/recommendations?status=${status}`, true);
    if (a) await same('maya', `/v1/recommendations?status=dismissed&podId=${a.podIds[0]}`);
    await same('ana', '/v1/recommendations?status=snoozed');
  }, 300_000);

  it('leave what the cloud refuses to the full path', async () => {
    expect(await directAnswer('u-maya', '/v1/recommendations?status=nope')).toBeNull();
    expect(await directAnswer('u-maya', '/v1/recommendations?limit=0')).toBeNull();
    expect((await users.maya!.call('GET', '/v1/recommendations?kind=nope')).status).toBe(400);
  });

  it('read a bounded number of rows', async () => {
    const counted = countQueries(server.db);
    clearRecommendationEvidenceCache();
    const list = (await directAnswer('u-maya', '/v1/recommendations', counted)) as { body: List } | null;
    expect(list).not.toBeNull();
    const statements = counted.statements();
    const [{ n: judgedPods, g: judgedGpus } = { n: 0, g: 0 }] = (
      await server.db.query<{ n: number; g: number }>(
        `SELECT count(*)::int AS n, coalesce(sum(gpu_count), 0)::int AS g FROM pods WHERE org_id = $1 AND settled_status IN ('queued', 'provisioning', 'running')`,
        [ORG],
      )
    ).map((r) => ({ n: Number(r.n), g: Number(r.g) }));
    const [{ n: allPods } = { n: 0 }] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM pods WHERE org_id = $1', [ORG]);
    // The pods read are those judged, not the organization's.
    const podStatement = statements.find((s) => /FROM pods p WHERE/.test(s.text));
    expect(podStatement?.rows).toBeLessThanOrEqual(judgedPods + 2);
    expect(Number(allPods)).toBeGreaterThan(judgedPods);
    // Evidence: one row per GPU (and any it had before), at most 168 per pod by hour of the week.
    const usage = statements.filter((s) => /usage_(hours|days)/.test(s.text));
    expect(usage.length).toBe(2);
    expect(usage[0]!.rows).toBeLessThanOrEqual(judgedGpus * 2);
    expect(usage[1]!.rows).toBeLessThanOrEqual(judgedPods * 168);
    expect(counted.count().statements).toBeLessThanOrEqual(7); // the transaction, the mark, the thresholds, pods, decisions, two sums
    // The same again: the closed sums are cached, no usage rows read.
    counted.reset();
    await directAnswer('u-maya', '/v1/recommendations', counted);
    expect(counted.statements().filter((s) => /usage_(hours|days)/.test(s.text))).toHaveLength(0);
  }, 120_000);

  it('agree while the reconciler is behind, after writes, and once it has caught up', async () => {
    const maya = users.maya!;
    const pods = await maya.call<{ items: Array<{ id: string }> }>('GET', '/v1/pods?status=running&limit=3');
    const running = pods.body.items[0];
    if (running) expect((await maya.call('POST', `/v1/pods/${running.id}/stop`)).status).toBeLessThan(300);
    expect((await maya.call('POST', '/v1/simulation/advance', { durationMs: 2.5 * MS_PER_HOUR })).status).toBe(200);
    await maya.call('GET', '/v1/session');
    await same('maya', '/v1/recommendations', true);
    await same('ana', '/v1/recommendations');
    const list = (await same('maya', '/v1/recommendations?kind=auto-stop')) as List;
    if (list.items[0]) await same('maya', `/v1/recommendations?podId=${list.items[0].podIds[0]}`);
    // Too far behind: the full path.
    expect((await maya.call('POST', '/v1/simulation/advance', { durationMs: 5 * MS_PER_HOUR })).status).toBe(200);
    await maya.call('GET', '/v1/session');
    expect(await directAnswer('u-maya', '/v1/recommendations')).toBeNull();
    const r = await rollUp(server.db, ORG, Number.POSITIVE_INFINITY, { realNow });
    expect(r.hours).toBeGreaterThanOrEqual(7);
    await compareEverything();
  }, 600_000);
});
