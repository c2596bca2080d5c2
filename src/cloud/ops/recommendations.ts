/**
 * Recommendations: every running pod the user can see, judged on its last 30 days of telemetry
 * (domain/recommendations), with what people decided about each (dismissed, snoozed). The
 * evidence is merged from the usage ledger's GPU-hour rows (every 5-minute period, the
 * organization's thresholds in time, as the Utilization page reads them; domain/usage-evidence.ts),
 * built from the context's samples, so a server reading Prometheus judges on Prometheus' samples.
 *
 * Where the evidence comes from is a seam (EvidenceSource): by default the rows the cloud builds
 * in process (ledgerEvidence); the server answers GET /v1/recommendations from the same rows
 * stored in PostgreSQL, summed there (server/recommendation-reads.ts).
 */
import type { GpuType } from '../../domain/catalog';
import { hasEnoughData, podRecommendations, bySavings } from '../../domain/recommendations/pod-recommendations';
import { commitmentRecommendation } from '../../domain/recommendations/commitment';
import { recommendationId } from '../../domain/recommendations/basis';
import { DEFAULT_RECOMMENDATION_SETTINGS as SETTINGS } from '../../domain/recommendations/settings';
import { POD_KIND_ORDER, RECOMMENDATION_KINDS, type Recommendation, type RecommendationKind } from '../../domain/recommendations/types';
import { MS_PER_DAY, MS_PER_HOUR, overlapMs } from '../../domain/units';
import type { Schemas } from '../api-types';
import { gpuTypes, offers, regions } from '../catalog-data';
import { currentUser, visibleProjectIds, type CloudContext } from '../context';
import { ok, type Route } from '../http';
import { statusAt } from '../lifecycle';
import type { Pod, PodStatus, RecommendationDecision } from '../model';
import type { PodObservation } from '../../domain/observation';
import { countedRuns } from '../pod-observations';
import { podObservationFromRows, type ReadOptions } from '../usage-read';
import { settingsSegments } from '../waste-settings';
import { badRequest, notFound } from '../problem';
import { intParam } from '../query-params';

type Status = Schemas['RecommendationStatus'];
type DismissReason = Schemas['RecommendationDismissReason'];

const STATUSES: readonly Status[] = ['open', 'dismissed', 'snoozed'];
const DISMISS_REASONS: readonly DismissReason[] = ['needs-current-setup', 'workload-changing', 'already-handled', 'other'];
/** Pods that hold (or are about to hold) GPUs: a stopped pod costs only its disk. */
const UP: ReadonlySet<PodStatus> = new Set(['queued', 'provisioning', 'running']);
const catalog = { gpuTypes, offers, regions };

interface Judged {
  recommendation: Recommendation;
  status: Status;
  decision: RecommendationDecision | undefined;
}

export interface Review {
  asOfMs: number;
  judged: Judged[];
  /** Running pods with too little telemetry to judge yet. */
  awaiting: Pod[];
}

function statusOf(decision: RecommendationDecision | undefined, nowMs: number): Status {
  if (!decision) return 'open';
  if (decision.status === 'dismissed') return 'dismissed';
  return (decision.untilMs ?? 0) > nowMs ? 'snoozed' : 'open';
}

/** GPUs of these pods in use in each hour of [fromMs, toMs) (GPU hours per hour). */
function hourlyGpusInUse(pods: readonly Pod[], fromMs: number, toMs: number): number[] {
  const hours = Array.from({ length: Math.round((toMs - fromMs) / MS_PER_HOUR) }, () => 0);
  for (const pod of pods) {
    // At the GPU count the pod had then (it may have been changed in place).
    for (const run of countedRuns(pod, fromMs, toMs)) {
      for (let h = Math.floor((run.startMs - fromMs) / MS_PER_HOUR); h < hours.length && fromMs + h * MS_PER_HOUR < run.endMs; h++) {
        const hourStart = fromMs + h * MS_PER_HOUR;
        hours[h] = (hours[h] ?? 0) + (run.gpuCount * overlapMs(run.startMs, run.endMs, hourStart, hourStart + MS_PER_HOUR)) / MS_PER_HOUR;
      }
    }
  }
  return hours;
}

/**
 * A pod's evidence over [fromMs, toMs) (toMs on an hour, fromMs the later of the window's start and
 * the pod's creation): its usage rows merged (domain/usage-evidence.ts PodEvidence), GPUs beyond
 * its count now left out.
 */
export type EvidenceSource = (pod: Pod, gpuType: GpuType, fromMs: number, toMs: number) => PodObservation;

/** The evidence from the rows the cloud builds in process: stored hours, the hours after the reconcilers' mark live. */
export function ledgerEvidence(ctx: CloudContext): EvidenceSource {
  const nowMs = ctx.now();
  const telemetry = ctx.telemetry;
  // Hours before the reconcilers' mark are closed: read from stored rows; any after it, live.
  const read: ReadOptions = { closedUntilMs: Math.min(nowMs, ctx.state.reconciledAtMs ?? nowMs), ...(telemetry ? { sample: telemetry } : {}) };
  return (pod, gpuType, fromMs, toMs) => podObservationFromRows(settingsSegments(ctx.state, { fromMs, toMs }, null, telemetry), pod, gpuType, read);
}

