/**
 * The pods list's totals from stored counts (migration 015) and pod_status_at from the end of the
 * transitions (migration 016). Random sequences of pod writes, in every form the server writes
 * pods (multi-row INSERT, INSERT … ON CONFLICT DO UPDATE, UPDATE that moves pods between
 * projects, owners and statuses, DELETE, an organization deleted with its pods), leave pod_counts
 * equal to a count of the pods by group; and pod_status_at answers what the cloud's statusAt
 * answers for random transitions at any moment. On PGlite, and on PostgreSQL with
 * TEST_DATABASE_URL.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusAt } from '../src/cloud/lifecycle';
import { POD_STATUSES, type Pod, type PodStatus } from '../src/cloud/model';
import type { Database } from './db';
import { freshDatabase } from './testing/harness';

let db: Database;
beforeAll(async () => {
  db = await freshDatabase();
}, 120_000);
afterAll(async () => {
  await db?.close();
});

const GROUP = 'org_id, project_id, owner_id, gpu_type_id, region_id';

/** Where the stored counts and a count of the pods differ (empty: they agree). */
async function mismatches(): Promise<unknown[]> {
  return db.query(
    `SELECT * FROM (SELECT ${GROUP}, coalesce(settled_status, '') AS settled_status, count(*)::int AS counted FROM pods GROUP BY 1, 2, 3, 4, 5, 6) a
       FULL JOIN (SELECT ${GROUP}, settled_status, n::int AS stored FROM pod_counts) b USING (${GROUP}, settled_status)
      WHERE a.counted IS DISTINCT FROM b.stored`,
  );
}

/** A pod row of the test organizations (every NOT NULL column), in one of a few groups. */
function podRow(org: string, id: string, g: { project: number; owner: number; status: number | null }): unknown[] {
  const status = g.status === null ? null : POD_STATUSES[g.status];
  return [org, id, `pod ${id}`, `p${g.project}`, `u${g.owner}`, 'h100-80gb', 1, 'ca-mtl-1', 'img', 50, null, 'ssh-ed25519 AAAA', 1000, 'steady', 7, 2_000_000, 10_000, '[]', 0, status, status === null ? null : 1000];
}
const COLUMNS = 'org_id, id, name, project_id, owner_id, gpu_type_id, gpu_count, region_id, image_id, disk_gb, auto_stop_idle_minutes, ssh_public_key, created_at_ms, archetype, seed, rate_micro_usd_per_gpu_hour, disk_micro_usd_per_hour, transitions, position, settled_status, settled_at_ms';

const group = fc.record({ project: fc.nat(2), owner: fc.nat(2), status: fc.option(fc.nat(POD_STATUSES.length - 1), { freq: 5 }) });
const write = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), ids: fc.uniqueArray(fc.nat(20), { minLength: 1, maxLength: 6 }), g: group }),
  fc.record({ kind: fc.constant('upsert' as const), ids: fc.uniqueArray(fc.nat(20), { minLength: 1, maxLength: 6 }), g: group }),
  fc.record({ kind: fc.constant('move' as const), ids: fc.uniqueArray(fc.nat(20), { minLength: 1, maxLength: 6 }), g: group }),
  fc.record({ kind: fc.constant('delete' as const), ids: fc.uniqueArray(fc.nat(20), { minLength: 1, maxLength: 6 }) }),
  fc.record({ kind: fc.constant('drop-org' as const) }),
);
type Write = typeof write extends fc.Arbitrary<infer T> ? T : never;

