/**
 * The cloud's reconcilers (src/cloud/reconcile.ts: idle auto-stop, budget alerts and policies)
 * in the background, per organization, so that requests do not run them. A request's answer
 * depends on them only when they are due: the full path (server/api.ts) runs them first when a
 * minute of simulated time has passed since they last ran, a direct read (direct-reads.ts) catches
 * the organization up first, and a pod write over its own rows (pod-writes.ts) runs only while
 * they are not due. This loop keeps them from being due: every intervalS it runs them for each
 * organization someone is signed in to (a live session) once leadMs or less is left before they
 * would be (and fills in the pod read columns that rows written before migration 003 lack), under
 * the organization's row lock only when something is due (a stop, an alert, a log entry): most
 * passes run over a snapshot and move only the mark, so no write waits behind them. They read
 * every pod, so this is the one place that loads a whole organization regularly (once a simulated
 * half-minute per active organization), off the request path, but on the server's one thread: the
 * pods are read a page at a time and the snapshots taken in slices (loadStateYielding,
 * snapshotYielding), handing the thread back in between; in one piece, 10,000 pods held it for
 * 1-3 s a pass (requests waited that long).
 *
 * Reconciling earlier than a request would is what a request arriving then would have done: each
 * reconciler only catches up with time that has passed (auto-stops are scheduled ahead from the
 * telemetry, alerts record when spend crossed), so answers are those of a console that polls.
 * Organizations nobody is signed in to are left alone; their first request catches them up.
 */
import { reconcile, RECONCILE_EVERY_MS } from '../src/cloud/reconcile';
import { requestContext, simulatedNow } from './cloud-context';
import type { Database, Tx } from './db';
import type { Logger } from './log';
import { repeatEvery } from './repeat';
import { loadStateYielding, YIELDING_LOAD_PAGE, sameSnapshot, snapshotYielding, writeChanges, writePodReadColumns, type Snapshot } from './state-store';
import { dressFor } from './tenants';

export interface StateReconcilerOptions {
  db: Database;
  log: Logger;
  /** How often to look (seconds of real time). */
  intervalS: number;
  /** Reconcile an organization once this little simulated time is left before its reconcilers are due (default 30 s). */
  leadMs?: number;
  /** The real time the simulated clocks run from (default Date.now). */
  realNow?: () => number;
  /** Wall-clock time for sessions (default Date.now). */
  wallNow?: () => number;
  /** Pods per statement when loading an organization (default YIELDING_LOAD_PAGE). */
  podPage?: number;
}

export interface StateReconciler {
  /** One pass over the active organizations; the ids of those it reconciled. */
  runOnce(): Promise<string[]>;
  stop(): Promise<void>;
}

/** What differs between two snapshots, by part (for the log). */
function differences(a: Snapshot, b: Snapshot): string[] {
  const out: string[] = [];
  if (JSON.stringify(a.organization) !== JSON.stringify(b.organization)) out.push('organization');
  if (JSON.stringify(a.clock) !== JSON.stringify(b.clock)) out.push('clock');
  for (const [table, rows] of b.tables) {
    const was = a.tables.get(table);
    if (!was || was.size !== rows.size || [...rows].some(([k, r]) => was.get(k)?.signature !== r.signature)) out.push(table);
  }
  for (const k of new Set([...a.extras.keys(), ...b.extras.keys()])) if (a.extras.get(k) !== b.extras.get(k)) out.push(k);
  if (a.audit.length !== b.audit.length) out.push('audit');
  for (const [k, v] of Object.entries(a)) if (!['organization', 'clock', 'tables', 'extras', 'audit', 'partial'].includes(k) && JSON.stringify(v) !== JSON.stringify((b as unknown as Record<string, unknown>)[k])) out.push(k);
  return out;
}

