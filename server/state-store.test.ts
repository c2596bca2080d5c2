/**
 * The database layer: migrations apply once and in order, and an organization's state comes
 * back from its tables exactly as it went in (fields a newer service adds included), with
 * only the rows that changed written.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CloudState } from '../src/cloud/model';
import { openDatabase, type Database } from './db';
import { migrate, migrationsIn } from './migrate';
import { loadState, snapshot, writeChanges } from './state-store';
import { TENANTS, tenantWorld } from './tenants';

let db: Database;
beforeEach(async () => {
  db = await openDatabase({});
  await migrate(db);
});
afterEach(() => db.close());

async function roundTrip(state: CloudState): Promise<CloudState | null> {
  await db.transaction((tx) => writeChanges(tx, state.organization.id, null, snapshot(state)));
  return db.transaction((tx) => loadState(tx, state.organization.id, { lock: false }));
}

describe('migrations', () => {
  it('applies each migration once, in order, and records it', async () => {
    expect(migrationsIn().map((m) => m.version)).toEqual([...migrationsIn().map((m) => m.version)].sort((a, b) => a - b));
    expect(await migrate(db)).toEqual([]);
    const recorded = await db.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(recorded.map((r) => `${String(r.version).padStart(3, '0')}-${r.name}`)).toEqual(migrationsIn().map((m) => `${String(m.version).padStart(3, '0')}-${m.name}`));
  });

  it('applies a new migration after the ones already there, and a failing one not at all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nl-migrations-'));
    try {
      writeFileSync(join(dir, '900-add-note.sql'), 'ALTER TABLE projects ADD COLUMN note text;');
      writeFileSync(join(dir, '901-broken.sql'), 'ALTER TABLE nowhere ADD COLUMN x int;');
      const next = [...migrationsIn(), ...migrationsIn(dir)];
      await expect(migrate(db, next)).rejects.toThrow();
      expect((await db.query('SELECT version FROM schema_migrations WHERE version >= 900')).length).toBe(0);
      rmSync(join(dir, '901-broken.sql'));
      expect(await migrate(db, [...migrationsIn(), ...migrationsIn(dir)])).toEqual(['900-add-note']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('an organization in tables', () => {
  it('loads both seeded worlds back exactly', async () => {
    for (const tenant of TENANTS) {
      const world = tenantWorld(tenant, 0);
      const loaded = await roundTrip(structuredClone(world));
      expect(loaded).toEqual({ ...world, currentUserId: '' });
    }
  });

  it('keeps every part of a lived-in state: budgets, alerts, decisions, keys, watches, and fields it does not know', async () => {
    const world = tenantWorld(TENANTS[0]!, 0);
    const pod = world.pods[0]!;
    const state: CloudState = {
      ...world,
      pods: [{ ...pod, gpuCountHistory: [{ fromMs: 1, gpuCount: 1 }, { fromMs: 2, gpuCount: 2 }], ...({ futureField: { a: [1, 'x'] } } as object) }, ...world.pods.slice(1)],
      reconciledAtMs: world.anchorMs + 60_000,
      idempotency: [{ key: 'k', scope: 'u-maya', fingerprint: 'f', createdAtMs: 5, response: { status: 201, body: { id: pod.id } } }, { key: 'k2', scope: 'u-ana', fingerprint: 'g', createdAtMs: 6, response: null }],
      autoStopWatches: { [pod.id]: { countFromMs: 1, snoozed: true, searchedUntilMs: 9 } },
      podReplacements: { [pod.id]: world.pods[1]!.id },
      egressWarningThresholds: { 'p-llm': 50, 'p-vision': 90 },
      budgets: [{ id: 'b1', projectId: null, amountCents: 100_00, thresholdsPercent: [50, 100], policy: 'notify', createdAtMs: 1, createdById: 'u-oskar', updatedAtMs: 2, updatedById: 'u-maya' }],
      budgetAlerts: [{ id: 'a1', budgetId: 'b1', projectId: 'p-llm', monthStartMs: 0, thresholdPercent: 50, budgetCents: 10_000, thresholdCents: 5_000, spentCents: 5_001, crossedAtMs: 3, firedAtMs: 4, action: { kind: 'no-idle-pods' } }],
      recommendationDecisions: { r1: { status: 'dismissed', reason: 'other', note: 'n', atMs: 1, byUserId: 'u-maya' }, r2: { status: 'snoozed', untilMs: 99, atMs: 2, byUserId: 'u-ana' } },
      ...({ somethingNew: { nested: true } } as object),
    };
    expect(await roundTrip(structuredClone(state))).toEqual({ ...state, currentUserId: '' });
  });

  it('tells an empty part from a missing one (a reconciler sets up a missing watch list)', async () => {
    const world = tenantWorld(TENANTS[0]!, 0);
    expect((await roundTrip({ ...world, autoStopWatches: {} }))?.autoStopWatches).toEqual({});
    const other = tenantWorld(TENANTS[1]!, 0);
    expect((await roundTrip(other))?.autoStopWatches).toBeUndefined();
  });

  it('writes only the rows that changed', async () => {
    const world = tenantWorld(TENANTS[0]!, 0);
    await roundTrip(world);
    const before = snapshot(world);
    const changed = structuredClone(world);
    changed.pods[3]!.transitions.push({ status: 'stopping', atMs: world.anchorMs + 1, reason: 'test' });
    changed.pods.unshift({ ...structuredClone(world.pods[0]!), id: 'pod-new', name: 'new-one' });
    changed.egressWarningThresholds = { 'p-llm': 40 };
    const count = await db.transaction((tx) => writeChanges(tx, world.organization.id, before, snapshot(changed)));
    // The pod that changed, the new pod (newest first: nobody else moves), the threshold, and the organization's list of parts.
    expect(count).toEqual({ upserted: 4, deleted: 0 });
    const loaded = await db.transaction((tx) => loadState(tx, world.organization.id, { lock: true }));
    expect(loaded).toEqual({ ...changed, currentUserId: '' });
  });
});