async function apply(org: string, w: Write): Promise<void> {
  const ids = 'ids' in w ? w.ids.map((i) => `pod-${i}`) : [];
  if (w.kind === 'drop-org') {
    await db.query('DELETE FROM organizations WHERE id = $1', [org]);
    await db.query("INSERT INTO organizations (id, name, seed, preset, anchor_ms, state_version) VALUES ($1, 'Counted', 1, 'default', 0, 1)", [org]);
    return;
  }
  if (w.kind === 'delete') {
    await db.query('DELETE FROM pods WHERE org_id = $1 AND id = ANY($2::text[])', [org, ids]);
    return;
  }
  if (w.kind === 'move') {
    const status = w.g.status === null ? null : POD_STATUSES[w.g.status];
    await db.query('UPDATE pods SET project_id = $3, owner_id = $4, settled_status = $5 WHERE org_id = $1 AND id = ANY($2::text[])', [org, ids, `p${w.g.project}`, `u${w.g.owner}`, status]);
    return;
  }
  // insert: the pods not there yet; upsert: all of them, those there updated into the group.
  const params: unknown[] = [];
  const tuples = ids.map((id) => {
    const row = podRow(org, id, w.g);
    return `(${row.map((v) => {
      params.push(v);
      return `$${params.length}`;
    }).join(', ')})`;
  });
  const conflict = w.kind === 'insert' ? 'DO NOTHING' : 'DO UPDATE SET project_id = EXCLUDED.project_id, owner_id = EXCLUDED.owner_id, settled_status = EXCLUDED.settled_status';
  await db.query(`INSERT INTO pods (${COLUMNS}) VALUES ${tuples.join(', ')} ON CONFLICT (org_id, id) ${conflict}`, params);
}

describe('pod counts (migration 015)', () => {
  it('equal a count of the pods by group after any sequence of writes', async () => {
    const org = 'org-counted';
    await db.query("INSERT INTO organizations (id, name, seed, preset, anchor_ms, state_version) VALUES ($1, 'Counted', 1, 'default', 0, 1)", [org]);
    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 12 }), async (writes) => {
        await db.query('DELETE FROM pods WHERE org_id = $1', [org]);
        for (const w of writes) await apply(org, w);
        expect(await mismatches()).toEqual([]);
        // No group is left at zero.
        expect(await db.query('SELECT * FROM pod_counts WHERE n <= 0')).toEqual([]);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('refuses a write that would take a count below zero (counts gone wrong)', async () => {
    await db.query("INSERT INTO organizations (id, name, seed, preset, anchor_ms, state_version) VALUES ('org-wrong', 'Wrong', 1, 'default', 0, 1)");
    await apply('org-wrong', { kind: 'insert', ids: [1], g: { project: 0, owner: 0, status: 2 } });
    await db.query("DELETE FROM pod_counts WHERE org_id = 'org-wrong'");
    await expect(apply('org-wrong', { kind: 'move', ids: [1], g: { project: 1, owner: 0, status: 2 } })).rejects.toThrow(/below zero/);
  });
});

describe('pod_status_at (migration 016)', () => {
  const transitions = fc
    .array(fc.record({ status: fc.constantFrom(...POD_STATUSES), atMs: fc.integer({ min: 0, max: 10_000 }) }), { maxLength: 30 })
    .map((ts) => ts.sort((a, b) => a.atMs - b.atMs).map((t) => ({ ...t, reason: 'test' })));

  it('answers the cloud’s statusAt for any transitions in time order, at any moment', async () => {
    await fc.assert(
      fc.asyncProperty(transitions, fc.array(fc.integer({ min: -10, max: 10_010 }), { minLength: 1, maxLength: 8 }), async (ts, between) => {
        // Moments between transitions, and each transition's own moment (it has happened by then).
        const moments = [...between, ...ts.map((t) => t.atMs)];
        const rows = await db.query<{ at: number; status: string }>(
          'SELECT m.at, pod_status_at($1::text::jsonb, m.at::double precision) AS status FROM jsonb_array_elements_text($2::text::jsonb) AS e (v), LATERAL (SELECT e.v::double precision AS at) m',
          [JSON.stringify(ts), JSON.stringify(moments)],
        );
        const pod = { transitions: ts } as unknown as Pod;
        expect(rows.map((r) => r.status)).toEqual(moments.map((at) => statusAt(pod, at) satisfies PodStatus));
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
