/**
 * The utilization reads answered by PostgreSQL (issue 14): summary, timeseries, breakdown,
 * heatmap and one pod's waste, as SQL sums over the rollup's rows (migrations/004-usage-rollup.sql,
 * written by usage-reconciler.ts), with the scope (organization, project, user, GPU type, region,
 * and an engineer's visible projects) and the window in the WHERE clause. Whole days inside the
 * window are read from usage_days, the hours at its edges from usage_hours; the hours after the
 * mark (the open hour, and a closed hour the reconciler has not written yet) are computed here
 * with the cloud's liveHourRows for the pods in scope that may have run then, and only those are
 * selected. The answer is assembled as src/cloud/ops/utilization.ts assembles it, to the byte.
 *
 * Left to the full path (the entry answers null): a telemetry source (PROMETHEUS_URL: the rows
 * and the open hour would have to come from it), thresholds other than the defaults (the stored
 * rows use DEFAULT_WASTE_SETTINGS; other thresholds are computed live by the cloud), a window
 * reaching before the rollup's history or more than MAX_LIVE_HOURS past its mark (the
 * reconciler is behind), rows of another world (a reset not rolled up yet), and anything the
 * cloud would refuse (its 400s and 404s).
 */
import { BY, SORTS, sortValue } from '../src/cloud/ops/utilization';
import { cheapestFittingTier } from '../src/domain/tier-fit';
import { gpuSevenths, MIG_COMPUTE_SLICES } from '../src/domain/mig';
import { gpuTflops, type GpuType } from '../src/domain/catalog';
import { BAND_FIELD_GROUPS } from '../src/domain/usage-rollup';
import { MS_PER_DAY, MS_PER_HOUR, startOfUtcDay } from '../src/domain/units';
import { addWasteFigures, DEFAULT_WASTE_SETTINGS, emptyWasteFigures, isIdleEngine, totalWaste, type WasteFigures, type WasteSettings } from '../src/domain/waste';
import type { Schemas } from '../src/cloud/api-types';
import { gpuTypes, offers, regions } from '../src/cloud/catalog-data';
import { ok, type CloudRequest, type CloudResponse } from '../src/cloud/http';
import { statusAt } from '../src/cloud/lifecycle';
import type { Pod } from '../src/cloud/model';
import { encodeActivity, figuresView } from '../src/cloud/ops/utilization';
import { intParam } from '../src/cloud/query-params';
import { Problem } from '../src/cloud/problem';
import { addRowInto, FIELDS, liveHourRows, startOfHour, usageLedgerFor } from '../src/cloud/usage-ledger';
import { FIELD, observedSeconds, wasteFiguresOf } from '../src/cloud/usage-read';
import { parseSettings, parseWindow, type ResolvedWindow } from '../src/cloud/utilization-query';
import type { Database, Row, Tx } from './db';
import type { Logger } from './log';
import type { DirectRead, ReadScope } from './direct-reads';
import { itemColumns, itemFromRow } from './state-store';
import { USAGE_COLUMN_LIST, worldFingerprint } from './usage-reconciler';

/** Hours past the rollup's mark a read computes itself (the reconciler runs every few seconds). */
export const MAX_LIVE_HOURS = 3;

const POD_COLUMNS = itemColumns('pods').map((c) => `p.${c}`).join(', ');
const PEAK = FIELD.peakMemMiB;
/** Fields these reads never sum across rows (the recommendations' evidence): selected as 0. */
const NOT_SUMMED = new Set<number>([FIELD.idleTailSeconds, ...BAND_FIELD_GROUPS.flatMap((f) => [0, 1, 2, 3].map((k) => FIELD[f] + k))]);
const SUMS = USAGE_COLUMN_LIST.map((c, i) => (i === PEAK ? `max(${c})` : NOT_SUMMED.has(i) ? '0' : `sum(${c})`) + ` AS ${c}`).join(', ');

type Window = Pick<ResolvedWindow, 'fromMs' | 'toMs'>;

// ---------------------------------------------------------------------------------------------
// Parameters and statements

export class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
  /** A text array from JSON (drivers differ in how they send arrays). */
  texts(values: readonly string[]): string {
    return `ARRAY(SELECT jsonb_array_elements_text(${this.add(JSON.stringify(values))}::text::jsonb))`;
  }
}

