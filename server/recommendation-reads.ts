/**
 * GET /v1/recommendations answered from the usage rollup (issue 14, points 2 and 3): the cloud's
 * own listRecommendations (src/cloud/ops/recommendations.ts) over a state of just the pods it
 * judges (visible, holding GPUs now: settled ones by the status index, the others by
 * pod_status_at), with its evidence source (EvidenceSource) answered by PostgreSQL from the
 * stored rows (usage_hours, usage_days; written by usage-reconciler.ts) instead of rows built in
 * process for the whole organization.
 *
 * A pod's evidence over the 30-day window (domain/usage-evidence.ts PodEvidence) is, per GPU, sums
 * of seconds, the peak, and the twelve band counts of each distribution: whole days from
 * usage_days and the hours at the window's start from usage_hours (a few rows per GPU and day), the
 * packed bands unpacked per row in SQL with shifts and masks (a day row never carries between
 * lanes) and summed there; the UTC days with an observed period; and the idle share by hour of the
 * week (Montréal), which needs each hour's own idle over observed seconds: summed by PostgreSQL over
 * the window's hour rows, grouped by hour of the week (the hour → hour-of-week map is a parameter,
 * computed here with the cloud's calendar), at most 168 rows per pod. Hours after the rollup's mark
 * (the reconciler a little behind) are computed here with the cloud's liveHourRows, as the
 * utilization reads do; the window ends on the last whole hour, so there usually are none.
 * Sums of closed rows over a range inside the mark never change for the stored rows (usage-reads.ts
 * Plan.storedKey: world and rollup generation, not the mark itself): they are cached per pod and
 * range, so within an hour only the first read of a pod pays for its rows, and the rollup moving
 * the mark (filling history backward, or past the window's end) keeps them.
 *
 * The filters narrow the pods read where that cannot change the answer: podId (the pod page) to
 * the pods of its commitment group (same project, GPU type and region), projectId to the project.
 * The same fallbacks as the utilization reads (null: the full path): a telemetry source, the
 * organization's own thresholds, a window reaching before the rollup's history or the reconciler
 * too far behind, another world's rows, and anything the cloud refuses (its 400s).
 */
import { MS_PER_DAY, MS_PER_HOUR } from '../src/domain/units';
import { DEFAULT_WASTE_SETTINGS } from '../src/domain/waste';
import { BAND_COUNT, BAND_LANE_BITS, BANDS_PER_FIELD } from '../src/domain/usage-rollup';
import { PodEvidence } from '../src/domain/usage-evidence';
import { gpuFraction, gpuInstanceMemMiB } from '../src/domain/mig';
import type { PodObservation } from '../src/domain/observation';
import { gpuTypes } from '../src/cloud/catalog-data';
import { ok, type CloudRequest, type CloudResponse } from '../src/cloud/http';
import type { CloudState, Pod, RecommendationDecision } from '../src/cloud/model';
import { JUDGED_STATUSES, listRecommendations, recommendationWindow, reviewRecommendations, type EvidenceSource, type Review } from '../src/cloud/ops/recommendations';
import type { CloudContext } from '../src/cloud/context';
import { montrealHourOfWeek } from '../src/cloud/pod-observations';
import { liveHourRows, startOfHour, usageLedgerFor } from '../src/cloud/usage-ledger';
import { requestContext } from './cloud-context';
import type { Tx } from './db';
import type { DirectRead, ReadScope } from './direct-reads';
import { itemColumns, itemFromRow } from './state-store';
import { guarded, hasOwnThresholds, Params, planOf, splitOf, type Plan } from './usage-reads';

const POD_COLUMNS = itemColumns('pods').map((c) => `p.${c}`).join(', ');
const DECISION_COLUMNS = itemColumns('recommendation_decisions').join(', ');

