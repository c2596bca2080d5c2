/**
 * Egress: the price book the estimator prices flows with (public schedules and this cloud's
 * own), the meter (each project's egress this month, its allowance, a projection to month end
 * and a warning), and the per-project warning threshold admins set.
 */
import { egressPriceNotes, publicEgressPlaces, publicEgressSchedules, cloudRegionSources, type PublishedSchedule } from '../../domain/egress-data';
import { egressCost, egressWarningLevel, msUntilAllowanceRunsOut, projectedMonthEndBytes } from '../../domain/egress';
import { BYTES_PER_GB, MS_PER_DAY, startOfNextUtcMonth, startOfUtcMonth } from '../../domain/units';
import type { Schemas } from '../api-types';
import { requireRole, visibleProjectIds, type CloudContext } from '../context';
import { northlightEgressSchedules, northlightInternetSchedule, northlightPlaces } from '../egress-data';
import { egressBytes, projectEgressByDay, type DayEgress } from '../egress-traffic';
import { ok, type Route } from '../http';
import type { Project } from '../model';
import { badRequest, notFound } from '../problem';

/** Warn at 80% of the allowance unless a project says otherwise (the common budget-alert default). */
export const DEFAULT_EGRESS_WARNING_PERCENT = 80;
/** The projection carries the last 7 days' rate forward: a week covers weekday and weekend traffic. */
export const RECENT_WINDOW_DAYS = 7;

const iso = (ms: number): string => new Date(ms).toISOString();

function scheduleView(s: PublishedSchedule): Schemas['EgressSchedule'] {
  return {
    id: s.id,
    providerId: s.providerId,
    provider: s.provider,
    pathKind: s.pathKind,
    path: s.path,
    unit: s.unit,
    freeUnitsPerMonth: s.freeUnitsPerMonth,
    tiers: s.tiers.map((t) => ({ upToUnits: t.upToUnits, microUsdPerUnit: t.microUsdPerUnit, ...(t.note ? { note: t.note } : {}) })),
    withinContinents: s.withinContinents,
    ...(s.appliesTo ? { appliesTo: s.appliesTo } : {}),
    ...(s.freeNote ? { freeNote: s.freeNote } : {}),
    ...(s.note ? { note: s.note } : {}),
    source: s.source,
    asOf: s.asOf,
  };
}

export function egressPriceBook(): Schemas['EgressPriceBook'] {
  return {
    asOf: egressPriceNotes.asOf,
    unitsNote: egressPriceNotes.units,
    migrationWaiverNote: egressPriceNotes.migrationWaivers,
    notes: egressPriceNotes.notes,
    // This cloud's own schedules first: the estimator's hybrid scenario prices with them.
    schedules: [...northlightEgressSchedules, ...publicEgressSchedules].map(scheduleView),
    places: [...northlightPlaces, ...publicEgressPlaces],
    placeSources: cloudRegionSources,
  };
}

function thresholdOf(ctx: CloudContext, projectId: string): number {
  return ctx.state.egressWarningThresholds?.[projectId] ?? DEFAULT_EGRESS_WARNING_PERCENT;
}

/** When the month's cumulative traffic crossed the allowance, interpolated within that day. */
function allowanceUsedUpAt(days: readonly DayEgress[], allowanceBytes: number): number | null {
  let cumulative = 0;
  for (const d of days) {
    if (cumulative + d.internetBytes >= allowanceBytes && d.internetBytes > 0) {
      return d.dayStartMs + Math.floor(((allowanceBytes - cumulative) / d.internetBytes) * MS_PER_DAY);
    }
    cumulative += d.internetBytes;
  }
  return null;
}

