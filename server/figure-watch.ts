/**
 * The watched figures on the server (issue 16): once a simulated hour, each organization's egress
 * meters against their warning thresholds and free allowance; once a UTC day, its open
 * recommendations against each person's amount (src/cloud/notify-reconcile.ts decides what is due
 * and words what people are told, as the simulator does in its reconcile pass).
 *
 * At fleet scale these read every pod that ran this month and judge every running GPU, so they run
 * here, in a job of their own, and nowhere else: never on a request, and not in the reconcile pass
 * (the server's contexts say figuresWatchedElsewhere), whose work takes the organization's lock
 * when anything changes. A check has two phases:
 *
 * 1. The figures, outside any lock, in one read-only snapshot: the egress meters from the pods that
 *    may have sent traffic since the month began (or the week the projection reads, if longer) by
 *    the cloud's own projectMeter; the recommendations from the stored usage rows (usage_hours,
 *    usage_days: recommendation-reads.ts reviewStoredRecommendations). Without those rows (the
 *    rollup off or behind, a telemetry source, the organization's own thresholds) an organization
 *    of up to IN_PROCESS_MAX_PODS pods is loaded and judged in process, as the simulator does
 *    (slower, still off every request); a larger one waits, its recommendation mark left where it
 *    is, until the rows can answer (judging 10,000 pods in process holds the event loop for
 *    seconds, and every request with it).
 * 2. Telling people, in one short transaction under the organization's row lock: a partial state of
 *    the people, their preferences, their notifications and the webhooks (state-store.ts
 *    loadPartialState: no pod), the cloud's notify functions over it (event ids make a figure
 *    told once), its changes written with the outbox rows (at least once, even across a restart),
 *    and the marks moved in the same transaction. It loads no pod: it holds the lock about as long
 *    as a pod write does, once an hour.
 *
 * Marks live in figure_watch (migrations/013-figure-watch.sql), not in the state: moving one is
 * never a change of the organization. Two instances checking at once both compute; the marks are
 * re-read in the writing transaction, so one tells. A crash before the transaction commits leaves
 * the marks, and the next pass checks again.
 */
import { figureChecksDue, initialFigureMarks, notifyEgressMeters, notifyOpenRecommendations, type FigureMarks } from '../src/cloud/notify-reconcile';
import { projectMeter, RECENT_WINDOW_DAYS } from '../src/cloud/ops/egress';
import { reviewRecommendations, type Review } from '../src/cloud/ops/recommendations';
import type { Schemas } from '../src/cloud/api-types';
import type { CloudState, Pod } from '../src/cloud/model';
import { MS_PER_DAY, startOfUtcMonth } from '../src/domain/units';
import { requestContext, simulatedNow } from './cloud-context';
import type { Database, Row, Tx } from './db';
import { scopeAs, type ReadScope } from './direct-reads';
import type { Logger } from './log';
import { repeatEvery } from './repeat';
import { reviewStoredRecommendations } from './recommendation-reads';
import { itemColumns, itemFromRow, loadPartialState, loadState, snapshot, sameSnapshot, writeChanges } from './state-store';

export interface FigureWatchOptions {
  db: Database;
  log: Logger;
  /** How often to look (seconds of real time); 0: only when runOnce is called. */
  intervalS: number;
  /** The real time the simulated clocks run from (default Date.now). */
  realNow?: () => number;
}

/** What one organization's check did. */
export interface FigureCheck {
  orgId: string;
  egress: boolean;
  recommendations: boolean;
  /** Whether the recommendations were judged from the stored rows (false: in process, or not checked). */
  fromStoredRows: boolean;
  /** Notifications and deliveries written (0: nothing new). */
  told: number;
}

export interface FigureWatch {
  /** One pass over every organization; the checks that ran. */
  runOnce(): Promise<FigureCheck[]>;
  stop(): Promise<void>;
}

const POD_COLUMNS = itemColumns('pods').join(', ');

/** The parts a check tells people with: no pod, no budget; people, what they chose, what they were told, and the webhooks. */
const TELLING = { where: { users: 'all', projects: 'all', project_members: 'all', notifications: 'all', notification_preferences: 'all', webhooks: 'all' }, params: [] } as const;

interface Clock {
  orgId: string;
  anchorMs: number;
  nowMs: number;
  real: number;
  marks: FigureMarks;
  stored: boolean;
}

