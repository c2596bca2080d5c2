/**
 * The cloud's reconcilers (src/cloud/reconcile.ts: idle auto-stop, budget alerts and policies)
 * in the background, per organization, so that requests do not run them. A request's answer
 * depends on them only when they are due: the full path (server/api.ts) runs them first when a
 * minute of simulated time has passed since they last ran, a direct read (direct-reads.ts) catches
 * the organization up first, and a pod write over its own rows (pod-writes.ts) runs only while
 * they are not due. This loop keeps them from being due: every intervalS it runs them for each
 * organization someone is signed in to (a live session) once leadMs or less is left before they
 * would be (and fills in the pod read columns that rows written before migration 003 lack), under
 * the organization's row lock, as a request would: load the state, reconcile, write the rows that
 * changed. They read every pod, so this is the one place that loads a whole organization regularly
 * (once a simulated half-minute per active organization), off the request path.
 *
 * Reconciling earlier than a request would is what a request arriving then would have done: each
 * reconciler only catches up with time that has passed (auto-stops are scheduled ahead from the
 * telemetry, alerts record when spend crossed), so answers are those of a console that polls.
 * Organizations nobody is signed in to are left alone; their first request catches them up.
 */
import { reconcile, RECONCILE_EVERY_MS } from '../src/cloud/reconcile';
import { requestContext, simulatedNow } from './cloud-context';
import type { Database } from './db';
import type { Logger } from './log';
import { loadState, sameSnapshot, snapshot, writeChanges, writePodReadColumns } from './state-store';
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
}

export interface StateReconciler {
  /** One pass over the active organizations; the ids of those it reconciled. */
  runOnce(): Promise<string[]>;
  stop(): Promise<void>;
}

export function stateReconciler(options: StateReconcilerOptions): StateReconciler {
  const { db, log } = options;
  const realNow = options.realNow ?? (() => Date.now());
  const wallNow = options.wallNow ?? (() => Date.now());
  const leadMs = options.leadMs ?? RECONCILE_EVERY_MS / 2;

  /** Whether an organization's reconcilers are due within leadMs (or its clock went back, or pods lack read columns). */
  const due = (nowMs: number, lastMs: number, unfilled: boolean): boolean => unfilled || nowMs < lastMs || nowMs - lastMs >= RECONCILE_EVERY_MS - leadMs;

  async function catchUp(orgId: string): Promise<boolean> {
    return db.transaction(async (tx) => {
      if ((await tx.query('SELECT id FROM organizations WHERE id = $1 FOR UPDATE', [orgId])).length === 0) return false;
      const unfilled = new Set((await tx.query<{ id: string }>('SELECT id FROM pods WHERE org_id = $1 AND settled_at_ms IS NULL', [orgId])).map((r) => String(r.id)));
      const [clock] = await tx.query('SELECT o.anchor_ms, c.real_start_ms, c.offset_ms, c.reconciled_at_ms FROM organizations o JOIN sim_clock c ON c.org_id = o.id WHERE o.id = $1', [orgId]);
      if (!clock) return false;
      const real = realNow();
      const anchorMs = Number(clock.anchor_ms);
      const nowMs = anchorMs + Number(clock.offset_ms) + Math.max(0, real - Number(clock.real_start_ms));
      // Re-checked under the lock: a request or another instance may have done it meanwhile.
      if (!due(nowMs, clock.reconciled_at_ms === null ? anchorMs : Number(clock.reconciled_at_ms), unfilled.size > 0)) return false;
      const state = await loadState(tx, orgId, { lock: false });
      if (!state) return false;
      const before = snapshot(state);
      state.currentUserId = state.users[0]?.id ?? '';
      const run = requestContext(state, () => real, dressFor(state.organization.id, state.organization.name));
      await reconcile(run.ctx, { force: true });
      const after = snapshot(run.ctx.state);
      const written = sameSnapshot(before, after) ? null : await writeChanges(tx, orgId, before, after);
      const filled = unfilled.size > 0 ? await writePodReadColumns(tx, orgId, run.ctx.state.pods.filter((p) => unfilled.has(p.id))) : 0;
      log.debug('organization reconciled in the background', { org: orgId, atMs: simulatedNow(state, real), ...written, filled });
      return true;
    });
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
      if (stopping) break;
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

  let stopping = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const tick = () => {
    timer = null;
    running = runOnce()
      .catch((e: unknown) => log.error('background reconcile failed', { error: e instanceof Error ? e.message : String(e) }))
      .finally(() => {
        if (!stopping) timer = setTimeout(tick, options.intervalS * 1000);
      });
  };
  if (options.intervalS > 0) timer = setTimeout(tick, options.intervalS * 1000);
  return {
    runOnce,
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
