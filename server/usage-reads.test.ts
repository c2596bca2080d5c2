/**
 * The utilization reads over the usage rollup (server/usage-reads.ts, rows written by
 * server/usage-reconciler.ts) answer what the full path answers (the cloud over the whole state,
 * src/cloud/ops/utilization.ts), to the byte: for the default organization across ranges, custom
 * windows, scopes and roles, with the reconciler behind and caught up, after writes. Also: the
 * stored rows are the cloud ledger's rows; rolling up twice changes nothing; a rollup stopped
 * half-way and run again gives the same rows; a 7-day window's waste is the sum of its days.
 * Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '../src/cloud/reconcile';
import { dispatch, type CloudRequest } from '../src/cloud/http';
import { routesFor } from '../src/cloud/routes';
import type { CloudState, Pod } from '../src/cloud/model';
import { FIELDS, UsageLedger } from '../src/cloud/usage-ledger';
import { gpuSample, type GpuSampler } from '../src/cloud/telemetry';
import { DEFAULT_WASTE_SETTINGS } from '../src/domain/waste';
import { MS_PER_DAY, MS_PER_HOUR, startOfUtcDay } from '../src/domain/units';
import { lastPeriodEnd } from '../src/cloud/utilization-query';
import { requestContext, simulatedNow } from './cloud-context';
import type { Database } from './db';
import type { ReadScope } from './direct-reads';
import { loadState, snapshot, writeChanges } from './state-store';
import { dressFor } from './tenants';
import { freshDatabase, startTestServer, type ApiClient, type TestServer } from './testing/harness';
import { buildLiveRows, closedSumStats, liveRowStats, preSumSummaries, USAGE_READS } from './usage-reads';
import { rollUp, USAGE_COLUMN_LIST } from './usage-reconciler';

const ORG = 'org-lumen';
const USER_IDS: Record<string, string> = { maya: 'u-maya', oskar: 'u-oskar', ana: 'u-ana', felix: 'u-felix' };
const realNow = () => 0;

let server: TestServer;
const users: Record<string, ApiClient> = {};

beforeAll(async () => {
  server = await startTestServer();
  for (const name of Object.keys(USER_IDS)) users[name] = await server.signIn(`${name}@lumen.example`);
  // A direct read first brings the reconcilers up to now; then the closed hours are rolled up.
  await users.maya!.call('GET', '/v1/session');
  const r = await rollUp(server.db, ORG, Number.POSITIVE_INFINITY, { realNow });
  expect(r.complete).toBe(true);
  expect(r.rolledFromMs).toBe(0);
}, 300_000);
afterAll(async () => {
  await server?.close();
});

const callOf = (pathAndQuery: string): CloudRequest => {
  const url = new URL(pathAndQuery, 'http://x');
  return { method: 'GET', path: url.pathname, query: url.searchParams, headers: new Headers(), body: undefined };
};

/** The full path's answer, in process: the whole state loaded and reconciled, the cloud's route. */
async function fullAnswer(userId: string, pathAndQuery: string): Promise<{ status: number; body: unknown }> {
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

/** The usage read's own answer (null: it leaves the request to the full path); at: another now (simulated ms). */
async function directAnswer(userId: string, pathAndQuery: string, at?: number): Promise<{ status: number; body: unknown } | null> {
  const call = callOf(pathAndQuery);
  const entry = USAGE_READS.find((e) => e.path.test(call.path));
  if (!entry) throw new Error(`no usage read for ${call.path}`);
  return server.db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    const base = (await loadState(tx, ORG, { lock: false })) as CloudState;
    const user = base.users.find((u) => u.id === userId)!;
    const scope: ReadScope = {
      session: { tokenHash: '', orgId: ORG, userId, actingUserId: null, csrfHash: '' },
      user,
      signedIn: user,
      base,
      projects: base.projects,
      presentParts: new Set(),
      telemetry: null,
      realNow,
    };
    if (!entry.handle) throw new Error('usage reads answer from statements of their own');
    const res = await entry.handle(tx, scope, call, at ?? simulatedNow(base, realNow()));
    return res ? { status: res.status, body: JSON.parse(JSON.stringify(res.body)) as unknown } : null;
  });
}