export function stateReconciler(options: StateReconcilerOptions): StateReconciler {
  const { db, log } = options;
  const realNow = options.realNow ?? (() => Date.now());
  const wallNow = options.wallNow ?? (() => Date.now());
  const leadMs = options.leadMs ?? RECONCILE_EVERY_MS / 2;
  const podPage = options.podPage ?? YIELDING_LOAD_PAGE;

  /** Whether an organization's reconcilers are due within leadMs (or its clock went back, or pods lack read columns). */
  const due = (nowMs: number, lastMs: number, unfilled: boolean): boolean => unfilled || nowMs < lastMs || nowMs - lastMs >= RECONCILE_EVERY_MS - leadMs;

  /** The organization's simulated now, its last reconcile, and whether pods lack read columns. */
  async function clockOf(tx: Tx, orgId: string): Promise<{ nowMs: number; lastMs: number; unfilled: Set<string>; real: number } | null> {
    const unfilled = new Set((await tx.query<{ id: string }>('SELECT id FROM pods WHERE org_id = $1 AND settled_at_ms IS NULL', [orgId])).map((r) => String(r.id)));
    const [clock] = await tx.query('SELECT o.anchor_ms, c.real_start_ms, c.offset_ms, c.reconciled_at_ms FROM organizations o JOIN sim_clock c ON c.org_id = o.id WHERE o.id = $1', [orgId]);
    if (!clock) return null;
    const real = realNow();
    const anchorMs = Number(clock.anchor_ms);
    const nowMs = anchorMs + Number(clock.offset_ms) + Math.max(0, real - Number(clock.real_start_ms));
    return { nowMs, lastMs: clock.reconciled_at_ms === null ? anchorMs : Number(clock.reconciled_at_ms), unfilled, real };
  }

  /**
   * Most passes find nothing due but the mark itself (no pod to stop, no alert, no log entry): they
   * run over a snapshot, without the organization's lock, and then only move the mark. Writes to the
   * organization go on meanwhile; none waits behind a whole-organization load. What a write changes
   * in between is seen by the next pass, a simulated minute later at most, as it would be by a
   * console polling: the reconcilers catch up with time that has passed. 'locked': something is due.
   */
  async function tryWithoutLock(orgId: string): Promise<'done' | 'not-due' | 'locked'> {
    const outcome = await db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      const clock = await clockOf(tx, orgId);
      if (!clock) return { kind: 'not-due' as const };
      if (clock.unfilled.size > 0) return { kind: 'locked' as const };
      if (!due(clock.nowMs, clock.lastMs, false)) return { kind: 'not-due' as const };
      const state = await loadStateYielding(tx, orgId, podPage);
      if (!state) return { kind: 'not-due' as const };
      const mark = state.reconciledAtMs;
      const before = await snapshotYielding(state);
      state.currentUserId = state.users[0]?.id ?? '';
      const run = requestContext(state, () => clock.real, dressFor(state.organization.id, state.organization.name));
      await reconcile(run.ctx, { force: true });
      const later = await snapshotYielding({ ...run.ctx.state, reconciledAtMs: mark });
      const onlyTheMark = sameSnapshot(before, later);
      if (!onlyTheMark) log.debug('background reconcile: something is due, locking', { org: orgId, changed: differences(before, later) });
      return onlyTheMark ? { kind: 'mark' as const, markMs: run.ctx.state.reconciledAtMs ?? clock.nowMs } : { kind: 'locked' as const };
    });
    if (outcome.kind !== 'mark') return outcome.kind;
    // Never back: a request (or another instance) may have reconciled later meanwhile.
    await db.query('UPDATE sim_clock SET reconciled_at_ms = $2 WHERE org_id = $1 AND (reconciled_at_ms IS NULL OR reconciled_at_ms < $2)', [orgId, outcome.markMs]);
    log.debug('organization reconciled in the background, nothing due', { org: orgId, atMs: outcome.markMs });
    return 'done';
  }

  /** Something is due: under the organization's row lock, as a request would, writing the rows that changed. */
  async function catchUpLocked(orgId: string): Promise<boolean> {
    return db.transaction(async (tx) => {
      if ((await tx.query('SELECT id FROM organizations WHERE id = $1 FOR UPDATE', [orgId])).length === 0) return false;
      const clock = await clockOf(tx, orgId);
      if (!clock) return false;
      const { unfilled, real } = clock;
      // Re-checked under the lock: a request or another instance may have done it meanwhile.
      if (!due(clock.nowMs, clock.lastMs, unfilled.size > 0)) return false;
      const state = await loadStateYielding(tx, orgId, podPage);
      if (!state) return false;
      const before = await snapshotYielding(state);
      state.currentUserId = state.users[0]?.id ?? '';
      const run = requestContext(state, () => real, dressFor(state.organization.id, state.organization.name));
      await reconcile(run.ctx, { force: true });
      const after = await snapshotYielding(run.ctx.state);
      const written = sameSnapshot(before, after) ? null : await writeChanges(tx, orgId, before, after);
      const filled = unfilled.size > 0 ? await writePodReadColumns(tx, orgId, run.ctx.state.pods.filter((p) => unfilled.has(p.id))) : 0;
      log.debug('organization reconciled in the background', { org: orgId, atMs: simulatedNow(state, real), ...written, filled });
      return true;
    });
  }

  async function catchUp(orgId: string): Promise<boolean> {
    const quick = await tryWithoutLock(orgId);
    if (quick !== 'locked') return quick === 'done';
    return catchUpLocked(orgId);
  }

  async function runOnce(): Promise<string[]> {
    const rows = await db.query(
      `SELECT o.id, o.anchor_ms, c.real_start_ms, c.offset_ms, c.reconciled_at_ms,
         EXISTS (SELECT 1 FROM pods p WHERE p.org_id = o.id AND p.settled_at_ms IS NULL) AS unfilled
       FROM organizations o JOIN sim_clock c ON c.org_id = o.id
       WHERE o.id IN (SELECT s.org_id FROM sessions s WHERE s.expires_at_ms > $1)
       ORDER BY o.id`,
      [wallNow()],
    );
    const done: string[] = [];
    for (const row of rows) {
      if (loop.stopping) break;
      const anchorMs = Number(row.anchor_ms);
      const nowMs = anchorMs + Number(row.offset_ms) + Math.max(0, realNow() - Number(row.real_start_ms));
      const last = row.reconciled_at_ms === null ? anchorMs : Number(row.reconciled_at_ms);
      const unfilled = row.unfilled === true || row.unfilled === 't' || row.unfilled === 'true';
      if (!due(nowMs, last, unfilled)) continue;
      const orgId = String(row.id);
      try {
        if (await catchUp(orgId)) done.push(orgId);
      } catch (e) {
        log.error('background reconcile failed', { org: orgId, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      }
    }
    return done;
  }

  const loop = repeatEvery(options.intervalS, runOnce, log, 'background reconcile');
  return { runOnce, stop: () => loop.stop() };
}