/** The three distributions' packed columns (migrations/005-usage-evidence.sql), in PodEvidence's order. */
const BAND_GROUPS = ['busy_sm_bands', 'busy_tensor_bands', 'mem_bands'] as const;
const LANE_MASK = (1 << BAND_LANE_BITS) - 1;
/** Band b of a group, unpacked from its row: (column k >> 10 j) & 1023 for b = 3k + j. */
const bandExpr = (group: string, b: number): string => {
  const k = Math.floor(b / BANDS_PER_FIELD);
  const j = b % BANDS_PER_FIELD;
  return j === 0 ? `(${group}_${k} & ${LANE_MASK})` : `((${group}_${k} >> ${j * BAND_LANE_BITS}) & ${LANE_MASK})`;
};
const BAND_SUMS = BAND_GROUPS.flatMap((g, gi) => Array.from({ length: BAND_COUNT }, (_, b) => `sum(${bandExpr(g, b)}) AS b${gi}_${b}`)).join(', ');
/** A row with an observed period: some memory band counted (usage-evidence.ts observedPeriodsIn). */
const OBSERVED = `(mem_bands_0 <> 0 OR mem_bands_1 <> 0 OR mem_bands_2 <> 0 OR mem_bands_3 <> 0)`;
const ROW_COLUMNS = `pod_id, gpu_index, allocated_seconds, unobserved_seconds, idle_seconds, engine_active_seconds, sm_active_seconds, peak_mem_mib, ${BAND_GROUPS.flatMap((g) => [0, 1, 2, 3].map((k) => `${g}_${k}`)).join(', ')}`;

/** One GPU's sums over the closed rows of the window. */
interface GpuSums {
  gpuIndex: number;
  allocated: number;
  observed: number;
  idle: number;
  engine: number;
  sm: number;
  peak: number;
  /** BAND_GROUPS × BAND_COUNT counts. */
  bands: Float64Array;
}

/** A pod's closed evidence: per GPU sums, the observed days (of each GPU), idle by hour of the week. */
interface ClosedEvidence {
  gpus: GpuSums[];
  /** [gpuIndex, dayStartMs] of rows with an observed period. */
  days: Array<[number, number]>;
  /** [hourOfWeek, observed seconds, idle seconds] over rows with an observed period, GPUs under the count. */
  hours: Array<[number, number, number]>;
}

const closedCache = new Map<string, ClosedEvidence>();
const CLOSED_CACHE_MAX = 50_000;

/** Forgets the cached sums (tests that count what a read selects). */
export function clearRecommendationEvidenceCache(): void {
  closedCache.clear();
}

interface Candidate {
  pod: Pod;
  key: string;
}

/**
 * The closed part of each pod's evidence over [fromMs, endMs) (fromMs on an hour): sums per GPU
 * (whole days from usage_days, the edges from usage_hours) with the observed days, and the idle
 * share's sums by hour of the week (hour rows, GPUs under the pod's count now).
 */