/** The usage read answers (not the full path), the same bytes as the full path, and so does the API. */
async function same(name: string, pathAndQuery: string, viaHttp = false): Promise<unknown> {
  const userId = USER_IDS[name]!;
  const full = await fullAnswer(userId, pathAndQuery);
  const direct = await directAnswer(userId, pathAndQuery);
  expect(direct, `${name} GET ${pathAndQuery}: the usage read answered`).not.toBeNull();
  expect(JSON.stringify(direct), `${name} GET ${pathAndQuery}`).toBe(JSON.stringify(full));
  if (viaHttp) {
    // Once more if the connection was dropped: after minutes of in-process comparisons, the client may
    // reuse a keep-alive connection the server has just closed (ECONNRESET).
    const res = await users[name]!.call('GET', pathAndQuery).catch(() => users[name]!.call('GET', pathAndQuery));
    expect(JSON.stringify({ status: res.status, body: res.body }), `${name} GET ${pathAndQuery} over HTTP`).toBe(JSON.stringify(full));
  }
  return full.body;
}

async function nowOf(): Promise<number> {
  const state = await server.db.transaction((tx) => loadState(tx, ORG, { lock: false }));
  return simulatedNow(state!, realNow());
}

/** A spread of windows: the named ranges and custom ones (hour-aligned, not, reaching past now). */
async function windows(): Promise<string[]> {
  const now = await nowOf();
  const iso = (ms: number) => new Date(ms).toISOString();
  return [
    'range=24h',
    'range=7d',
    'range=30d',
    '',
    `from=${iso(now - 3 * MS_PER_DAY)}&to=${iso(now)}`,
    `from=${iso(startOfUtcDay(now) - 10 * MS_PER_DAY)}&to=${iso(startOfUtcDay(now) - 2 * MS_PER_DAY)}`,
    `from=${iso(now - 50 * MS_PER_DAY - 17 * 60_000)}&to=${iso(now - 41 * MS_PER_DAY + 5 * 60_000)}`,
    `from=${iso(now - 5 * MS_PER_HOUR)}&to=${iso(now + MS_PER_DAY)}`,
    `from=${iso(now - 89 * MS_PER_DAY)}&to=${iso(now - 85 * MS_PER_DAY)}`,
  ];
}

const SCOPES = ['', 'scope=project&scopeId=p-vision', 'scope=project&scopeId=p-llm', 'scope=user&scopeId=u-ana', 'scope=gpuType&scopeId=h100-sxm', 'scope=region&scopeId=ca-mtl-1'];

async function podIds(): Promise<string[]> {
  const rows = await server.db.query<{ id: string }>('SELECT id FROM pods WHERE org_id = $1 ORDER BY position', [ORG]);
  return rows.map((r) => String(r.id));
}

async function compareEverything(label: string): Promise<void> {
  const ws = await windows();
  for (const w of ws) {
    for (const s of SCOPES) {
      const q = [w, s].filter(Boolean).join('&');
      await same('maya', `/v1/utilization/summary?${q}`);
    }
    for (const name of ['oskar', 'ana', 'felix']) await same(name, `/v1/utilization/summary?${w}`);
    await same('ana', `/v1/utilization/summary?${w}&scope=project&scopeId=p-llm`).catch(() => undefined);
    await same('maya', `/v1/utilization/timeseries?${w}`);
    await same('felix', `/v1/utilization/timeseries?${w}&maxPoints=500&scope=user&scopeId=u-felix`);
    await same('maya', `/v1/utilization/heatmap?${w}`);
    await same('ana', `/v1/utilization/heatmap?${w}&maxColumns=50`);
    for (const by of ['project', 'user', 'gpuType', 'pod']) await same('maya', `/v1/utilization/breakdown?${w}&by=${by}`);
    await same('ana', `/v1/utilization/breakdown?${w}&by=pod&sort=name&order=asc&limit=5`);
    await same('oskar', `/v1/utilization/breakdown?${w}&by=user&sort=efficiency&scope=gpuType&scopeId=h100-sxm`);
  }
  const ids = await podIds();
  for (const id of ids.filter((_, i) => i % 4 === 0)) {
    for (const w of ws.slice(0, 5)) await same('maya', `/v1/pods/${id}/waste?${w}`);
  }
  // Through the API too (contract-checked), for a few.
  await same('maya', '/v1/utilization/summary?range=30d', true);
  await same('ana', '/v1/utilization/breakdown?range=7d&by=pod', true);
  await same('maya', `/v1/pods/${ids[0]}/waste?range=7d`, true);
  void label;
}