/** Row values as numbers, in USAGE_FIELDS order. */
function valuesOf(row: Row): Float64Array {
  const out = new Float64Array(FIELDS);
  USAGE_COLUMN_LIST.forEach((c, i) => {
    out[i] = Number(row[c] ?? 0);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// What a read knows: the organization's mark, the closed hours, the scope

export interface Plan {
  orgId: string;
  nowMs: number;
  /** Hours before this are closed for the cloud: min(now, reconciledAtMs). */
  closedUntilMs: number;
  markFromMs: number;
  markUntilMs: number;
  /** Names the stored rows (world, generation, mark): sums of them never change. */
  rowsKey: string;
  /**
   * Names the stored rows without the mark (world, generation): the rows of a range inside the mark
   * never change under it (a closed hour's rows are final, and the mark only grows until another
   * world starts a generation), so sums over a split are kept across the rollup's moves of the mark.
   */
  storedKey: string;
  /** The organization's pod write generation (migrations/014): the same one, the same pods. */
  podsGeneration: number;
}

/** What a plan needs of the organization's row. */
type PlanBase = Pick<ReadScope['base'], 'seed' | 'preset' | 'anchorMs' | 'clock' | 'reconciledAtMs'>;

export async function planOf(tx: Tx, scope: ReadScope, nowMs: number): Promise<Plan | null> {
  if (scope.telemetry) return null;
  return planFor(tx, scope.session.orgId, scope.base, nowMs);
}

async function planFor(tx: Pick<Tx, 'query'>, orgId: string, base: PlanBase, nowMs: number): Promise<Plan | null> {
  // The mark (usage-reconciler.ts rollupMark) and the pods' write generation, in one statement.
  const [row] = await tx.query(
    `SELECT m.rolled_from_ms, m.rolled_until_ms, m.world, m.generation, (SELECT g.generation FROM pod_write_generations g WHERE g.org_id = $1) AS pods_generation
       FROM usage_rollup_marks m WHERE m.org_id = $1`,
    [orgId],
  );
  if (!row) return null;
  const mark = { fromMs: Number(row.rolled_from_ms), untilMs: Number(row.rolled_until_ms), world: String(row.world), generation: Number(row.generation) };
  if (mark.world !== worldFingerprint(base.seed, base.preset, base.anchorMs, base.clock.realStartMs)) return null;
  const closedUntilMs = Math.min(nowMs, base.reconciledAtMs ?? nowMs);
  if (mark.untilMs > startOfHour(closedUntilMs)) return null; // a clock set back: rows of another time
  return {
    orgId,
    nowMs,
    closedUntilMs,
    markFromMs: mark.fromMs,
    markUntilMs: mark.untilMs,
    rowsKey: `${orgId}|${mark.world}|${mark.generation}|${mark.fromMs}|${mark.untilMs}`,
    storedKey: `${orgId}|${mark.world}|${mark.generation}`,
    podsGeneration: Number(row.pods_generation ?? 0),
  };
}

/** The window's parts: [fromMs, sqlEndMs) from the tables, [sqlEndMs, toMs) computed here. */
export interface Split {
  window: Window;
  sqlEndMs: number;
  /** Hours before this are closed (the cloud reads them from its ledger, skipping unallocated ones). */
  storedEndMs: number;
}

export function splitOf(plan: Plan, window: Window): Split | null {
  if (plan.markFromMs > 0 && window.fromMs < plan.markFromMs) return null;
  const storedEndMs = Math.min(startOfHour(plan.closedUntilMs), startOfHour(window.toMs));
  const sqlEndMs = Math.max(window.fromMs, Math.min(storedEndMs, plan.markUntilMs));
  if (storedEndMs - sqlEndMs > MAX_LIVE_HOURS * MS_PER_HOUR) return null;
  return { window, sqlEndMs, storedEndMs };
}

interface SqlScope {
  kind: Schemas['UtilizationScopeKind'];
  id: string | null;
  name: string;
  /** Visible projects (engineers); null: all. */
  visible: string[] | null;
  /** The scope's column and value. */
  column: 'project_id' | 'owner_id' | 'gpu_type_id' | 'region_id' | null;
  value: string | null;
}

interface ProjectRow {
  id: string;
  name: string;
  memberIds: string[];
}

async function projectsOf(tx: Tx, orgId: string): Promise<ProjectRow[]> {
  const rows = await tx.query(
    `SELECT p.id, p.name, (SELECT coalesce(json_agg(m.user_id ORDER BY m.position), '[]') FROM project_members m WHERE m.org_id = p.org_id AND m.project_id = p.id) AS member_ids
       FROM projects p WHERE p.org_id = $1 ORDER BY p.position`,
    [orgId],
  );
  return rows.map((r) => ({ id: String(r.id), name: String(r.name), memberIds: (r.member_ids as unknown[]).map(String) }));
}

/** utilization-query.ts parseScope over the tables; null where it would answer 400 or 404. */
async function scopeOf(tx: Tx, scope: ReadScope, query: URLSearchParams, projects: ProjectRow[]): Promise<SqlScope | null> {
  const kind = (query.get('scope') ?? 'organization') as SqlScope['kind'];
  const engineer = scope.user.role === 'engineer';
  const visibleProjects = engineer ? projects.filter((p) => p.memberIds.includes(scope.user.id)) : projects;
  const visible = engineer ? visibleProjects.map((p) => p.id) : null;
  if (kind === 'organization') return { kind, id: null, name: scope.base.organization.name, visible, column: null, value: null };
  const id = query.get('scopeId') ?? '';
  if (id === '') return null;
  switch (kind) {
    case 'project': {
      const project = visibleProjects.find((p) => p.id === id);
      return project ? { kind, id, name: project.name, visible, column: 'project_id', value: id } : null;
    }
    case 'user': {
      const [user] = await tx.query('SELECT name FROM users WHERE org_id = $1 AND id = $2', [scope.session.orgId, id]);
      return user ? { kind, id, name: String(user.name), visible, column: 'owner_id', value: id } : null;
    }
    case 'gpuType': {
      const gpu = gpuTypes.find((g) => g.id === id);
      return gpu ? { kind, id, name: gpu.name, visible, column: 'gpu_type_id', value: id } : null;
    }
    case 'region': {
      const region = regions.find((r) => r.id === id);
      return region ? { kind, id, name: region.name, visible, column: 'region_id', value: id } : null;
    }
    default:
      return null;
  }
}

/** The scope as a WHERE clause over a table with org_id and the pod's columns (alias a: "p."). */
function scopeWhere(p: Params, plan: Plan, s: SqlScope, alias = ''): string {
  const where = [`${alias}org_id = ${p.add(plan.orgId)}`];
  if (s.visible) where.push(`${alias}project_id = ANY(${p.texts(s.visible)})`);
  if (s.column) where.push(`${alias}${s.column} = ${p.add(s.value)}::text`);
  return where.join(' AND ');
}

/**
 * The rows of [fromMs, sqlEndMs) as one source (columns: pod_id, gpu_index, t = the row's start,
 * the fields): whole days from usage_days where useDays, the rest from usage_hours.
 */
function sourceOf(p: Params, plan: Plan, s: SqlScope, split: Split, useDays: boolean, podId: string | null = null, podColumns = false): string | null {
  const { fromMs } = split.window;
  const endMs = split.sqlEndMs;
  if (endMs <= fromMs) return null;
  const where = scopeWhere(p, plan, s) + (podId === null ? '' : ` AND pod_id = ${p.add(podId)}::text`);
  const cols = `pod_id, gpu_index, ${podColumns ? 'project_id, owner_id, gpu_type_id, ' : ''}${USAGE_COLUMN_LIST.join(', ')}`;
  const hours = (a: number, b: number) => `SELECT ${cols}, hour_start_ms AS t FROM usage_hours WHERE ${where} AND hour_start_ms >= ${p.add(a)}::bigint AND hour_start_ms < ${p.add(b)}::bigint`;
  const firstDay = Math.ceil(fromMs / MS_PER_DAY) * MS_PER_DAY;
  const lastDay = Math.floor(endMs / MS_PER_DAY) * MS_PER_DAY;
  if (!useDays || firstDay >= lastDay) return hours(fromMs, endMs);
  const parts = [`SELECT ${cols}, day_start_ms AS t FROM usage_days WHERE ${where} AND day_start_ms >= ${p.add(firstDay)}::bigint AND day_start_ms < ${p.add(lastDay)}::bigint`];
  if (fromMs < firstDay) parts.push(hours(fromMs, firstDay));
  if (lastDay < endMs) parts.push(hours(lastDay, endMs));
  return parts.join(' UNION ALL ');
}

// ---------------------------------------------------------------------------------------------
// The hours computed here

interface LiveVisit {
  pod: LivePod;
  hourStartMs: number;
  gpuCount: number;
  rows: Int32Array;
}

/** What the answers need of a pod with live rows. */
interface LivePod {
  id: string;
  projectId: string;
  ownerId: string;
  gpuTypeId: string;
}

/** A pod's live rows over a span (null: it did not run then). */
type LiveRows = { gpuCount: number; rows: Int32Array } | null;

/**
 * Live rows per organization, span (`${from}|${to}`, the part of an hour in a window) and pod
 * (`${id}|${signature}`). Spans no read can want again are dropped (dropStaleSpans): hours the
 * mark has passed, and the parts of the open hour before the latest window's end.
 */
const liveCache = new Map<string, Map<string, Map<string, LiveRows>>>();
const LIVE_CACHE_MAX = 100_000;

/** Pods' live rows built, by requests and by the background build (tests, logs). */
export const liveRowStats = { inRequests: 0, inBackground: 0 };

function spansOf(orgId: string): Map<string, Map<string, LiveRows>> {
  let spans = liveCache.get(orgId);
  if (!spans) liveCache.set(orgId, (spans = new Map()));
  return spans;
}

/** Drops an organization's spans that are rolled up or end before the latest window's end inside an hour. */
function dropStaleSpans(orgId: string, markUntilMs: number, latestToMs: number): void {
  const spans = liveCache.get(orgId);
  if (!spans) return;
  let size = 0;
  for (const [key, pods] of spans) {
    const to = Number(key.slice(key.indexOf('|') + 1));
    if (to <= markUntilMs || (to % MS_PER_HOUR !== 0 && to < latestToMs)) spans.delete(key);
    else size += pods.size;
  }
  if (size > LIVE_CACHE_MAX) spans.clear();
}

/**
 * What changes when anything about a pod's running does: its transitions (count, the last one's
 * time and status as settled_at_ms and settled_status) and its GPU counts. Read from the columns,
 * so the pods whose live rows are cached are not read whole.
 */
const SIGNATURE = `jsonb_array_length(p.transitions) || '|' || coalesce(p.settled_at_ms::text, '') || '|' || coalesce(p.settled_status, '') || '|' || p.gpu_count || '|' || coalesce(md5(p.gpu_count_history::text), '') || '|' || p.seed || '|' || p.created_at_ms`;

interface LiveHour {
  hs: number;
  from: number;
  to: number;
  span: string;
}

/** The hours of a split computed here, each as the part of it in the window. */
function liveHoursOf(split: Split): LiveHour[] {
  const { window, sqlEndMs } = split;
  const hours: LiveHour[] = [];
  for (let hs = startOfHour(sqlEndMs); hs < window.toMs; hs += MS_PER_HOUR) {
    const from = Math.max(hs, window.fromMs);
    const to = Math.min(hs + MS_PER_HOUR, window.toMs);
    hours.push({ hs, from, to, span: `${from}|${to}` });
  }
  return hours;
}

interface Candidate {
  pod: LivePod;
  /** `${id}|${signature}`: its key in a span's rows. */
  key: string;
}

/** The pods in scope that may have run in the split's live hours, with their signatures. */
async function liveCandidates(tx: Pick<Tx, 'query'>, plan: Plan, s: SqlScope, split: Split, podId: string | null): Promise<Candidate[]> {
  const { window, sqlEndMs } = split;
  const p = new Params();
  const rows = await tx.query(
    `SELECT p.id, p.project_id, p.owner_id, p.gpu_type_id, ${SIGNATURE} AS signature FROM pods p WHERE ${scopeWhere(p, plan, s, 'p.')} ${podId === null ? '' : `AND p.id = ${p.add(podId)}::text`}
       AND p.created_at_ms < ${p.add(window.toMs)}::double precision
       AND (p.settled_at_ms IS NULL OR p.settled_at_ms > ${p.add(sqlEndMs)}::double precision OR p.runs_after)`,
    p.values,
  );
  return rows.map((c) => {
    const id = String(c.id);
    return { pod: { id, projectId: String(c.project_id), ownerId: String(c.owner_id), gpuTypeId: String(c.gpu_type_id) }, key: `${id}|${String(c.signature)}` };
  });
}

/** The cached rows of each hour's span (made empty where none): a read holds these, whatever is dropped meanwhile. */
function spanRowsOf(orgId: string, hours: readonly LiveHour[]): Array<Map<string, LiveRows>> {
  const spans = spansOf(orgId);
  return hours.map((h) => {
    let rows = spans.get(h.span);
    if (!rows) spans.set(h.span, (rows = new Map()));
    return rows;
  });
}

/** The candidates some of whose hours' rows are not cached. */
function missingOf(candidates: readonly Candidate[], spanRows: ReadonlyArray<Map<string, LiveRows>>): Candidate[] {
  return candidates.filter((c) => spanRows.some((rows) => !rows.has(c.key)));
}

/** Reads the pods whole (as of tx) for building their rows. */
async function podsFor(tx: Pick<Tx, 'query'>, orgId: string, ids: readonly string[]): Promise<Array<{ pod: Pod; key: string }>> {
  const out: Array<{ pod: Pod; key: string }> = [];
  for (let i = 0; i < ids.length; i += 500) {
    const q = new Params();
    const rows = await tx.query(`SELECT ${POD_COLUMNS}, ${SIGNATURE} AS signature FROM pods p WHERE p.org_id = ${q.add(orgId)} AND p.id = ANY(${q.texts(ids.slice(i, i + 500))})`, q.values);
    for (const row of rows) {
      const pod = itemFromRow('pods', row) as unknown as Pod;
      out.push({ pod, key: `${pod.id}|${String(row.signature)}` });
    }
  }
  return out;
}

/** Builds the pods' rows for the hours into their spans' rows; with yieldEvery, gives the thread back every that many pods. */
async function buildLive(pods: ReadonlyArray<{ pod: Pod; key: string }>, hours: readonly LiveHour[], spanRows: ReadonlyArray<Map<string, LiveRows>>, yieldEvery = 0): Promise<void> {
  const ledger = usageLedgerFor(DEFAULT_WASTE_SETTINGS);
  for (let i = 0; i < pods.length; i++) {
    if (yieldEvery > 0 && i > 0 && i % yieldEvery === 0) await new Promise((resolve) => setImmediate(resolve));
    const { pod, key } = pods[i]!;
    hours.forEach((h, k) => spanRows[k]!.set(key, liveHourRows(ledger, pod, h.from, h.to)));
  }
}

/**
 * forEachPodHour's hours after the stored ones (usage-read.ts), for the pods in scope that may have
 * run then: each hour's rows from liveHourRows over the part of the hour in the window; a closed
 * hour none of whose GPUs was allocated is skipped as the ledger skips it. Rows are cached per pod
 * signature and span (they change every 5 minutes, when the window's end moves; the background
 * build, startLiveRowsBuild, makes the next period's before it starts); a pod is read whole only
 * when its rows are not cached.
 */
async function liveVisits(tx: Tx, plan: Plan, s: SqlScope, split: Split, podId: string | null = null): Promise<LiveVisit[]> {
  const { window, sqlEndMs } = split;
  if (sqlEndMs >= window.toMs) return [];
  liveWanted.set(plan.orgId, Date.now());
  const candidates = await liveCandidates(tx, plan, s, split, podId);
  const hours = liveHoursOf(split);
  const spanRows = spanRowsOf(plan.orgId, hours);
  const missing = missingOf(candidates, spanRows);
  if (missing.length > 0) {
    dropStaleSpans(plan.orgId, plan.markUntilMs, window.toMs);
    const pods = await podsFor(tx, plan.orgId, missing.map((c) => c.pod.id));
    liveRowStats.inRequests += pods.length;
    await buildLive(pods, hours, spanRows);
  }
  const out: LiveVisit[] = [];
  for (const c of candidates) {
    hours.forEach((h, i) => {
      const live = spanRows[i]!.get(c.key);
      if (!live) return;
      if (h.hs + MS_PER_HOUR <= split.storedEndMs && !anyAllocatedIn(live.rows, 0, live.gpuCount)) return;
      out.push({ pod: c.pod, hourStartMs: h.hs, gpuCount: live.gpuCount, rows: live.rows });
    });
  }
  return out;
}

/** Organizations whose live rows a read wanted lately (real ms): the background build keeps theirs ready. */
const liveWanted = new Map<string, number>();
/** How long after its last read an organization's live rows are still built ahead. */
const LIVE_WANTED_MS = 15 * 60_000;
/** How far ahead the background build looks: the next period's rows are ready before it starts. */
export const LIVE_LEAD_MS = 60_000;
const ORGANIZATION_SCOPE: SqlScope = { kind: 'organization', id: null, name: '', visible: null, column: null, value: null };

/**
 * Builds the organization's live rows that a read now, or leadMs from now, would want and not find,
 * for the pods of the whole organization (so for every scope): the next 5-minute period's before it
 * starts, and those of pods written since the last build. The pods are read in one snapshot, their
 * rows built after it, giving the thread back every few pods. Returns the pods built.
 */
export async function buildLiveRows(db: Database, orgId: string, realNowMs: number, leadMs = LIVE_LEAD_MS): Promise<number> {
  const work = await db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    const [org] = await tx.query(
      'SELECT o.seed, o.preset, o.anchor_ms, c.real_start_ms, c.offset_ms FROM organizations o JOIN sim_clock c ON c.org_id = o.id WHERE o.id = $1',
      [orgId],
    );
    if (!org) return [];
    const base: PlanBase = { seed: Number(org.seed), preset: String(org.preset) as PlanBase['preset'], anchorMs: Number(org.anchor_ms), clock: { realStartMs: Number(org.real_start_ms), offsetMs: Number(org.offset_ms) } };
    // cloud-context.ts simulatedNow
    const nowMs = base.anchorMs + base.clock.offsetMs + Math.max(0, realNowMs - base.clock.realStartMs);
    const out: Array<{ pods: Array<{ pod: Pod; key: string }>; hours: LiveHour[]; spanRows: Array<Map<string, LiveRows>> }> = [];
    const ends = new Set<number>();
    for (const t of [nowMs, nowMs + leadMs]) {
      const { current } = parseWindow(new URLSearchParams('range=30d'), t);
      if (ends.has(current.toMs)) continue;
      ends.add(current.toMs);
      const plan = await planFor(tx, orgId, base, t);
      if (!plan) continue;
      if (t === nowMs) dropStaleSpans(orgId, plan.markUntilMs, current.toMs);
      const split = splitOf(plan, current);
      if (!split || split.sqlEndMs >= current.toMs) continue;
      const candidates = await liveCandidates(tx, plan, ORGANIZATION_SCOPE, split, null);
      const hours = liveHoursOf(split);
      const spanRows = spanRowsOf(orgId, hours);
      const missing = missingOf(candidates, spanRows);
      if (missing.length > 0) out.push({ pods: await podsFor(tx, orgId, missing.map((c) => c.pod.id)), hours, spanRows });
    }
    return out;
  });
  let built = 0;
  for (const { pods, hours, spanRows } of work) {
    await buildLive(pods, hours, spanRows, 25);
    built += pods.length;
  }
  liveRowStats.inBackground += built;
  return built;
}

export interface LiveRowsBuildOptions {
  db: Database;
  log: Logger;
  /** Seconds between builds (default 10). */
  intervalS?: number;
  realNow?: () => number;
}

/** Builds the live rows of the organizations read lately, every intervalS, until stopped (server/main.ts). */
export function startLiveRowsBuild(options: LiveRowsBuildOptions): { stop(): Promise<void> } {
  const { db, log } = options;
  const realNow = options.realNow ?? Date.now;
  const intervalMs = (options.intervalS ?? 10) * 1000;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<void> | null = null;
  const round = async () => {
    for (const [orgId, at] of [...liveWanted]) {
      if (stopped) return;
      if (Date.now() - at > LIVE_WANTED_MS) {
        liveWanted.delete(orgId);
        liveCache.delete(orgId);
        continue;
      }
      try {
        const started = Date.now();
        const built = await buildLiveRows(db, orgId, realNow());
        if (built > 0) log.debug('live usage rows built', { org: orgId, pods: built, ms: Date.now() - started });
        const summedAt = Date.now();
        const summed = await preSumSummaries(db, orgId, realNow());
        if (summed > 0) log.debug('summaries summed ahead of the hour', { org: orgId, summaries: summed, ms: Date.now() - summedAt });
      } catch (e) {
        log.error('live usage rows build failed', { org: orgId, error: e instanceof Error ? e.message : String(e) });
      }
    }
  };
  const loop = () => {
    if (stopped) return;
    current = round().finally(() => {
      current = null;
      if (!stopped) timer = setTimeout(loop, intervalMs);
    });
  };
  timer = setTimeout(loop, intervalMs);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}

function anyAllocatedIn(rows: ArrayLike<number>, at: number, gpuCount: number): boolean {
  for (let g = 0; g < gpuCount; g++) if ((rows[at + g * FIELDS + FIELD.allocatedSeconds] ?? 0) > 0) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Shared pieces of the answers (as ops/utilization.ts builds them, key order included)

const iso = (ms: number): string => new Date(ms).toISOString();
const isoDate = (ms: number): string => iso(ms).slice(0, 10);
const round3 = (x: number): number => Math.min(1, Math.max(0, Math.round(x * 1000) / 1000));

function windowView(w: ResolvedWindow): Schemas['UtilizationWindow'] {
  return { from: iso(w.fromMs), to: iso(w.toMs), range: w.range, sampleMs: w.stepMs };
}

function scopeView(s: SqlScope): Schemas['UtilizationScope'] {
  return { kind: s.kind, id: s.id, name: s.name };
}

/** The default thresholds, or null (other thresholds, or a 400): the full path. */
function defaultSettings(query: URLSearchParams): WasteSettings | null {
  const settings = parseSettings(query);
  const d = DEFAULT_WASTE_SETTINGS;
  return settings.idleEngineActive === d.idleEngineActive && settings.smActiveTarget === d.smActiveTarget && settings.memoryHeadroom === d.memoryHeadroom ? settings : null;
}

/**
 * Whether an admin has set the organization's own thresholds (cloud/waste-settings.ts): the
 * stored rows are the defaults', so its reads take the full path, which judges each hour by the
 * thresholds in effect then.
 */
export async function hasOwnThresholds(tx: Tx, orgId: string): Promise<boolean> {
  return (await tx.query("SELECT 1 FROM state_extras WHERE org_id = $1 AND key = 'wasteSettingsVersions'", [orgId])).length > 0;
}

/** Buckets of whole hours (ops/utilization.ts buckets). */
function buckets(window: ResolvedWindow, maxPoints: number): { bucketMs: number; firstMs: number; count: number } {
  const hours = Math.ceil((window.toMs - startOfHour(window.fromMs)) / MS_PER_HOUR);
  const bucketMs = Math.max(1, Math.ceil(hours / maxPoints)) * MS_PER_HOUR;
  const firstMs = Math.floor(window.fromMs / bucketMs) * bucketMs;
  let count = Math.ceil((window.toMs - firstMs) / bucketMs);
  let first = firstMs;
  while (count > maxPoints) {
    first += bucketMs;
    count -= 1;
  }
  return { bucketMs, firstMs: first, count: Math.max(0, count) };
}

/** What every utilization read starts from; null: the full path. */
interface Start {
  plan: Plan;
  settings: WasteSettings;
  scope: SqlScope;
  projects: ProjectRow[];
  current: ResolvedWindow;
  previous: ResolvedWindow;
}

async function start(tx: Tx, scope: ReadScope, query: URLSearchParams, nowMs: number): Promise<Start | null> {
  const plan = await planOf(tx, scope, nowMs);
  if (!plan) return null;
  const settings = defaultSettings(query);
  if (!settings || (await hasOwnThresholds(tx, plan.orgId))) return null;
  const projects = scope.projects ?? (await projectsOf(tx, plan.orgId));
  const s = await scopeOf(tx, scope, query, projects);
  if (!s) return null;
  const { current, previous } = parseWindow(query, nowMs);
  return { plan, settings, scope: s, projects, current, previous };
}

/** Runs a read; anything the cloud would refuse (a thrown Problem) goes to the full path. */
export function guarded(read: (tx: Tx, scope: ReadScope, call: CloudRequest, nowMs: number) => Promise<CloudResponse | null>): DirectRead['handle'] {
  return async (tx, scope, call, nowMs) => {
    try {
      return await read(tx, scope, call, nowMs);
    } catch (e) {
      if (e instanceof Problem) return null;
      throw e;
    }
  };
}

// ---------------------------------------------------------------------------------------------
// GET /v1/utilization/summary

/** Sums of stored rows per window, and the pods in the first: they never change for a storedKey and splits. */
interface ClosedSums {
  totals: Float64Array[];
  pods: Set<string>;
}
const closedCache = new Map<string, ClosedSums>();
const CLOSED_CACHE_MAX = 2_000;
/**
 * Per stored rows, scope and window starts: the sums over the longest stored ends seen, and those
 * ends. When the rollup writes the hour just closed (the mark, so each window's stored end, moves
 * on), the sums over the longer ranges are these plus the new hour's rows, read alone: the rows
 * before the old ends never change under a storedKey, the fields are sums (and a peak, a max), and
 * the pods that ran are these and the new hour's.
 */
const closedLatest = new Map<string, { ends: number[]; sums: ClosedSums }>();
/** How the closed sums were found (tests, logs): computed whole, extended by the hours added, or ahead of time. */
export const closedSumStats = { whole: 0, extended: 0, ahead: 0 };

async function sumRows(tx: Tx, plan: Plan, scope: SqlScope, splits: readonly Split[], useDays: boolean, into: ClosedSums): Promise<void> {
  const p = new Params();
  const parts: string[] = [];
  splits.forEach((split, w) => {
    const src = sourceOf(p, plan, scope, split, useDays);
    if (src) parts.push(`SELECT ${w} AS w, x.* FROM (${src}) x`);
  });
  if (parts.length === 0) return;
  const rows = await tx.query(
    `SELECT w, ${SUMS}, CASE WHEN w = 0 THEN json_agg(DISTINCT pod_id) END AS pods FROM (${parts.join(' UNION ALL ')}) x GROUP BY w`,
    p.values,
  );
  for (const row of rows) {
    const w = Number(row.w);
    addRowInto(into.totals[w]!, 0, valuesOf(row), 0);
    if (w === 0) for (const id of (typeof row.pods === 'string' ? JSON.parse(row.pods) : row.pods) as string[]) into.pods.add(String(id));
  }
}

async function closedSums(tx: Tx, plan: Plan, scope: SqlScope, splits: readonly Split[]): Promise<ClosedSums> {
  const key = JSON.stringify([plan.storedKey, scope.kind, scope.id, scope.visible, splits.map((s) => [s.window.fromMs, s.sqlEndMs])]);
  const hit = closedCache.get(key);
  if (hit) return hit;
  const startsKey = JSON.stringify([plan.storedKey, scope.kind, scope.id, scope.visible, splits.map((s) => s.window.fromMs)]);
  const ends = splits.map((s) => Math.max(s.window.fromMs, s.sqlEndMs));
  const latest = closedLatest.get(startsKey);
  let out: ClosedSums;
  if (latest && latest.ends.every((e, w) => e <= ends[w]!)) {
    // The sums so far, and the rows of the hours since (usage_hours alone: an hour or two).
    out = { totals: latest.sums.totals.map((t) => Float64Array.from(t)), pods: new Set(latest.sums.pods) };
    const added = splits.map((s, w): Split => ({ ...s, window: { ...s.window, fromMs: latest.ends[w]! } }));
    await sumRows(tx, plan, scope, added, false, out);
    closedSumStats.extended++;
  } else {
    out = { totals: splits.map(() => new Float64Array(FIELDS)), pods: new Set() };
    await sumRows(tx, plan, scope, splits, true, out);
    closedSumStats.whole++;
  }
  if (closedCache.size >= CLOSED_CACHE_MAX) closedCache.clear();
  if (closedLatest.size >= CLOSED_CACHE_MAX) closedLatest.clear();
  closedCache.set(key, out);
  const was = closedLatest.get(startsKey);
  if (!was || was.ends.every((e, w) => e <= ends[w]!)) closedLatest.set(startsKey, { ends, sums: out });
  return out;
}

/**
 * The named-range summaries read lately, per organization (scope and range): before the hour turns
 * (and the windows' starts with it), the background build (startLiveRowsBuild) sums the next hour's
 * stored rows, so that the first read after the turn does not (a second on the 30-day window).
 */
const summariesWanted = new Map<string, Map<string, { scope: SqlScope; range: string; at: number }>>();
const SUMMARIES_WANTED_MAX = 50;

function noteSummaryWanted(orgId: string, scope: SqlScope, query: URLSearchParams): void {
  const range = query.get('range') ?? '7d';
  if ((query.get('from') ?? '') !== '' || (query.get('to') ?? '') !== '') return;
  let wanted = summariesWanted.get(orgId);
  if (!wanted) summariesWanted.set(orgId, (wanted = new Map()));
  const key = JSON.stringify([scope.kind, scope.id, scope.visible, scope.column, scope.value, range]);
  if (!wanted.has(key) && wanted.size >= SUMMARIES_WANTED_MAX) wanted.clear();
  wanted.set(key, { scope, range, at: Date.now() });
}

/**
 * Sums the stored rows that the summaries read lately will want leadMs from now, if they are not
 * summed yet (the hour about to turn). Returns how many it summed.
 */
export async function preSumSummaries(db: Database, orgId: string, realNowMs: number, leadMs = LIVE_LEAD_MS): Promise<number> {
  const wanted = summariesWanted.get(orgId);
  if (!wanted) return 0;
  for (const [k, w] of wanted) if (Date.now() - w.at > LIVE_WANTED_MS) wanted.delete(k);
  if (wanted.size === 0) return 0;
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    const [org] = await tx.query(
      'SELECT o.seed, o.preset, o.anchor_ms, c.real_start_ms, c.offset_ms FROM organizations o JOIN sim_clock c ON c.org_id = o.id WHERE o.id = $1',
      [orgId],
    );
    if (!org) return 0;
    const base: PlanBase = { seed: Number(org.seed), preset: String(org.preset) as PlanBase['preset'], anchorMs: Number(org.anchor_ms), clock: { realStartMs: Number(org.real_start_ms), offsetMs: Number(org.offset_ms) } };
    const t = base.anchorMs + base.clock.offsetMs + Math.max(0, realNowMs - base.clock.realStartMs) + leadMs;
    const plan = await planFor(tx, orgId, base, t);
    if (!plan) return 0;
    let summed = 0;
    for (const { scope, range } of wanted.values()) {
      const { current, previous } = parseWindow(new URLSearchParams({ range }), t);
      const a = splitOf(plan, current);
      const b = splitOf(plan, previous);
      if (!a || !b) continue;
      const before = closedSumStats.whole + closedSumStats.extended;
      await closedSums(tx, plan, scope, [a, b]);
      if (closedSumStats.whole + closedSumStats.extended > before) summed++;
    }
    closedSumStats.ahead += summed;
    return summed;
  });
}