/** The window the recommendations judge on at nowMs: 30 days to the last whole hour. */
export function recommendationWindow(nowMs: number): { fromMs: number; toMs: number } {
  // The window ends on the last whole hour: the same answer all hour long, and cached observations.
  const asOfMs = Math.floor(nowMs / MS_PER_HOUR) * MS_PER_HOUR;
  return { fromMs: asOfMs - SETTINGS.windowDays * MS_PER_DAY, toMs: asOfMs };
}

/** Pods that hold (or are about to hold) GPUs now: the ones judged. */
export const JUDGED_STATUSES: ReadonlySet<PodStatus> = UP;

/** Judges every visible running pod, then the steady baselines no pod recommendation is about to change. */
export function reviewRecommendations(ctx: CloudContext, evidence: EvidenceSource = ledgerEvidence(ctx)): Review {
  const nowMs = ctx.now();
  const { fromMs: windowStartMs, toMs: asOfMs } = recommendationWindow(nowMs);
  const decisions = ctx.state.recommendationDecisions ?? {};
  const visible = visibleProjectIds(ctx);
  const judged: Judged[] = [];
  const awaiting: Pod[] = [];
  const steady: Pod[] = [];
  const judge = (recommendation: Recommendation) => {
    const decision = decisions[recommendation.id];
    judged.push({ recommendation, decision, status: statusOf(decision, nowMs) });
  };
  for (const pod of ctx.state.pods) {
    if (!visible.has(pod.projectId) || !UP.has(statusAt(pod, nowMs))) continue;
    const gpuType: GpuType | undefined = gpuTypes.find((g) => g.id === pod.gpuTypeId);
    const fromMs = Math.max(windowStartMs, pod.createdAtMs);
    if (!gpuType || fromMs >= asOfMs) {
      awaiting.push(pod);
      continue;
    }
    const observation = evidence(pod, gpuType, fromMs, asOfMs);
    if (!hasEnoughData(observation, SETTINGS)) {
      awaiting.push(pod);
      continue;
    }
    const setAside = new Set(POD_KIND_ORDER.filter((kind) => statusOf(decisions[recommendationId(kind, pod.id)], nowMs) !== 'open'));
    const recs = podRecommendations({
      pod: { ...pod, podId: pod.id, podName: pod.name },
      observation,
      catalog,
      settings: SETTINGS,
      setAside,
    });
    recs.forEach(judge);
    if (recs.every((r) => setAside.has(r.kind))) steady.push(pod);
  }
  // Commitments stand on the pods no open recommendation is about to change.
  const groups = new Map<string, Pod[]>();
  for (const pod of steady) {
    // A commitment is bought per whole GPU-hour: MIG slices (billed at their own rate) are not committed.
    if (pod.migProfile) continue;
    const key = `${pod.projectId}|${pod.gpuTypeId}|${pod.regionId}`;
    groups.set(key, [...(groups.get(key) ?? []), pod]);
  }
  for (const pods of groups.values()) {
    const first = pods[0]!;
    const offer = offers.find((o) => o.gpuTypeId === first.gpuTypeId && o.regionId === first.regionId);
    if (!offer) continue;
    const rec = commitmentRecommendation(
      {
        projectId: first.projectId,
        gpuTypeId: first.gpuTypeId,
        regionId: first.regionId,
        pods: pods.map((p) => ({ podId: p.id, podName: p.name, ownerId: p.ownerId, rateMicroUsdPerGpuHour: p.rateMicroUsdPerGpuHour })),
        windowStartMs,
        hourlyGpusInUse: hourlyGpusInUse(pods, windowStartMs, asOfMs),
        committedRateMicroUsdPerGpuHour: offer.committedRateMicroUsdPerGpuHour,
      },
      SETTINGS,
    );
    if (rec) judge(rec);
  }
  judged.sort((a, b) => bySavings(a.recommendation, b.recommendation));
  return { asOfMs, judged, awaiting };
}

const iso = (ms: number): string => new Date(ms).toISOString();

function view(j: Judged): Schemas['Recommendation'] {
  const d = j.decision;
  return {
    ...j.recommendation,
    status: j.status,
    dismissal:
      d && d.status === 'dismissed'
        ? { reason: (d.reason ?? 'other') as DismissReason, note: d.note ?? null, at: iso(d.atMs), byUserId: d.byUserId }
        : null,
    snoozedUntil: j.status === 'snoozed' && d?.untilMs !== undefined ? iso(d.untilMs) : null,
  };
}

function oneOf<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[]): T | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return null;
  if (!allowed.includes(raw as T)) throw badRequest(`Unknown ${name} “${raw}”.`, [{ field: name, message: `Choose one of ${allowed.join(', ')}.` }]);
  return raw as T;
}