async function closedEvidence(tx: Tx, plan: Plan, pods: readonly Candidate[], fromMs: number, endMs: number): Promise<Map<string, ClosedEvidence>> {
  const out = new Map<string, ClosedEvidence>();
  const missing: Candidate[] = [];
  for (const c of pods) {
    const hit = closedCache.get(c.key);
    if (hit) out.set(c.pod.id, hit);
    else missing.push(c);
  }
  if (missing.length === 0) return out;
  for (const c of missing) out.set(c.pod.id, { gpus: [], days: [], hours: [] });
  if (endMs > fromMs) {
    const ids = missing.map((c) => c.pod.id);
    const p = new Params();
    const org = p.add(plan.orgId);
    const idList = p.texts(ids);
    const firstDay = Math.ceil(fromMs / MS_PER_DAY) * MS_PER_DAY;
    const lastDay = Math.floor(endMs / MS_PER_DAY) * MS_PER_DAY;
    const hours = (a: number, b: number) =>
      `SELECT ${ROW_COLUMNS}, hour_start_ms AS t FROM usage_hours WHERE org_id = ${org} AND pod_id = ANY(${idList}) AND hour_start_ms >= ${p.add(a)}::bigint AND hour_start_ms < ${p.add(b)}::bigint`;
    const parts: string[] = [];
    if (firstDay >= lastDay) parts.push(hours(fromMs, endMs));
    else {
      parts.push(`SELECT ${ROW_COLUMNS}, day_start_ms AS t FROM usage_days WHERE org_id = ${org} AND pod_id = ANY(${idList}) AND day_start_ms >= ${p.add(firstDay)}::bigint AND day_start_ms < ${p.add(lastDay)}::bigint`);
      if (fromMs < firstDay) parts.push(hours(fromMs, firstDay));
      if (lastDay < endMs) parts.push(hours(lastDay, endMs));
    }
    const rows = await tx.query(
      `SELECT pod_id, gpu_index, sum(allocated_seconds) AS allocated, sum(allocated_seconds - unobserved_seconds) AS observed, sum(idle_seconds) AS idle,
          sum(engine_active_seconds) AS engine, sum(sm_active_seconds) AS sm, max(peak_mem_mib) AS peak, ${BAND_SUMS},
          coalesce(json_agg(DISTINCT (t / ${MS_PER_DAY}) * ${MS_PER_DAY}) FILTER (WHERE ${OBSERVED}), '[]') AS days
         FROM (${parts.join(' UNION ALL ')}) x GROUP BY pod_id, gpu_index`,
      p.values,
    );
    for (const row of rows) {
      const e = out.get(String(row.pod_id));
      if (!e) continue;
      const gpuIndex = Number(row.gpu_index);
      const bands = new Float64Array(BAND_GROUPS.length * BAND_COUNT);
      for (let gi = 0; gi < BAND_GROUPS.length; gi++) for (let b = 0; b < BAND_COUNT; b++) bands[gi * BAND_COUNT + b] = Number(row[`b${gi}_${b}`] ?? 0);
      e.gpus.push({
        gpuIndex,
        allocated: Number(row.allocated ?? 0),
        observed: Number(row.observed ?? 0),
        idle: Number(row.idle ?? 0),
        engine: Number(row.engine ?? 0),
        sm: Number(row.sm ?? 0),
        peak: Number(row.peak ?? 0),
        bands,
      });
      const days = (typeof row.days === 'string' ? JSON.parse(row.days) : row.days) as unknown[];
      for (const d of days) e.days.push([gpuIndex, Number(d)]);
    }
    // The idle share by hour of the week: each hour row's own seconds, grouped by PostgreSQL.
    const q = new Params();
    const hourOfWeek: number[] = [];
    for (let t = fromMs; t < endMs; t += MS_PER_HOUR) hourOfWeek.push(montrealHourOfWeek(t));
    const counts = JSON.stringify(missing.map((c) => ({ id: c.pod.id, n: c.pod.gpuCount })));
    const byHour = await tx.query(
      `WITH c AS (SELECT * FROM jsonb_to_recordset(${q.add(counts)}::text::jsonb) AS c(id text, n int)),
            w AS (SELECT (a.o - 1)::int AS i, a.v::int AS how FROM jsonb_array_elements_text(${q.add(JSON.stringify(hourOfWeek))}::text::jsonb) WITH ORDINALITY AS a(v, o))
       SELECT h.pod_id, w.how, sum(h.allocated_seconds - h.unobserved_seconds) AS observed, sum(h.idle_seconds) AS idle
         FROM usage_hours h JOIN c ON c.id = h.pod_id AND h.gpu_index < c.n
           JOIN w ON w.i = ((h.hour_start_ms - ${q.add(fromMs)}::bigint) / ${MS_PER_HOUR})::int
         WHERE h.org_id = ${q.add(plan.orgId)} AND h.pod_id = ANY(${q.texts(ids)})
           AND h.hour_start_ms >= ${q.add(fromMs)}::bigint AND h.hour_start_ms < ${q.add(endMs)}::bigint AND ${OBSERVED.replace(/mem_bands/g, 'h.mem_bands')}
         GROUP BY h.pod_id, w.how`,
      q.values,
    );
    for (const row of byHour) out.get(String(row.pod_id))?.hours.push([Number(row.how), Number(row.observed ?? 0), Number(row.idle ?? 0)]);
  }
  if (closedCache.size + missing.length > CLOSED_CACHE_MAX) closedCache.clear();
  for (const c of missing) closedCache.set(c.key, out.get(c.pod.id)!);
  return out;
}