/** A summary's sums over its two windows, and the pods that ran in the first. */
interface SummaryFigures {
  totals: Float64Array[];
  podCount: number;
}

/**
 * Summary figures per stored rows (Plan.storedKey), pod write generation, scope and splits: the
 * same key, the same rows and pods, so the same figures. Within a 5-minute period a read with no
 * pod written since the last one sums nothing; reads that miss together share one computation.
 */
const summaryCache = new Map<string, Promise<SummaryFigures>>();
const SUMMARY_CACHE_MAX = 2_000;

function summaryFigures(tx: Tx, plan: Plan, scope: SqlScope, splits: readonly Split[]): Promise<SummaryFigures> {
  const key = JSON.stringify([plan.storedKey, plan.podsGeneration, scope.kind, scope.id, scope.visible, splits.map((s) => [s.window.fromMs, s.window.toMs, s.sqlEndMs, s.storedEndMs])]);
  const hit = summaryCache.get(key);
  // Another read's computation: if it fails (its transaction), this one computes its own.
  if (hit) return hit.catch(() => summaryFiguresNow(tx, plan, scope, splits));
  if (summaryCache.size >= SUMMARY_CACHE_MAX) summaryCache.clear();
  const figures = summaryFiguresNow(tx, plan, scope, splits);
  summaryCache.set(key, figures);
  // A read that failed (its transaction, its connection) leaves nothing behind: the next one computes.
  figures.catch(() => {
    if (summaryCache.get(key) === figures) summaryCache.delete(key);
  });
  return figures;
}