export function listRecommendations(ctx: CloudContext, query: URLSearchParams, evidence?: EvidenceSource): Schemas['RecommendationList'] {
  const status = oneOf(query, 'status', STATUSES) ?? 'open';
  const kind = oneOf<RecommendationKind>(query, 'kind', RECOMMENDATION_KINDS);
  const offset = intParam(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  const limit = intParam(query, 'limit', 100, 1, 500);
  const projectId = query.get('projectId') || null;
  const ownerId = query.get('ownerId') || null;
  const podId = query.get('podId') || null;
  const review = reviewRecommendations(ctx, evidence);
  const matching = review.judged.filter(({ recommendation: r }) => (!kind || r.kind === kind) && (!projectId || r.projectId === projectId) && (!ownerId || r.ownerIds.includes(ownerId)) && (!podId || r.podIds.includes(podId)));
  const counts = { open: 0, dismissed: 0, snoozed: 0 };
  for (const j of matching) counts[j.status] += 1;
  const rows = matching.filter((j) => j.status === status);
  return {
    items: rows.slice(offset, offset + limit).map(view),
    total: rows.length,
    totalMonthlySavingsCents: rows.reduce((a, j) => a + j.recommendation.monthlySavingsCents, 0),
    counts,
    asOf: iso(review.asOfMs),
    windowDays: SETTINGS.windowDays,
    minDaysObserved: SETTINGS.minDaysObserved,
    podsAwaitingData: review.awaiting.filter((p) => (!projectId || p.projectId === projectId) && (!ownerId || p.ownerId === ownerId) && (!podId || p.id === podId)).length,
    offset,
    limit,
  };
}

function findJudged(ctx: CloudContext, id: string): Judged {
  const found = reviewRecommendations(ctx).judged.find((j) => j.recommendation.id === id);
  if (!found) throw notFound('Recommendation', id);
  return found;
}

function body(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
}

/** Records (or, with null, clears) a decision about a recommendation the caller found first. */
function decide(ctx: CloudContext, id: string, decision: RecommendationDecision | null): Schemas['Recommendation'] {
  const decisions = { ...(ctx.state.recommendationDecisions ?? {}) };
  if (decision) decisions[id] = decision;
  else delete decisions[id];
  ctx.state.recommendationDecisions = decisions;
  ctx.save();
  return view(findJudged(ctx, id));
}

function dismissal(ctx: CloudContext, input: unknown): RecommendationDecision {
  const b = body(input);
  const errors: Array<{ field: string; message: string }> = [];
  const reason = b.reason as DismissReason;
  if (!DISMISS_REASONS.includes(reason)) errors.push({ field: 'reason', message: 'Choose why this does not apply.' });
  const note = typeof b.note === 'string' ? b.note.trim() : undefined;
  if (b.note !== undefined && typeof b.note !== 'string') errors.push({ field: 'note', message: 'A note is text.' });
  else if (note !== undefined && note.length > 500) errors.push({ field: 'note', message: 'Keep the note to 500 characters.' });
  else if (reason === 'other' && !note) errors.push({ field: 'note', message: 'Say in a few words why this does not apply.' });
  for (const k of Object.keys(b)) if (k !== 'reason' && k !== 'note') errors.push({ field: k, message: `“${k}” is not part of a dismissal.` });
  if (errors.length > 0) throw badRequest('Check the dismissal and send it again.', errors);
  return { status: 'dismissed', reason, ...(note ? { note } : {}), atMs: ctx.now(), byUserId: currentUser(ctx).id };
}

function snooze(ctx: CloudContext, input: unknown): RecommendationDecision {
  const days = body(input).days;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 90) {
    throw badRequest('Snooze for 1 to 90 days.', [{ field: 'days', message: 'Choose 1 to 90 days.' }]);
  }
  const nowMs = ctx.now();
  return { status: 'snoozed', untilMs: nowMs + days * MS_PER_DAY, atMs: nowMs, byUserId: currentUser(ctx).id };
}

export const recommendationRoutes: Route[] = [
  { method: 'GET', path: '/v1/recommendations', handler: (ctx, { query }) => ok(listRecommendations(ctx, query)) },
  { method: 'GET', path: '/v1/recommendations/:recommendationId', handler: (ctx, { params }) => ok(view(findJudged(ctx, params.recommendationId ?? ''))) },
  {
    method: 'POST',
    path: '/v1/recommendations/:recommendationId/dismiss',
    handler: (ctx, { params, body: input }) => {
      const id = params.recommendationId ?? '';
      findJudged(ctx, id);
      return ok(decide(ctx, id, dismissal(ctx, input)));
    },
  },
  {
    method: 'POST',
    path: '/v1/recommendations/:recommendationId/snooze',
    handler: (ctx, { params, body: input }) => {
      const id = params.recommendationId ?? '';
      findJudged(ctx, id);
      return ok(decide(ctx, id, snooze(ctx, input)));
    },
  },
  {
    method: 'POST',
    path: '/v1/recommendations/:recommendationId/restore',
    handler: (ctx, { params }) => {
      const id = params.recommendationId ?? '';
      findJudged(ctx, id);
      return ok(decide(ctx, id, null));
    },
  },
];