/** The pod's observation: the closed sums, then the hours after the mark live (usage-read.ts podObservationFromRows). */
function observationOf(pod: Pod, closed: ClosedEvidence | undefined, fromMs: number, toMs: number, sqlEndMs: number, storedEndMs: number): PodObservation {
  const gpuType = gpuTypes.find((g) => g.id === pod.gpuTypeId);
  if (!gpuType) throw new Error(`no GPU type ${pod.gpuTypeId}`);
  const evidence = new PodEvidence(pod.id, pod.gpuCount, fromMs, toMs, gpuFraction(pod.migProfile));
  for (const s of closed?.gpus ?? []) {
    const g = evidence.gpus[s.gpuIndex];
    if (!g) continue; // a GPU beyond the pod's count now
    g.allocatedSeconds += s.allocated;
    g.observedSeconds += s.observed;
    g.idleSeconds += s.idle;
    g.engineActiveSeconds += s.engine;
    g.smActiveSeconds += s.sm;
    g.peakMemMiB = Math.max(g.peakMemMiB, s.peak);
    const into = [g.busySm, g.busyTensor, g.mem];
    into.forEach((bands, gi) => {
      for (let b = 0; b < BAND_COUNT; b++) bands[b] = (bands[b] ?? 0) + (s.bands[gi * BAND_COUNT + b] ?? 0);
    });
  }
  for (const [gpuIndex, dayMs] of closed?.days ?? []) if (gpuIndex < pod.gpuCount) evidence.addObservedDay(dayMs);
  for (const [how, observed, idle] of closed?.hours ?? []) evidence.addHourOfWeek(how, observed, idle);
  const ledger = usageLedgerFor(DEFAULT_WASTE_SETTINGS);
  for (let hs = Math.max(sqlEndMs, startOfHour(fromMs)); hs < toMs; hs += MS_PER_HOUR) {
    // A closed hour is the ledger's whole-hour row; the hours after the closed ones, from the window's start.
    const live = hs + MS_PER_HOUR <= storedEndMs ? liveHourRows(ledger, pod, hs, hs + MS_PER_HOUR) : liveHourRows(ledger, pod, Math.max(hs, fromMs), Math.min(hs + MS_PER_HOUR, toMs));
    if (live) evidence.addSpan(hs, montrealHourOfWeek(hs), live.gpuCount, live.rows, 0);
  }
  return evidence.build(gpuInstanceMemMiB(pod.migProfile, gpuType.vramGiB));
}

const statusList = [...JUDGED_STATUSES].map((s) => {
  if (!/^[a-z]+$/.test(s)) throw new Error(`status ${s}`);
  return `'${s}'`;
});