async function summaryFiguresNow(tx: Tx, plan: Plan, scope: SqlScope, splits: readonly Split[]): Promise<SummaryFigures> {
  const totals = [new Float64Array(FIELDS), new Float64Array(FIELDS)];
  // Live rows per pod, for the pods that ran: the cloud counts a pod whose window has any allocation or spend.
  const livePods: string[][] = [[], []];
  for (let w = 0; w < 2; w++) {
    const split = splits[w]!;
    const perPod = new Map<string, Float64Array>();
    for (const v of await liveVisits(tx, plan, scope, split)) {
      let t = perPod.get(v.pod.id);
      if (!t) perPod.set(v.pod.id, (t = new Float64Array(FIELDS)));
      for (let g = 0; g < v.gpuCount; g++) addRowInto(t, 0, v.rows, g * FIELDS);
    }
    for (const [id, t] of perPod) {
      addRowInto(totals[w]!, 0, t, 0);
      if ((t[FIELD.allocatedSeconds] ?? 0) > 0 || (t[FIELD.spendCents] ?? 0) > 0) livePods[w]!.push(id);
    }
  }
  const closed = await closedSums(tx, plan, scope, splits);
  for (let w = 0; w < 2; w++) addRowInto(totals[w]!, 0, closed.totals[w]!, 0);
  let podCount = closed.pods.size;
  for (const id of livePods[0]!) if (!closed.pods.has(id)) podCount++;
  return { totals, podCount };
}