describe('utilization reads over the rollup', () => {
  it('answer what the full path answers, for every range, scope and role', async () => {
    await compareEverything('seeded');
  }, 600_000);

  it('leave other thresholds, and what the cloud refuses, to the full path', async () => {
    expect(await directAnswer('u-maya', '/v1/utilization/summary?range=7d&idleEngineActive=0.2')).toBeNull();
    expect(await directAnswer('u-maya', '/v1/utilization/summary?range=2d')).toBeNull();
    expect(await directAnswer('u-ana', '/v1/utilization/summary?scope=project&scopeId=p-nope')).toBeNull();
    expect(await directAnswer('u-maya', '/v1/pods/pod-nope/waste')).toBeNull();
    expect(await directAnswer('u-maya', '/v1/utilization/breakdown?by=nothing')).toBeNull();
    // The thresholds' defaults given explicitly are the stored rows' own.
    await same('maya', '/v1/utilization/summary?range=7d&idleEngineActive=0.05&smActiveTarget=0.5');
    const res = await users.maya!.call('GET', '/v1/utilization/summary?range=7d&idleEngineActive=0.2');
    expect(res.status).toBe(200);
  }, 120_000);

  it('agree while the reconciler is behind, after writes, and once it has caught up', async () => {
    const maya = users.maya!;
    // Stop a running pod (a transition in the open hour), then move the clock 2.5 hours: the mark lags.
    const pods = await maya.call<{ items: Array<{ id: string; status: string }> }>('GET', '/v1/pods?status=running&limit=3');
    const running = pods.body.items[0];
    if (running) expect((await maya.call('POST', `/v1/pods/${running.id}/stop`)).status).toBeLessThan(300);
    expect((await maya.call('POST', '/v1/simulation/advance', { durationMs: 2.5 * MS_PER_HOUR })).status).toBe(200);
    await maya.call('GET', '/v1/session'); // the reconcilers catch up
    await same('maya', '/v1/utilization/summary?range=24h', true);
    await same('maya', '/v1/utilization/timeseries?range=24h');
    await same('ana', '/v1/utilization/heatmap?range=7d');
    await same('maya', '/v1/utilization/breakdown?range=24h&by=pod');
    if (running) await same('maya', `/v1/pods/${running.id}/waste?range=24h`);
    // Too far behind: the full path.
    expect((await maya.call('POST', '/v1/simulation/advance', { durationMs: 5 * MS_PER_HOUR })).status).toBe(200);
    await maya.call('GET', '/v1/session');
    expect(await directAnswer('u-maya', '/v1/utilization/summary?range=24h')).toBeNull();
    const r = await rollUp(server.db, ORG, Number.POSITIVE_INFINITY, { realNow });
    expect(r.hours).toBeGreaterThanOrEqual(7);
    await compareEverything('advanced');
  }, 600_000);
});

/** Every stored row of the organization, in key order. */
async function dump(db: Database): Promise<{ hours: unknown[]; days: unknown[]; mark: unknown[] }> {
  const cols = `pod_id, gpu_index, project_id, owner_id, gpu_type_id, region_id, ${USAGE_COLUMN_LIST.join(', ')}`;
  const norm = (rows: Array<Record<string, unknown>>) => rows.map((r) => Object.values(r).map((v) => (typeof v === 'bigint' ? Number(v) : v)));
  return {
    hours: norm(await db.query(`SELECT hour_start_ms, ${cols} FROM usage_hours WHERE org_id = $1 ORDER BY pod_id, gpu_index, hour_start_ms`, [ORG])),
    days: norm(await db.query(`SELECT day_start_ms, ${cols} FROM usage_days WHERE org_id = $1 ORDER BY pod_id, gpu_index, day_start_ms`, [ORG])),
    mark: norm(await db.query('SELECT rolled_from_ms, rolled_until_ms, world FROM usage_rollup_marks WHERE org_id = $1', [ORG])),
  };
}

