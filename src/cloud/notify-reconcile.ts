/**
 * Notifications that watch figures rather than follow one change (issue 16): a project's internet
 * egress past its warning threshold or its free allowance this month, checked once an hour of
 * simulated time, and a new recommendation worth more than a person's amount a month, checked once
 * a day. The marks start at the world's anchor, so a first visit computes nothing; each event's id
 * (egress:<project>:<month>:<level>, recommendation:<id>) makes a check that runs again notify once.
 *
 * The simulator runs the checks in its reconcile pass (reconcileWatchedFigures, below). A server
 * runs them apart (server/figure-watch.ts: from the stored rows, outside the organization's lock,
 * never on a request), so its contexts say figuresWatchedElsewhere and the pass skips them. Both
 * decide what is due with figureChecksDue and tell people with notifyEgressMeters and
 * notifyOpenRecommendations: one wording, one set of recipients.
 */
import type { Schemas } from './api-types';
import { recommendationHref } from '../domain/recommendations/links';
import { MS_PER_DAY, MS_PER_HOUR } from '../domain/units';
import { gpuTypes, regions } from './catalog-data';
import type { CloudContext } from './context';
import { notifyEgressThreshold, notifyRecommendation } from './notifications';
import type { Review } from './ops/recommendations';

const floorTo = (ms: number, unit: number) => Math.floor(ms / unit) * unit;

/** When each check last ran: the start of its hour (egress) and of its UTC day (recommendations). */
export interface FigureMarks {
  egressHourMs: number;
  recommendationDayMs: number;
}

/** The marks of a world that has checked nothing yet: its anchor's hour and day. */
export function initialFigureMarks(anchorMs: number): FigureMarks {
  return { egressHourMs: floorTo(anchorMs, MS_PER_HOUR), recommendationDayMs: floorTo(anchorMs, MS_PER_DAY) };
}

/** Which checks are due at nowMs, and the marks once they have run (null: nothing is due). */
export function figureChecksDue(marks: FigureMarks, nowMs: number): { egress: boolean; recommendations: boolean; next: FigureMarks } | null {
  const hour = floorTo(nowMs, MS_PER_HOUR);
  const day = floorTo(nowMs, MS_PER_DAY);
  const egress = hour > marks.egressHourMs;
  const recommendations = day > marks.recommendationDayMs;
  if (!egress && !recommendations) return null;
  return { egress, recommendations, next: { egressHourMs: egress ? hour : marks.egressHourMs, recommendationDayMs: recommendations ? day : marks.recommendationDayMs } };
}

/** Tells each project's people of a meter past its warning threshold or its allowance (once per month and level: the event id). */
export function notifyEgressMeters(ctx: CloudContext, meters: readonly Schemas['EgressProjectMeter'][], nowMs: number): void {
  const month = new Date(nowMs).toISOString().slice(0, 7);
  for (const meter of meters) {
    if (meter.warning !== 'reached' && meter.warning !== 'exhausted') continue;
    const project = { id: meter.projectId, name: meter.projectName };
    const usedPercent = Math.floor((meter.internetBytes * 100) / Math.max(1, meter.allowanceBytes));
    notifyEgressThreshold(ctx, project, month, 'reached', usedPercent, meter.warningThresholdPercent, nowMs);
    if (meter.warning === 'exhausted') notifyEgressThreshold(ctx, project, month, 'exhausted', usedPercent, meter.warningThresholdPercent, nowMs);
  }
}

/** Tells admins, finance and the owners of each open recommendation that saves money, each by their own amount (once: the event id). */
export function notifyOpenRecommendations(ctx: CloudContext, judged: Review['judged'], nowMs: number): void {
  for (const { recommendation: r, status } of judged) {
    if (status !== 'open' || r.monthlySavingsCents <= 0) continue;
    notifyRecommendation(ctx, { id: r.id, title: titleOf(r), monthlySavingsCents: r.monthlySavingsCents, ownerIds: r.ownerIds, projectId: r.projectId, link: recommendationHref(r) }, nowMs);
  }
}

/** The simulator's checks, in its reconcile pass, over the whole state. */
export async function reconcileWatchedFigures(ctx: CloudContext, nowMs: number): Promise<void> {
  if (ctx.figuresWatchedElsewhere) return;
  const state = ctx.state;
  const marks = (state.figureWatch ??= initialFigureMarks(state.anchorMs));
  const due = figureChecksDue(marks, nowMs);
  if (!due) return;
  // The checks see the whole organization, whoever's request runs the reconcilers.
  const admin = state.users.find((u) => u.role === 'admin');
  if (!admin) return;
  const asUser = state.currentUserId;
  const scope = ctx.scope;
  state.currentUserId = admin.id;
  ctx.scope = undefined;
  try {
    state.figureWatch = due.next;
    if (due.egress) {
      const { projectMeter } = await import('./ops/egress');
      notifyEgressMeters(ctx, state.projects.map((project) => projectMeter(ctx, project, nowMs)), nowMs);
    }
    if (due.recommendations) {
      const { reviewRecommendations } = await import('./ops/recommendations');
      notifyOpenRecommendations(ctx, reviewRecommendations(ctx).judged, nowMs);
    }
  } finally {
    state.currentUserId = asUser;
    ctx.scope = scope;
  }
  ctx.save();
}

type Rec = Review['judged'][number]['recommendation'];

const gpuName = (id: string) => gpuTypes.find((g) => g.id === id)?.name ?? id;
const regionName = (id: string) => regions.find((r) => r.id === id)?.name ?? id;

/** As the Recommendations page words it (features/recommendations/components/titles.ts). */
function titleOf(r: Rec): string {
  const pod = r.podNames.length === 1 ? r.podNames[0]! : `${r.podNames.length} pods`;
  switch (r.kind) {
    case 'gpu-tier':
      return `move ${pod} to ${gpuName(r.to.gpuTypeId)}`;
    case 'mig-slice':
      return `move ${pod} to a ${r.to.migProfile ?? 'MIG'} slice of its ${gpuName(r.to.gpuTypeId)}`;
    case 'fewer-gpus':
      return `give back ${r.from.gpuCount - r.to.gpuCount} of the ${r.from.gpuCount} GPUs of ${pod}`;
    case 'auto-stop':
      return `turn on auto-stop for ${pod}`;
    case 'commitment':
      return `commit to ${r.to.gpuCount} ${gpuName(r.to.gpuTypeId)} in ${regionName(r.to.regionId)}`;
    case 'region':
      return `move ${pod} to ${regionName(r.to.regionId)}`;
  }
}