async function summary(tx: Tx, rs: ReadScope, call: CloudRequest, nowMs: number): Promise<CloudResponse | null> {
  const st = await start(tx, rs, call.query, nowMs);
  if (!st) return null;
  const { plan, scope, current, previous, settings } = st;
  const splits = [splitOf(plan, current), splitOf(plan, previous)];
  if (!splits[0] || !splits[1]) return null;
  noteSummaryWanted(plan.orgId, scope, call.query);
  const { totals, podCount } = await summaryFigures(tx, plan, scope, splits as Split[]);
  const cur = figuresView(wasteFiguresOf(totals[0]!));
  const prev = figuresView(wasteFiguresOf(totals[1]!));
  const body: Schemas['UtilizationSummary'] = {
    window: windowView(current),
    previousWindow: windowView(previous),
    scope: scopeView(scope),
    settings,
    current: cur,
    previous: prev,
    change: {
      allocatedGpuSeconds: cur.allocatedGpuSeconds - prev.allocatedGpuSeconds,
      activeGpuSeconds: cur.activeGpuSeconds - prev.activeGpuSeconds,
      efficiencyPoints: Math.round((cur.efficiency - prev.efficiency) * 1000) / 10,
      spendCents: cur.spendCents - prev.spendCents,
      wasteCents: cur.wasteCents - prev.wasteCents,
    },
    podCount,
  };
  return ok(body);
}