describe('the usage reconciler', () => {
  let db: Database;
  let other: Database;
  beforeAll(async () => {
    db = await freshDatabase();
    other = await freshDatabase();
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await other?.close();
  });

  it('stores the cloud ledger’s rows, and running it twice changes nothing', async () => {
    const first = await rollUp(db, ORG, Number.POSITIVE_INFINITY, { realNow });
    expect(first.complete).toBe(true);
    expect(first.rows).toBeGreaterThan(1000);
    const before = await dump(db);
    const again = await rollUp(db, ORG, Number.POSITIVE_INFINITY, { realNow });
    expect(again.hours).toBe(0);
    expect(await dump(db)).toEqual(before);

    // Sampled pods and hours: the cloud's own ledger over the state gives the stored rows.
    const state = (await db.transaction((tx) => loadState(tx, ORG, { lock: false })))!;
    const until = Number(first.rolledUntilMs);
    const ledger = new UsageLedger(DEFAULT_WASTE_SETTINGS);
    let compared = 0;
    let comparedDays = 0;
    for (const pod of state.pods.filter((_, i) => i % 5 === 0)) {
      for (const daysAgo of [1, 6, 29, 60]) {
        const dayMs = startOfUtcDay(until) - daysAgo * MS_PER_DAY;
        const day = ledger.podDay(pod, dayMs, until);
        const stored = await db.query(`SELECT gpu_index, hour_start_ms, ${USAGE_COLUMN_LIST.join(', ')} FROM usage_hours WHERE org_id = $1 AND pod_id = $2 AND hour_start_ms >= $3 AND hour_start_ms < $4`, [
          ORG,
          pod.id,
          dayMs,
          dayMs + MS_PER_DAY,
        ]);
        const byKey = new Map(stored.map((r) => [`${Number(r.gpu_index)}|${Number(r.hour_start_ms)}`, USAGE_COLUMN_LIST.map((c) => Number(r[c]))]));
        const want = new Map<string, number[]>();
        if (day) {
          for (let h = 0; h < day.builtHours; h++) {
            const at = h * day.gpuCount * FIELDS;
            let allocated = false;
            for (let g = 0; g < day.gpuCount; g++) if ((day.hours[at + g * FIELDS] ?? 0) > 0) allocated = true;
            if (!allocated) continue;
            for (let g = 0; g < day.gpuCount; g++) want.set(`${g}|${dayMs + h * MS_PER_HOUR}`, Array.from(day.hours.subarray(at + g * FIELDS, at + (g + 1) * FIELDS)));
          }
        }
        expect(byKey, `${pod.id} ${new Date(dayMs).toISOString()}`).toEqual(want);
        compared += want.size;
        // A whole day's row in SQL is the ledger's day sum, every field: the bands summed, the idle tail folded in time order.
        if (day && day.builtHours === 24 && want.size > 0) {
          const storedDay = await db.query(`SELECT gpu_index, ${USAGE_COLUMN_LIST.join(', ')} FROM usage_days WHERE org_id = $1 AND pod_id = $2 AND day_start_ms = $3`, [ORG, pod.id, dayMs]);
          const days = new Map(storedDay.map((r) => [Number(r.gpu_index), USAGE_COLUMN_LIST.map((c) => Number(r[c]))]));
          const wantDays = new Map(Array.from({ length: day.gpuCount }, (_, g) => [g, Array.from(day.total.subarray(g * FIELDS, (g + 1) * FIELDS))]));
          expect(days, `${pod.id} day ${new Date(dayMs).toISOString()}`).toEqual(wantDays);
          comparedDays++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
    expect(comparedDays).toBeGreaterThan(5);

    // Each day row is the sum of its hour rows.
    const [mismatch] = await db.query(
      `SELECT count(*) AS n FROM usage_days d WHERE d.org_id = $1 AND d.allocated_seconds <> (SELECT sum(h.allocated_seconds) FROM usage_hours h
         WHERE h.org_id = d.org_id AND h.pod_id = d.pod_id AND h.gpu_index = d.gpu_index AND h.hour_start_ms >= d.day_start_ms AND h.hour_start_ms < d.day_start_ms + ${MS_PER_DAY})`,
      [ORG],
    );
    expect(Number(mismatch?.n)).toBe(0);
  }, 300_000);

  it('gives the same rows after a rollup stopped half-way is run again', async () => {
    let calls = 0;
    const failing: GpuSampler = (pod: Pod, gpu, g, t) => {
      if (++calls > 200_000) throw new Error('the metrics store went away');
      return gpuSample(pod, gpu, g, t);
    };
    await expect(rollUp(other, ORG, Number.POSITIVE_INFINITY, { realNow, sample: failing })).rejects.toThrow('went away');
    const [mark] = await other.query('SELECT rolled_from_ms, rolled_until_ms FROM usage_rollup_marks WHERE org_id = $1', [ORG]);
    // Some days were committed, not all.
    expect(Number(mark?.rolled_from_ms)).toBeGreaterThan(0);
    const half = await other.query('SELECT count(*) AS n FROM usage_hours WHERE org_id = $1', [ORG]);
    expect(Number(half[0]?.n)).toBeGreaterThan(0);
    const done = await rollUp(other, ORG, Number.POSITIVE_INFINITY, { realNow });
    expect(done.complete).toBe(true);
    expect(await dump(other)).toEqual(await dump(db));
  }, 300_000);
});

describe('a pod’s waste', () => {
  it('over 7 days is the sum of its 7 days', async () => {
    const maya = users.maya!;
    const now = await nowOf();
    const end = startOfUtcDay(now) - MS_PER_DAY;
    const iso = (ms: number) => new Date(ms).toISOString();
    type Waste = { figures: { spendCents: number; wasteCents: number; allocatedGpuSeconds: number; waste: Record<string, { cents: number; gpuSeconds: number }> } };
    let checked = 0;
    for (const id of (await podIds()).slice(0, 12)) {
      const week = await maya.call<Waste>('GET', `/v1/pods/${id}/waste?from=${iso(end - 7 * MS_PER_DAY)}&to=${iso(end)}`);
      expect(week.status).toBe(200);
      const sum = { spendCents: 0, wasteCents: 0, allocatedGpuSeconds: 0, idle: 0, underUsed: 0, oversized: 0 };
      for (let d = 7; d >= 1; d--) {
        const day = await maya.call<Waste>('GET', `/v1/pods/${id}/waste?from=${iso(end - d * MS_PER_DAY)}&to=${iso(end - (d - 1) * MS_PER_DAY)}`);
        expect(day.status).toBe(200);
        sum.spendCents += day.body.figures.spendCents;
        sum.wasteCents += day.body.figures.wasteCents;
        sum.allocatedGpuSeconds += day.body.figures.allocatedGpuSeconds;
        sum.idle += day.body.figures.waste.idle!.cents;
        sum.underUsed += day.body.figures.waste.underUsed!.cents;
        sum.oversized += day.body.figures.waste.oversized!.cents;
      }
      const f = week.body.figures;
      expect({ spendCents: f.spendCents, wasteCents: f.wasteCents, allocatedGpuSeconds: f.allocatedGpuSeconds, idle: f.waste.idle!.cents, underUsed: f.waste.underUsed!.cents, oversized: f.waste.oversized!.cents }).toEqual(sum);
      if (f.spendCents > 0) checked++;
    }
    expect(checked).toBeGreaterThan(0);
  }, 300_000);
});

describe('the open hour between writes', () => {
  const PERIOD = 5 * 60_000;

  it('a summary sees a pod written into the open hour (its figures are kept per pod write generation)', async () => {
    const maya = users.maya!;
    // An open hour at least 15 minutes in, so a pod can stop inside the window.
    if (lastPeriodEnd(await nowOf()) % MS_PER_HOUR < 15 * 60_000) {
      expect((await maya.call('POST', '/v1/simulation/advance', { durationMs: 20 * 60_000 })).status).toBe(200);
      await maya.call('GET', '/v1/session');
      await rollUp(server.db, ORG, Number.POSITIVE_INFINITY, { realNow });
    }
    const q = '/v1/utilization/summary?range=24h';
    const before = await same('maya', q);
    expect(JSON.stringify(await directAnswer('u-maya', q))).toBe(JSON.stringify({ status: 200, body: before })); // kept
    const generation = async () => Number((await server.db.query('SELECT generation FROM pod_write_generations WHERE org_id = $1', [ORG]))[0]?.generation ?? 0);
    const generationBefore = await generation();
    // A write reaching back into the window (as a reconciler's may): a pod running all the open hour stops 10 minutes before its end.
    const stopped = await server.db.transaction(async (tx) => {
      const state = (await loadState(tx, ORG, { lock: true }))!;
      const toMs = lastPeriodEnd(simulatedNow(state, realNow()));
      const atMs = toMs - 10 * 60_000;
      const pod = state.pods.find((p) => p.transitions.at(-1)?.status === 'running' && p.transitions.every((t) => t.atMs < toMs - MS_PER_HOUR));
      if (!pod) throw new Error('no pod running all the open hour');
      const old = snapshot(state);
      pod.transitions.push({ status: 'stopped', atMs, reason: 'test' });
      await writeChanges(tx, ORG, old, snapshot(state));
      return pod.id;
    });
    expect(stopped).toBeTruthy();
    expect(await generation()).toBeGreaterThan(generationBefore);
    const after = await same('maya', q, true);
    expect(JSON.stringify(after)).not.toBe(JSON.stringify(before));
    await same('ana', q);
  }, 120_000);

  it('the background build makes the next period’s rows: a read then builds none', async () => {
    const now = await nowOf();
    const next = lastPeriodEnd(now) + PERIOD + 1000;
    const q = '/v1/utilization/summary?range=7d';
    await directAnswer('u-maya', q); // the current period's rows
    // The next period, built ahead (a minute before it starts, in the server): reads of it build nothing.
    expect(await buildLiveRows(server.db, ORG, realNow(), next - now)).toBeGreaterThan(0);
    expect(await buildLiveRows(server.db, ORG, realNow(), next - now)).toBe(0);
    const built = liveRowStats.inRequests;
    for (const query of [q, '/v1/utilization/summary?range=30d&scope=project&scopeId=p-llm', '/v1/utilization/timeseries?range=24h', '/v1/utilization/heatmap?range=7d']) {
      expect((await directAnswer('u-maya', query, next))?.status).toBe(200);
    }
    expect(liveRowStats.inRequests).toBe(built);
    // The period after that was not built: a read builds its rows itself.
    expect((await directAnswer('u-maya', q, next + PERIOD))?.status).toBe(200);
    expect(liveRowStats.inRequests).toBeGreaterThan(built);
  }, 120_000);

  it('the hour’s turn: the next hour’s stored sums are made ahead, and the hour the rollup writes is added to them, not re-summed', async () => {
    const maya = users.maya!;
    const q = '/v1/utilization/summary?range=30d';
    const qa = '/v1/utilization/summary?range=7d';
    // The rollup up to this hour; then two minutes before the windows' starts move (the first
    // period of the next hour ends), the hour between not rolled up yet.
    await rollUp(server.db, ORG, Number.POSITIVE_INFINITY, { realNow });
    const now = await nowOf();
    const turn = Math.floor(now / MS_PER_HOUR) * MS_PER_HOUR + MS_PER_HOUR + PERIOD;
    expect((await maya.call('POST', '/v1/simulation/advance', { durationMs: turn - 2 * 60_000 - now })).status).toBe(200);
    await maya.call('GET', '/v1/session');
    await same('maya', q);
    await same('ana', qa);
    expect(await preSumSummaries(server.db, ORG, realNow(), 3 * 60_000)).toBeGreaterThanOrEqual(2);
    expect(await preSumSummaries(server.db, ORG, realNow(), 3 * 60_000)).toBe(0);
    expect((await maya.call('POST', '/v1/simulation/advance', { durationMs: 3 * 60_000 })).status).toBe(200);
    await maya.call('GET', '/v1/session');
    const whole = closedSumStats.whole;
    await same('maya', q);
    await same('ana', qa);
    expect(closedSumStats.whole, 'the first reads after the turn sum no stored rows whole').toBe(whole);
    // The rollup writes the hour just closed: the sums so far and that hour's rows.
    const extended = closedSumStats.extended;
    expect((await rollUp(server.db, ORG, Number.POSITIVE_INFINITY, { realNow })).hours).toBeGreaterThanOrEqual(1);
    await same('maya', q, true);
    await same('ana', qa);
    expect(closedSumStats.whole).toBe(whole);
    expect(closedSumStats.extended).toBeGreaterThan(extended);
  }, 300_000);
});