function marksOf(row: Row): { marks: FigureMarks; stored: boolean } {
  const anchorMs = Number(row.anchor_ms);
  const stored = row.marks_anchor_ms !== null && row.marks_anchor_ms !== undefined && Number(row.marks_anchor_ms) === anchorMs;
  return stored ? { marks: { egressHourMs: Number(row.egress_hour_ms), recommendationDayMs: Number(row.recommendation_day_ms) }, stored } : { marks: initialFigureMarks(anchorMs), stored };
}

const CLOCKS = `SELECT o.id, o.anchor_ms, c.real_start_ms, c.offset_ms, w.anchor_ms AS marks_anchor_ms, w.egress_hour_ms, w.recommendation_day_ms
  FROM organizations o JOIN sim_clock c ON c.org_id = o.id LEFT JOIN figure_watch w ON w.org_id = o.id`;

function clockOf(row: Row, real: number): Clock {
  const nowMs = simulatedNow({ anchorMs: Number(row.anchor_ms), clock: { realStartMs: Number(row.real_start_ms), offsetMs: Number(row.offset_ms) } } as CloudState, real);
  return { orgId: String(row.id), anchorMs: Number(row.anchor_ms), nowMs, real, ...marksOf(row) };
}

async function saveMarks(tx: Pick<Tx, 'query'>, orgId: string, anchorMs: number, marks: FigureMarks): Promise<void> {
  await tx.query(
    `INSERT INTO figure_watch (org_id, anchor_ms, egress_hour_ms, recommendation_day_ms) VALUES ($1, $2, $3, $4)
     ON CONFLICT (org_id) DO UPDATE SET anchor_ms = EXCLUDED.anchor_ms, egress_hour_ms = EXCLUDED.egress_hour_ms, recommendation_day_ms = EXCLUDED.recommendation_day_ms`,
    [orgId, anchorMs, marks.egressHourMs, marks.recommendationDayMs],
  );
}

/** The egress meters of every project, from the pods that may have sent traffic in the meters' windows. */
async function egressMeters(tx: Tx, base: CloudState, projects: CloudState['projects'], adminId: string, nowMs: number, real: number): Promise<Schemas['EgressProjectMeter'][]> {
  const fromMs = Math.min(startOfUtcMonth(nowMs), nowMs - RECENT_WINDOW_DAYS * MS_PER_DAY);
  const rows = await tx.query(
    `SELECT ${POD_COLUMNS} FROM pods WHERE org_id = $1 AND created_at_ms < $2 AND (settled_at_ms IS NULL OR settled_at_ms > $3 OR runs_after) ORDER BY position DESC`,
    [base.organization.id, nowMs, fromMs],
  );
  const thresholds: Record<string, number> = {};
  for (const t of await tx.query('SELECT project_id, warning_threshold_percent FROM egress_thresholds WHERE org_id = $1', [base.organization.id])) {
    thresholds[String(t.project_id)] = Number(t.warning_threshold_percent);
  }
  const state: CloudState = { ...base, projects, pods: rows.map((r) => itemFromRow('pods', r) as unknown as Pod), egressWarningThresholds: thresholds, currentUserId: adminId };
  const { ctx } = requestContext(state, () => real, (w) => w);
  return projects.map((p) => projectMeter(ctx, p, nowMs));
}

/** The most pods an organization may have for its recommendations to be judged in process when the stored rows cannot answer. */
export const IN_PROCESS_MAX_PODS = 2_000;

/** Every recommendation, judged as an admin sees them: from the stored rows, else (a small organization) in process; 'wait': not now. */
async function recommendationsReview(tx: Tx, scoped: { scope: ReadScope; nowMs: number }, real: number): Promise<{ review: Review; fromStoredRows: boolean } | 'wait' | null> {
  const orgId = scoped.scope.base.organization.id;
  const adminId = scoped.scope.user.id;
  const stored = await reviewStoredRecommendations(tx, scoped.scope, scoped.nowMs);
  if (stored) return { review: stored, fromStoredRows: true };
  const [count] = await tx.query('SELECT count(*) AS n FROM pods WHERE org_id = $1', [orgId]);
  if (Number(count?.n ?? 0) > IN_PROCESS_MAX_PODS) return 'wait';
  const state = await loadState(tx, orgId, { lock: false });
  if (!state) return null;
  state.currentUserId = adminId;
  const { ctx } = requestContext(state, () => real, (w) => w);
  return { review: reviewRecommendations(ctx), fromStoredRows: false };
}