// ---------------------------------------------------------------------------------------------
// GET /v1/utilization/timeseries

async function timeseries(tx: Tx, rs: ReadScope, call: CloudRequest, nowMs: number): Promise<CloudResponse | null> {
  const st = await start(tx, rs, call.query, nowMs);
  if (!st) return null;
  const { plan, scope, current } = st;
  const maxPoints = intParam(call.query, 'maxPoints', 240, 2, 2000);
  const split = splitOf(plan, current);
  if (!split) return null;
  const { bucketMs, firstMs, count } = buckets(current, maxPoints);
  // Per hour: all pods' rows summed (an hour row's start decides its bucket and its day).
  const hours = new Map<number, Float64Array>();
  const at = (t: number) => {
    let h = hours.get(t);
    if (!h) hours.set(t, (h = new Float64Array(FIELDS)));
    return h;
  };
  const p = new Params();
  const src = sourceOf(p, plan, scope, split, false);
  if (src) for (const row of await tx.query(`SELECT t, ${SUMS} FROM (${src}) x GROUP BY t`, p.values)) addRowInto(at(Number(row.t)), 0, valuesOf(row), 0);
  for (const v of await liveVisits(tx, plan, scope, split)) for (let g = 0; g < v.gpuCount; g++) addRowInto(at(v.hourStartMs), 0, v.rows, g * FIELDS);

  const allocatedS = new Float64Array(count);
  const activeS = new Float64Array(count);
  const days = new Map<number, Float64Array>();
  const total = new Float64Array(FIELDS);
  for (const [startMs, rows] of hours) {
    const b = Math.floor((startMs - firstMs) / bucketMs);
    const allocated = rows[FIELD.allocatedSeconds] ?? 0;
    if (b >= 0 && b < count) {
      allocatedS[b] = (allocatedS[b] ?? 0) + allocated;
      activeS[b] = (activeS[b] ?? 0) + allocated - (rows[FIELD.idleSeconds] ?? 0);
    }
    const dayMs = startOfUtcDay(startMs);
    let day = days.get(dayMs);
    if (!day) days.set(dayMs, (day = new Float64Array(FIELDS)));
    addRowInto(day, 0, rows, 0);
    addRowInto(total, 0, rows, 0);
  }
  const points: Schemas['UtilizationPoint'][] = [];
  for (let b = 0; b < count; b++) {
    const startMs = firstMs + b * bucketMs;
    const spanS = (Math.min(startMs + bucketMs, current.toMs) - Math.max(startMs, current.fromMs)) / 1000;
    const mean = (x: number): number => (spanS > 0 ? Math.round((x / spanS) * 1000) / 1000 : 0);
    points.push({ t: iso(startMs), allocatedGpus: mean(allocatedS[b] ?? 0), activeGpus: mean(activeS[b] ?? 0) });
  }
  const body: Schemas['UtilizationTimeseries'] = {
    window: windowView(current),
    scope: scopeView(scope),
    bucketMs,
    points,
    days: [...days.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([dayMs, d]) => {
        const f = wasteFiguresOf(d);
        return {
          date: isoDate(dayMs),
          spendCents: f.spendCents,
          wasteCents: totalWaste(f).cents,
          idleCents: f.waste.idle.cents,
          underUsedCents: f.waste.underUsed.cents,
          oversizedCents: f.waste.oversized.cents,
        };
      }),
    totals: figuresView(wasteFiguresOf(total)),
  };
  return ok(body);
}

// ---------------------------------------------------------------------------------------------
// GET /v1/utilization/breakdown

type By = Schemas['UtilizationBreakdownBy'];
type Sort = Schemas['UtilizationBreakdownSort'];

interface PodTotal {
  podId: string;
  projectId: string;
  ownerId: string;
  gpuTypeId: string;
  total: Float64Array;
}

/** Each pod's rows over the window summed (whole days from usage_days), with the live hours. */
async function podTotals(tx: Tx, plan: Plan, scope: SqlScope, split: Split): Promise<Map<string, PodTotal>> {
  const out = new Map<string, PodTotal>();
  const p = new Params();
  const src = sourceOf(p, plan, scope, split, true, null, true);
  if (src) {
    const rows = await tx.query(`SELECT pod_id, min(project_id) AS project_id, min(owner_id) AS owner_id, min(gpu_type_id) AS gpu_type_id, ${SUMS} FROM (${src}) x GROUP BY pod_id`, p.values);
    for (const row of rows) {
      out.set(String(row.pod_id), { podId: String(row.pod_id), projectId: String(row.project_id), ownerId: String(row.owner_id), gpuTypeId: String(row.gpu_type_id), total: valuesOf(row) });
    }
  }
  for (const v of await liveVisits(tx, plan, scope, split)) {
    let t = out.get(v.pod.id);
    if (!t) out.set(v.pod.id, (t = { podId: v.pod.id, projectId: v.pod.projectId, ownerId: v.pod.ownerId, gpuTypeId: v.pod.gpuTypeId, total: new Float64Array(FIELDS) }));
    for (let g = 0; g < v.gpuCount; g++) addRowInto(t.total, 0, v.rows, g * FIELDS);
  }
  // podUsage: a pod without allocation or spend in the window is not listed.
  for (const [id, t] of out) if ((t.total[FIELD.allocatedSeconds] ?? 0) === 0 && (t.total[FIELD.spendCents] ?? 0) === 0) out.delete(id);
  return out;
}