/** The cloud's context over the pods judged, and their evidence from the stored rows; null: the full path. */
async function judging(tx: Tx, rs: ReadScope, query: URLSearchParams, nowMs: number): Promise<{ ctx: CloudContext; evidence: EvidenceSource } | null> {
  const plan = await planOf(tx, rs, nowMs);
  if (!plan || (await hasOwnThresholds(tx, plan.orgId))) return null;
  const window = recommendationWindow(nowMs);
  const split = splitOf(plan, window);
  if (!split) return null;
  const projects = rs.projects;
  if (!projects) return null;
  const visible = (rs.user.role === 'engineer' ? projects.filter((p) => p.memberIds.includes(rs.user.id)) : projects).map((p) => p.id);

  // The pods judged: visible, holding GPUs now (settled ones by the status index, the others by their transitions).
  const p = new Params();
  const now = `${p.add(nowMs)}::double precision`;
  const where = [`p.org_id = ${p.add(plan.orgId)}`, `p.project_id = ANY(${p.texts(visible)})`];
  const projectId = query.get('projectId') || null;
  if (projectId !== null) where.push(`p.project_id = ${p.add(projectId)}::text`);
  const podId = query.get('podId') || null;
  if (podId !== null) {
    // A commitment stands on the steady pods of one project, GPU type and region: the pod's group is all its answer reads.
    where.push(`(p.project_id, p.gpu_type_id, p.region_id) IN (SELECT o.project_id, o.gpu_type_id, o.region_id FROM pods o WHERE o.org_id = p.org_id AND o.id = ${p.add(podId)}::text)`);
  }
  const up = `((p.settled_at_ms <= ${now} AND p.settled_status IN (${statusList.join(', ')})) OR (p.settled_at_ms > ${now} AND pod_status_at(p.transitions, ${now}) IN (${statusList.join(', ')})))`;
  const podRows = await tx.query(`SELECT ${POD_COLUMNS}, p.position FROM pods p WHERE ${where.join(' AND ')} AND ${up} ORDER BY p.position DESC`, p.values);
  // The state's order (pods are prepended: newest position first).
  const pods = podRows.map((r) => itemFromRow('pods', r) as unknown as Pod);

  const decisions: Record<string, RecommendationDecision> = {};
  for (const r of await tx.query(`SELECT ${DECISION_COLUMNS} FROM recommendation_decisions WHERE org_id = $1 ORDER BY position`, [plan.orgId])) {
    const { recommendationId, ...decision } = itemFromRow('recommendation_decisions', r);
    decisions[String(recommendationId)] = decision as unknown as RecommendationDecision;
  }

  const judged = pods.filter((pod) => gpuTypes.some((g) => g.id === pod.gpuTypeId) && Math.max(window.fromMs, pod.createdAtMs) < window.toMs);
  const closed = await closedEvidence(
    tx,
    plan,
    judged.map((pod) => ({ pod, key: `${plan.storedKey}|${window.fromMs}|${split.sqlEndMs}|${pod.id}|${pod.gpuCount}` })),
    window.fromMs,
    split.sqlEndMs,
  );
  const evidence: EvidenceSource = (pod, _gpuType, fromMs, toMs) => observationOf(pod, closed.get(pod.id), fromMs, toMs, split.sqlEndMs, split.storedEndMs);

  const state: CloudState = {
    ...rs.base,
    users: [rs.user],
    projects,
    pods,
    ...(rs.presentParts.has('recommendationDecisions') || Object.keys(decisions).length > 0 ? { recommendationDecisions: decisions } : {}),
    currentUserId: rs.user.id,
  };
  return { ctx: requestContext(state, rs.realNow, (world) => world).ctx, evidence };
}

async function recommendations(tx: Tx, rs: ReadScope, call: CloudRequest, nowMs: number): Promise<CloudResponse | null> {
  const judged = await judging(tx, rs, call.query, nowMs);
  return judged && ok(listRecommendations(judged.ctx, call.query, judged.evidence));
}

/**
 * Every recommendation the scope's user sees, judged from the stored rows (the review the list
 * pages through), for a job of the server's (figure-watch.ts); null: the rows cannot answer (no
 * rollup, a telemetry source, the organization's own thresholds, the reconciler too far behind).
 */
export async function reviewStoredRecommendations(tx: Tx, rs: ReadScope, nowMs: number): Promise<Review | null> {
  const judged = await judging(tx, rs, new URLSearchParams(), nowMs);
  return judged && reviewRecommendations(judged.ctx, judged.evidence);
}

/** The entries, registered in direct-reads.ts DIRECT_READS. */
export const RECOMMENDATION_READS: DirectRead[] = [{ method: 'GET', path: /^\/v1\/recommendations$/, handle: guarded(recommendations) }];
