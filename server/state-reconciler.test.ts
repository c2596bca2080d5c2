/**
 * The background reconcilers take the organization's lock only when something is due: a pass that
 * finds nothing to do but move its mark reads a snapshot and writes the mark alone, so no write
 * waits behind its whole-organization load. When a pod is due to stop, the pass locks, as a
 * request would, and the stop is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from './log';
import { countQueries } from './query-counter';
import { stateReconciler } from './state-reconciler';
import { startTestServer, type ApiClient, type TestServer } from './testing/harness';

const HOUR = 60 * 60 * 1000;
let realNow = 1_800_000_000_000;
let server: TestServer;
let maya: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ realNow: () => realNow });
  maya = await server.signIn('maya@lumen.example');
});
afterAll(() => server?.close());

const mark = async () => Number((await server.db.query("SELECT reconciled_at_ms FROM sim_clock WHERE org_id = 'org-lumen'"))[0]?.reconciled_at_ms);

describe('the background reconcilers', () => {
  it('move only their mark, without the lock, when nothing is due; lock and stop the pod when one is', async () => {
    const running = (await maya.call<{ items: { id: string }[] }>('GET', '/v1/pods?status=running&limit=1')).body.items[0]!;
    // A pod page's first visit sets up the auto-stop watches; this pod stops after 30 idle minutes.
    await maya.call('GET', `/v1/pods/${running.id}`);
    expect((await maya.call('PATCH', `/v1/pods/${running.id}`, { autoStopIdleMinutes: 30 })).status).toBe(200);
    const counted = countQueries(server.db);
    const logger = memoryLogger();
    const background = stateReconciler({ db: counted, log: logger, intervalS: 0, realNow: () => realNow });

    // The first passes catch up with the seeded world (its idle pods' stops, their log entries).
    for (let i = 0; i < 4; i++) {
      realNow += 60_000;
      await background.runOnce();
    }
    realNow += 60_000;
    const before = await mark();
    counted.reset();
    expect(await background.runOnce()).toContain('org-lumen');
    const quiet = counted.statements().map((s) => s.text);
    expect(quiet.some((t) => /FOR UPDATE/i.test(t)), `a pass with nothing due takes no lock (${JSON.stringify(logger.lines.at(-1))})`).toBe(false);
    expect(quiet.filter((t) => /^\s*UPDATE sim_clock/i.test(t))).toHaveLength(1);
    expect(quiet.some((t) => /^\s*(INSERT|DELETE)/i.test(t))).toBe(false);
    expect(await mark()).toBeGreaterThan(before);

    // Hours later the watched pod has idled long enough somewhere in them: this pass locks and writes.
    realNow += 6 * HOUR;
    counted.reset();
    expect(await background.runOnce()).toContain('org-lumen');
    const busy = counted.statements().map((s) => s.text);
    expect(busy.some((t) => /FOR UPDATE/i.test(t))).toBe(true);
    const events = (await maya.call<{ events: { status: string; reason: string }[] }>('GET', `/v1/pods/${running.id}`)).body.events;
    expect(events.map((e) => e.status)).toContain('stopped');
    const log = await maya.call<{ items: { action: string; targetId: string }[] }>('GET', '/v1/audit-log?action=pod.auto-stop&limit=500');
    expect(log.body.items.some((e) => e.targetId === running.id)).toBe(true);
    await background.stop();
  });

  it('read the organization a page of pods at a time, never every pod in one statement', async () => {
    const counted = countQueries(server.db);
    const background = stateReconciler({ db: counted, log: memoryLogger(), intervalS: 0, realNow: () => realNow, podPage: 7 });
    realNow += 60_000;
    counted.reset();
    expect(await background.runOnce()).toContain('org-lumen');
    const statements = counted.statements();
    const pods = Number((await server.db.query("SELECT count(*) AS n FROM pods WHERE org_id = 'org-lumen'"))[0]?.n);
    expect(pods).toBeGreaterThan(7);
    // No statement aggregates the pods table whole (the one-statement load did, as JSON).
    expect(statements.some((s) => /FROM pods x WHERE x\.org_id = o\.id/.test(s.text))).toBe(false);
    const pages = statements.filter((s) => /^SELECT .* FROM pods WHERE org_id = \$1.* LIMIT \$2$/s.test(s.text));
    expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(pods / 7));
    expect(Math.max(...pages.map((s) => s.rows))).toBeLessThanOrEqual(7);
    await background.stop();
  });
});