async function breakdown(tx: Tx, rs: ReadScope, call: CloudRequest, nowMs: number): Promise<CloudResponse | null> {
  const query = call.query;
  const by = query.get('by') as By;
  if (!BY.includes(by)) return null;
  const sort = (query.get('sort') ?? 'waste') as Sort;
  if (!SORTS.includes(sort)) return null;
  const orderRaw = query.get('order') ?? 'desc';
  if (orderRaw !== 'asc' && orderRaw !== 'desc') return null;
  const limit = intParam(query, 'limit', 100, 1, 20000);
  const st = await start(tx, rs, query, nowMs);
  if (!st) return null;
  const { plan, scope, current, settings, projects } = st;
  const split = splitOf(plan, current);
  if (!split) return null;
  const usages = await podTotals(tx, plan, scope, split);
  const projectNames = new Map(projects.map((p) => [p.id, p.name]));
  const users = new Map((await tx.query('SELECT id, name FROM users WHERE org_id = $1', [plan.orgId])).map((u) => [String(u.id), String(u.name)]));
  const gpuNames = new Map(gpuTypes.map((g) => [g.id, g.name]));
  const pods = new Map<string, { name: string; gpuCount: number; status: string }>();
  if (by === 'pod' && usages.size > 0) {
    const p = new Params();
    const rows = await tx.query(`SELECT ${POD_COLUMNS} FROM pods p WHERE p.org_id = ${p.add(plan.orgId)} AND p.id = ANY(${p.texts([...usages.keys()])})`, p.values);
    for (const row of rows) {
      const pod = itemFromRow('pods', row) as unknown as Pod;
      pods.set(pod.id, { name: pod.name, gpuCount: pod.gpuCount, status: statusAt(pod, nowMs) });
    }
  }
  const groups = new Map<string, { name: string; pods: number; figures: WasteFigures; pod: Schemas['UtilizationBreakdownRow']['pod'] }>();
  for (const u of usages.values()) {
    const podInfo = pods.get(u.podId);
    const [id, name] =
      by === 'project' ? [u.projectId, projectNames.get(u.projectId) ?? u.projectId]
      : by === 'user' ? [u.ownerId, users.get(u.ownerId) ?? u.ownerId]
      : by === 'gpuType' ? [u.gpuTypeId, gpuNames.get(u.gpuTypeId) ?? u.gpuTypeId]
      : [u.podId, podInfo?.name ?? u.podId];
    let group = groups.get(id);
    if (!group) {
      group = {
        name,
        pods: 0,
        figures: emptyWasteFigures(),
        pod:
          by === 'pod'
            ? {
                projectId: u.projectId,
                projectName: projectNames.get(u.projectId) ?? u.projectId,
                ownerId: u.ownerId,
                ownerName: users.get(u.ownerId) ?? u.ownerId,
                gpuTypeId: u.gpuTypeId,
                gpuCount: podInfo?.gpuCount ?? 0,
                status: (podInfo?.status ?? 'terminated') as Schemas['PodStatus'],
              }
            : null,
      };
      groups.set(id, group);
    }
    group.pods += 1;
    addWasteFigures(group.figures, wasteFiguresOf(u.total));
  }
  const direction = orderRaw === 'asc' ? 1 : -1;
  const all = [...groups.entries()].map(([id, g]) => ({ id, name: g.name, podCount: g.pods, figures: figuresView(g.figures), pod: g.pod, raw: g.figures }));
  all.sort((a, b) => {
    const va = sortValue(a, sort);
    const vb = sortValue(b, sort);
    const c = typeof va === 'string' && typeof vb === 'string' ? va.localeCompare(vb) : Number(va) - Number(vb);
    return c !== 0 ? c * direction : a.id.localeCompare(b.id);
  });
  const listed = all.slice(0, limit);
  const rest = all.slice(limit);
  const restTotal = emptyWasteFigures();
  for (const r of rest) addWasteFigures(restTotal, r.raw);
  const total = new Float64Array(FIELDS);
  for (const u of usages.values()) addRowInto(total, 0, u.total, 0);
  const body: Schemas['UtilizationBreakdown'] = {
    window: windowView(current),
    scope: scopeView(scope),
    settings,
    by,
    sort,
    order: orderRaw,
    rows: listed.map(({ raw: _raw, ...row }) => row),
    rowCount: all.length,
    others: rest.length > 0 ? { rowCount: rest.length, figures: figuresView(restTotal) } : null,
    totals: figuresView(wasteFiguresOf(total)),
  };
  return ok(body);
}

// ---------------------------------------------------------------------------------------------
// GET /v1/utilization/heatmap

const LEVELS_IDLE = 1;
function level(meanEngine: number, idle: boolean): number {
  if (idle) return LEVELS_IDLE;
  return 1 + Math.min(9, Math.max(1, Math.ceil(meanEngine * 9)));
}

interface HeatPod {
  id: string;
  n: number;
  /** Per (bucket, GPU): observed seconds and Σ engine activity × seconds, by bucket index (may be outside the columns). */
  cells: Map<number, { observed: number[]; engine: number[] }>;
  perGpu: Float64Array[];
}

async function heatmap(tx: Tx, rs: ReadScope, call: CloudRequest, nowMs: number): Promise<CloudResponse | null> {
  const st = await start(tx, rs, call.query, nowMs);
  if (!st) return null;
  const { plan, scope, current, settings, projects } = st;
  const maxColumns = intParam(call.query, 'maxColumns', 336, 2, 2000);
  const split = splitOf(plan, current);
  if (!split) return null;
  const { bucketMs, firstMs, count } = buckets(current, maxColumns);
  const heat = new Map<string, HeatPod>();
  const add = (podId: string, gpu: number, n: number, startMs: number, rows: ArrayLike<number>, at: number) => {
    let h = heat.get(podId);
    if (!h) heat.set(podId, (h = { id: podId, n: 0, cells: new Map(), perGpu: [] }));
    h.n = Math.max(h.n, n);
    while (h.perGpu.length < h.n) h.perGpu.push(new Float64Array(FIELDS));
    addRowInto(h.perGpu[gpu]!, 0, rows, at);
    const b = Math.floor((startMs - firstMs) / bucketMs);
    if (b < 0 || b >= count) return;
    let c = h.cells.get(b);
    if (!c) h.cells.set(b, (c = { observed: [], engine: [] }));
    c.observed[gpu] = (c.observed[gpu] ?? 0) + observedSeconds(rows, at);
    c.engine[gpu] = (c.engine[gpu] ?? 0) + (rows[at + FIELD.engineActiveSeconds] ?? 0);
  };
  const p = new Params();
  const src = sourceOf(p, plan, scope, split, false);
  if (src) {
    // Per pod, GPU and column; the pod's GPU count over the window (its rows hold one per GPU it had).
    const rows = await tx.query(
      `SELECT pod_id, gpu_index, floor((t - ${p.add(firstMs)}::bigint) / ${p.add(bucketMs)}::double precision)::bigint AS b, min(t) AS t, ${SUMS},
          max(gpu_index) OVER (PARTITION BY pod_id) + 1 AS n
         FROM (${src}) x GROUP BY pod_id, gpu_index, b`,
      p.values,
    );
    for (const row of rows) add(String(row.pod_id), Number(row.gpu_index), Number(row.n), Number(row.t), valuesOf(row), 0);
  }
  for (const v of await liveVisits(tx, plan, scope, split)) for (let g = 0; g < v.gpuCount; g++) add(v.pod.id, g, v.gpuCount, v.hourStartMs, v.rows, g * FIELDS);

  const projectNames = new Map(projects.map((x) => [x.id, x.name]));
  const podRows = new Map<string, { name: string; projectId: string; migProfile: string | null }>();
  if (heat.size > 0) {
    const q = new Params();
    // A MIG slice pod keeps its migProfile in the extra column (state-store.ts: fields without a column of their own).
    for (const r of await tx.query(`SELECT id, name, project_id, extra->>'migProfile' AS mig_profile FROM pods WHERE org_id = ${q.add(plan.orgId)} AND id = ANY(${q.texts([...heat.keys()])})`, q.values)) {
      podRows.set(String(r.id), { name: String(r.name), projectId: String(r.project_id), migProfile: r.mig_profile == null ? null : String(r.mig_profile) });
    }
  }
  const ordered = [...heat.values()]
    .map((h) => ({ h, pod: podRows.get(h.id) ?? { name: h.id, projectId: '', migProfile: null } }))
    .sort(
      (a, b) =>
        (projectNames.get(a.pod.projectId) ?? '').localeCompare(projectNames.get(b.pod.projectId) ?? '') || a.pod.name.localeCompare(b.pod.name) || a.h.id.localeCompare(b.h.id),
    );
  const out: Schemas['UtilizationHeatmapProject'][] = [];
  const levels = new Uint8Array(count);
  // In sevenths of a GPU (a MIG slice's row is its compute slices), as the cloud's heatmap counts.
  let sevenths = 0;
  for (const { h, pod } of ordered) {
    const n = h.n;
    if (n === 0 || !h.perGpu.some((row) => (row[FIELD.allocatedSeconds] ?? 0) > 0)) continue;
    let project = out[out.length - 1];
    if (project?.projectId !== pod.projectId) {
      project = { projectId: pod.projectId, projectName: projectNames.get(pod.projectId) ?? pod.projectId, pods: [] };
      out.push(project);
    }
    const gpus: Schemas['UtilizationHeatmapGpu'][] = [];
    for (let g = 0; g < n; g++) {
      for (let b = 0; b < count; b++) {
        const c = h.cells.get(b);
        const w = c?.observed[g] ?? 0;
        const mean = w > 0 ? (c?.engine[g] ?? 0) / w : 0;
        levels[b] = w > 0 ? level(mean, isIdleEngine(mean, settings.idleEngineActive)) : 0;
      }
      const row = h.perGpu[g] ?? new Float64Array(FIELDS);
      const seen = observedSeconds(row, 0);
      const allocated = row[FIELD.allocatedSeconds] ?? 0;
      gpus.push({
        gpuIndex: g,
        activity: encodeActivity(levels),
        meanEngineActive: round3(seen > 0 ? (row[FIELD.engineActiveSeconds] ?? 0) / seen : 0),
        idleShare: allocated > 0 ? round3((row[FIELD.idleSeconds] ?? 0) / allocated) : 0,
      });
    }
    sevenths += gpuSevenths(n, pod.migProfile);
    project.pods.push({ podId: h.id, podName: pod.name, migProfile: pod.migProfile, gpus });
  }
  const body: Schemas['UtilizationHeatmap'] = {
    window: windowView(current),
    scope: scopeView(scope),
    settings,
    bucketMs,
    firstColumn: iso(firstMs),
    columns: count,
    gpuCount: Math.round((sevenths / MIG_COMPUTE_SLICES) * 1000) / 1000,
    projects: out,
  };
  return ok(body);
}

