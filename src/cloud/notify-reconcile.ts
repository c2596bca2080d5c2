/**
 * Notifications that watch figures rather than follow one change (issue 16): a project's internet
 * egress past its warning threshold or its free allowance this month, checked once an hour of
 * simulated time, and a new recommendation worth more than a person's amount a month, checked once
 * a day. The marks start at the world's anchor, so a first visit computes nothing; each event's id
 * (egress:<project>:<month>:<level>, recommendation:<id>) makes a check that runs again notify once.
 */
import { recommendationHref } from '../domain/recommendations/links';
import { MS_PER_DAY, MS_PER_HOUR } from '../domain/units';
import { gpuTypes, regions } from './catalog-data';
import type { CloudContext } from './context';
import { notifyEgressThreshold, notifyRecommendation } from './notifications';

const floorTo = (ms: number, unit: number) => Math.floor(ms / unit) * unit;

export async function reconcileWatchedFigures(ctx: CloudContext, nowMs: number): Promise<void> {
  const state = ctx.state;
  const marks = (state.figureWatch ??= { egressHourMs: floorTo(state.anchorMs, MS_PER_HOUR), recommendationDayMs: floorTo(state.anchorMs, MS_PER_DAY) });
  const hour = floorTo(nowMs, MS_PER_HOUR);
  const day = floorTo(nowMs, MS_PER_DAY);
  if (hour <= marks.egressHourMs && day <= marks.recommendationDayMs) return;
  // The checks see the whole organization, whoever's request runs the reconcilers.
  const admin = state.users.find((u) => u.role === 'admin');
  if (!admin) return;
  const asUser = state.currentUserId;
  const scope = ctx.scope;
  state.currentUserId = admin.id;
  ctx.scope = undefined;
  try {
    if (hour > marks.egressHourMs) {
      marks.egressHourMs = hour;
      const { projectMeter } = await import('./ops/egress');
      const month = new Date(nowMs).toISOString().slice(0, 7);
      for (const project of state.projects) {
        const meter = projectMeter(ctx, project, nowMs);
        if (meter.warning !== 'reached' && meter.warning !== 'exhausted') continue;
        const usedPercent = Math.floor((meter.internetBytes * 100) / Math.max(1, meter.allowanceBytes));
        notifyEgressThreshold(ctx, project, month, 'reached', usedPercent, meter.warningThresholdPercent, nowMs);
        if (meter.warning === 'exhausted') notifyEgressThreshold(ctx, project, month, 'exhausted', usedPercent, meter.warningThresholdPercent, nowMs);
      }
    }
    if (day > marks.recommendationDayMs) {
      marks.recommendationDayMs = day;
      const { reviewRecommendations } = await import('./ops/recommendations');
      for (const { recommendation: r, status } of reviewRecommendations(ctx).judged) {
        if (status !== 'open' || r.monthlySavingsCents <= 0) continue;
        notifyRecommendation(ctx, { id: r.id, title: titleOf(r), monthlySavingsCents: r.monthlySavingsCents, ownerIds: r.ownerIds, projectId: r.projectId, link: recommendationHref(r) }, nowMs);
      }
    }
  } finally {
    state.currentUserId = asUser;
    ctx.scope = scope;
  }
  ctx.save();
}

type Rec = Awaited<ReturnType<typeof import('./ops/recommendations').reviewRecommendations>>['judged'][number]['recommendation'];

const gpuName = (id: string) => gpuTypes.find((g) => g.id === id)?.name ?? id;
const regionName = (id: string) => regions.find((r) => r.id === id)?.name ?? id;

/** As the Recommendations page words it (features/recommendations/components/titles.ts). */
function titleOf(r: Rec): string {
  const pod = r.podNames.length === 1 ? r.podNames[0]! : `${r.podNames.length} pods`;
  switch (r.kind) {
    case 'gpu-tier':
      return `move ${pod} to ${gpuName(r.to.gpuTypeId)}`;
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