export function projectMeter(ctx: CloudContext, project: Project, nowMs: number): Schemas['EgressProjectMeter'] {
  const monthStart = startOfUtcMonth(nowMs);
  const monthEnd = startOfNextUtcMonth(nowMs);
  const pods = ctx.state.pods.filter((p) => p.projectId === project.id);
  const days = projectEgressByDay(pods, monthStart, nowMs).get(project.id) ?? [];
  const internetBytes = days.reduce((a, d) => a + d.internetBytes, 0);
  const interRegionBytes = days.reduce((a, d) => a + d.interRegionBytes, 0);
  const recentMs = RECENT_WINDOW_DAYS * MS_PER_DAY;
  const recentBytes = egressBytes(pods, nowMs - recentMs, nowMs).internetBytes;
  const schedule = northlightInternetSchedule;
  const allowanceBytes = schedule.freeUnitsPerMonth * BYTES_PER_GB;
  const projectedInternetBytes = projectedMonthEndBytes({ soFarBytes: internetBytes, recentBytes, recentMs, remainingMs: monthEnd - nowMs });
  const thresholdPercent = thresholdOf(ctx, project.id);
  let runsOutAtMs: number | null;
  if (internetBytes >= allowanceBytes) {
    runsOutAtMs = allowanceUsedUpAt(days, allowanceBytes);
  } else {
    const inMs = msUntilAllowanceRunsOut(internetBytes, allowanceBytes, recentBytes, recentMs);
    runsOutAtMs = inMs !== null && nowMs + inMs < monthEnd ? nowMs + inMs : null;
  }
  return {
    projectId: project.id,
    projectName: project.name,
    internetBytes,
    interRegionBytes,
    allowanceBytes,
    allowanceLeftBytes: Math.max(0, allowanceBytes - internetBytes),
    costCents: egressCost(schedule, BigInt(internetBytes)).costCents,
    recentInternetBytesPerDay: Math.round(recentBytes / RECENT_WINDOW_DAYS),
    projectedInternetBytes,
    projectedCostCents: egressCost(schedule, BigInt(projectedInternetBytes)).costCents,
    allowanceRunsOutAt: runsOutAtMs === null ? null : iso(runsOutAtMs),
    warningThresholdPercent: thresholdPercent,
    warning: egressWarningLevel({ usedBytes: internetBytes, projectedBytes: projectedInternetBytes, allowanceBytes, thresholdPercent }),
  };
}

export function egressMeter(ctx: CloudContext): Schemas['EgressMeter'] {
  const now = ctx.now();
  const visible = visibleProjectIds(ctx);
  return {
    asOf: iso(now),
    monthStart: iso(startOfUtcMonth(now)),
    monthEnd: iso(startOfNextUtcMonth(now)),
    scheduleId: northlightInternetSchedule.id,
    allowanceBytesPerProject: northlightInternetSchedule.freeUnitsPerMonth * BYTES_PER_GB,
    defaultWarningThresholdPercent: DEFAULT_EGRESS_WARNING_PERCENT,
    recentWindowDays: RECENT_WINDOW_DAYS,
    projects: ctx.state.projects.filter((p) => visible.has(p.id)).map((p) => projectMeter(ctx, p, now)),
  };
}

function setThreshold(ctx: CloudContext, projectId: string, body: unknown): Schemas['EgressProjectMeter'] {
  requireRole(ctx, ['admin'], 'change egress warning thresholds');
  const project = ctx.state.projects.find((p) => p.id === projectId);
  if (!project || !visibleProjectIds(ctx).has(project.id)) throw notFound('Project', projectId);
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).warningThresholdPercent : undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 100) {
    throw badRequest('The warning threshold is a whole percentage of the free allowance, from 1 to 100.', [
      { field: 'warningThresholdPercent', message: 'Enter a whole number from 1 to 100.' },
    ]);
  }
  ctx.state.egressWarningThresholds = { ...ctx.state.egressWarningThresholds, [project.id]: value };
  ctx.save();
  return projectMeter(ctx, project, ctx.now());
}

export const egressRoutes: Route[] = [
  { method: 'GET', path: '/v1/egress/schedules', handler: () => ok(egressPriceBook()) },
  { method: 'GET', path: '/v1/egress/meter', handler: (ctx) => ok(egressMeter(ctx)) },
  { method: 'PUT', path: '/v1/egress/thresholds/:projectId', handler: (ctx, { params, body }) => ok(setThreshold(ctx, params.projectId ?? '', body)) },
];