export function figureWatch(options: FigureWatchOptions): FigureWatch {
  const { db, log } = options;
  const realNow = options.realNow ?? (() => Date.now());

  async function check(clock: Clock): Promise<FigureCheck | null> {
    const due = figureChecksDue(clock.marks, clock.nowMs);
    const { orgId, nowMs, real } = clock;
    if (!due) {
      // A world that has checked nothing yet: its marks start at its anchor.
      if (!clock.stored) await saveMarks(db, orgId, clock.anchorMs, clock.marks);
      return null;
    }

    // 1. The figures, in one snapshot, without a lock.
    const figures = await db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      const [admin] = await tx.query("SELECT id FROM users WHERE org_id = $1 AND role = 'admin' ORDER BY position LIMIT 1", [orgId]);
      if (!admin) return null;
      const adminId = String(admin.id);
      const scoped = await scopeAs(tx, orgId, adminId, real, null);
      if (!scoped) return null;
      const meters = due.egress ? await egressMeters(tx, scoped.scope.base, scoped.scope.projects ?? [], adminId, nowMs, real) : [];
      const judged = due.recommendations ? await recommendationsReview(tx, scoped, real) : null;
      return { adminId, meters, judged };
    });
    if (!figures) {
      // No admin to see the whole organization (or it is gone): nobody to judge for.
      await saveMarks(db, orgId, clock.anchorMs, due.next);
      return { orgId, egress: due.egress, recommendations: due.recommendations, fromStoredRows: false, told: 0 };
    }
    // Recommendations that must wait for the stored rows stay due: their mark does not move.
    const judged = figures.judged === 'wait' ? null : figures.judged;
    const recommendations = due.recommendations && judged !== null;
    if (due.recommendations && !recommendations) log.info('recommendations not checked: the usage rollup cannot answer yet, and the organization is too large to judge in process', { org: orgId });
    if (!due.egress && !recommendations) return null;
    const next = { ...due.next, recommendationDayMs: recommendations ? due.next.recommendationDayMs : clock.marks.recommendationDayMs };

    // 2. Telling people: under the organization's row lock, a state without pods.
    const told = await db.transaction(async (tx) => {
      const loaded = await loadPartialState(tx, orgId, TELLING);
      if (!loaded) return 0;
      const [row] = await tx.query(`${CLOCKS} WHERE o.id = $1`, [orgId]);
      // Another instance told them meanwhile (or the world was reset): nothing to do here.
      if (!row || Number(row.anchor_ms) !== clock.anchorMs || JSON.stringify(marksOf(row).marks) !== JSON.stringify(clock.marks)) return 0;
      const state = loaded.state;
      const before = snapshot(state);
      const had = new Set((state.notifications ?? []).map((n) => n.id));
      state.currentUserId = figures.adminId;
      const { ctx } = requestContext(state, () => real, (w) => w);
      notifyEgressMeters(ctx, figures.meters, nowMs);
      if (judged) notifyOpenRecommendations(ctx, judged.review.judged, nowMs);
      const after = snapshot(ctx.state);
      const count = (ctx.state.notifications ?? []).filter((n) => !had.has(n.id)).length + (ctx.state.notificationOutbox?.length ?? 0);
      if (!sameSnapshot(before, after)) await writeChanges(tx, orgId, before, after);
      await saveMarks(tx, orgId, clock.anchorMs, next);
      return count;
    });
    return { orgId, egress: due.egress, recommendations, fromStoredRows: judged?.fromStoredRows ?? false, told };
  }

  async function runOnce(): Promise<FigureCheck[]> {
    const real = realNow();
    const rows = await db.query(`${CLOCKS} ORDER BY o.id`);
    const done: FigureCheck[] = [];
    for (const row of rows) {
      if (loop.stopping) break;
      const clock = clockOf(row, real);
      try {
        const c = await check(clock);
        if (c) {
          done.push(c);
          log.info('figures checked', { ...c, atMs: clock.nowMs });
        }
      } catch (e) {
        log.error('figure check failed', { org: clock.orgId, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      }
    }
    return done;
  }

  const loop = repeatEvery(options.intervalS, runOnce, log, 'figure watch');
  return { runOnce, stop: () => loop.stop() };
}