// ---------------------------------------------------------------------------------------------
// GET /v1/pods/{podId}/waste

const wastePath = /^\/v1\/pods\/([^/]+)\/waste$/;

function cheaperFitFor(pod: Pod, gpuType: GpuType, peakMemMiB: number, smActive: number, settings: WasteSettings): Schemas['CheaperFit'] | null {
  const fit = cheapestFittingTier({
    current: { gpuType, rateMicroUsdPerGpuHour: pod.rateMicroUsdPerGpuHour, regionId: pod.regionId },
    demand: { peakMemMiB, demandTflops: smActive * gpuTflops(gpuType) },
    gpuTypes,
    offers,
    regions,
    memoryHeadroom: settings.memoryHeadroom,
  });
  return fit ? { gpuTypeId: fit.gpuType.id, regionId: fit.regionId, rateMicroUsdPerGpuHour: fit.rateMicroUsdPerGpuHour } : null;
}

async function podWaste(tx: Tx, rs: ReadScope, call: CloudRequest, nowMs: number): Promise<CloudResponse | null> {
  let podId: string;
  try {
    podId = decodeURIComponent(wastePath.exec(call.path)?.[1] ?? '');
  } catch {
    return null;
  }
  const plan = await planOf(tx, rs, nowMs);
  if (!plan) return null;
  const p0 = new Params();
  const [podRow] = await tx.query(`SELECT ${POD_COLUMNS} FROM pods p WHERE p.org_id = ${p0.add(plan.orgId)} AND p.id = ${p0.add(podId)}::text`, p0.values);
  if (!podRow) return null;
  const pod = itemFromRow('pods', podRow) as unknown as Pod;
  const projects = rs.projects ?? (await projectsOf(tx, plan.orgId));
  const visible = rs.user.role === 'engineer' ? projects.filter((p) => p.memberIds.includes(rs.user.id)) : projects;
  if (!visible.some((p) => p.id === pod.projectId)) return null;
  const settings = defaultSettings(call.query);
  if (!settings || (await hasOwnThresholds(tx, plan.orgId))) return null;
  const { current } = parseWindow(call.query, nowMs);
  const split = splitOf(plan, current);
  if (!split) return null;
  const scope: SqlScope = { kind: 'organization', id: null, name: '', visible: null, column: null, value: null };
  const base = { podId: pod.id, window: windowView(current), settings };
  const days = new Map<number, Float64Array>();
  let n = 0;
  const perGpu: Float64Array[] = [];
  const add = (gpu: number, gpus: number, startMs: number, rows: ArrayLike<number>, at: number) => {
    n = Math.max(n, gpus);
    while (perGpu.length < n) perGpu.push(new Float64Array(FIELDS));
    const dayMs = startOfUtcDay(startMs);
    let day = days.get(dayMs);
    if (!day) days.set(dayMs, (day = new Float64Array(FIELDS)));
    addRowInto(perGpu[gpu]!, 0, rows, at);
    addRowInto(day, 0, rows, at);
  };
  const p = new Params();
  const src = sourceOf(p, plan, scope, split, false, pod.id);
  if (src) {
    const rows = await tx.query(
      `SELECT gpu_index, floor(t / ${MS_PER_DAY}::double precision)::bigint * ${MS_PER_DAY} AS day, ${SUMS}, max(gpu_index) OVER () + 1 AS n
         FROM (${src}) x GROUP BY gpu_index, day`,
      p.values,
    );
    for (const row of rows) add(Number(row.gpu_index), Number(row.n), Number(row.day), valuesOf(row), 0);
  }
  for (const v of await liveVisits(tx, plan, scope, split, pod.id)) {
    n = Math.max(n, v.gpuCount);
    for (let g = 0; g < v.gpuCount; g++) add(g, v.gpuCount, v.hourStartMs, v.rows, g * FIELDS);
  }
  const total = new Float64Array(FIELDS);
  for (let g = 0; g < n; g++) addRowInto(total, 0, perGpu[g]!, 0);
  let body: Schemas['PodWaste'];
  if (n === 0 || (total[FIELD.allocatedSeconds] ?? 0) === 0) body = { ...base, figures: figuresView(emptyWasteFigures()), gpus: [], days: [] };
  else {
    const gpuType = gpuTypes.find((g) => g.id === pod.gpuTypeId);
    if (!gpuType) return null;
    body = {
      ...base,
      figures: figuresView(wasteFiguresOf(total)),
      gpus: Array.from({ length: n }, (_, g) => {
        const row = perGpu[g]!;
        const seen = observedSeconds(row, 0);
        const busy = seen - (row[FIELD.idleSeconds] ?? 0);
        const allocated = row[FIELD.allocatedSeconds] ?? 0;
        const peakMemMiB = row[FIELD.peakMemMiB] ?? 0;
        const meanSmActive = seen > 0 ? (row[FIELD.smActiveSeconds] ?? 0) / seen : 0;
        const busySm = busy > 0 ? Math.min(1, (row[FIELD.smActiveSeconds] ?? 0) / busy) : 0;
        return {
          gpuIndex: g,
          figures: figuresView(wasteFiguresOf(row)),
          cheaperFit: seen > 0 ? cheaperFitFor(pod, gpuType, peakMemMiB, busySm, settings) : null,
          peakMemMiB,
          meanEngineActive: round3(seen > 0 ? (row[FIELD.engineActiveSeconds] ?? 0) / seen : 0),
          meanSmActive: round3(meanSmActive),
          idleShare: allocated > 0 ? round3((row[FIELD.idleSeconds] ?? 0) / allocated) : 0,
        };
      }),
      days: [...days.entries()].sort((a, b) => a[0] - b[0]).map(([dayMs, d]) => ({ date: isoDate(dayMs), figures: figuresView(wasteFiguresOf(d)) })),
    };
  }
  return ok(body);
}

// ---------------------------------------------------------------------------------------------

/** The entries, registered in direct-reads.ts DIRECT_READS. */
export const USAGE_READS: DirectRead[] = [
  { method: 'GET', path: /^\/v1\/utilization\/summary$/, handle: guarded(summary) },
  { method: 'GET', path: /^\/v1\/utilization\/timeseries$/, handle: guarded(timeseries) },
  { method: 'GET', path: /^\/v1\/utilization\/breakdown$/, handle: guarded(breakdown) },
  { method: 'GET', path: /^\/v1\/utilization\/heatmap$/, handle: guarded(heatmap) },
  { method: 'GET', path: wastePath, handle: guarded(podWaste) },
];
