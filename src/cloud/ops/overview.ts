/**
 * The Overview page's opening figures: what runs now and what its GPUs and disks have cost this
 * month and last, the same cents as Billing's GPU and disk figures. Egress stays on Billing: its
 * meter is too much code for the first visit's budget, so the cards say what they count.
 */
import type { CloudContext } from '../context';
import { visibleProjectIds } from '../context';
import { ok, type Route } from '../http';
import { notFound } from '../problem';
import { statusAt } from '../lifecycle';
import { spendTotals } from '../billing';
import { startOfUtcMonth } from '../../domain/units';
import type { Schemas } from '../api-types';

/** The figures for one project (if the user may see it), else for every project they may see. */
export function overviewOf(ctx: CloudContext, projectId: string | null = null): Schemas['Overview'] {
  const now = ctx.now();
  const visible = visibleProjectIds(ctx);
  if (projectId !== null && !visible.has(projectId)) throw notFound('Project', projectId);
  const pods = ctx.state.pods.filter((p) => (projectId === null ? visible.has(p.projectId) : p.projectId === projectId));
  const running = pods.filter((p) => statusAt(p, now) === 'running');
  const byType = new Map<string, number>();
  for (const p of running) byType.set(p.gpuTypeId, (byType.get(p.gpuTypeId) ?? 0) + p.gpuCount);
  const monthStart = startOfUtcMonth(now);
  const lastMonthStart = startOfUtcMonth(monthStart - 1);
  return {
    asOf: new Date(now).toISOString(),
    scopeName: projectId === null ? 'All your projects' : (ctx.state.projects.find((p) => p.id === projectId)?.name ?? projectId),
    runningPods: running.length,
    gpusInUse: running.reduce((a, p) => a + p.gpuCount, 0),
    gpusInUseByType: [...byType.entries()].sort((a, b) => b[1] - a[1]).map(([gpuTypeId, count]) => ({ gpuTypeId, count })),
    spendMonthToDateCents: spendTotals(pods, monthStart, now).totalCents,
    spendLastMonthCents: spendTotals(pods, lastMonthStart, monthStart).totalCents,
    monthStart: new Date(monthStart).toISOString(),
  };
}

export const overviewRoutes: Route[] = [{ method: 'GET', path: '/v1/overview', handler: (ctx, req) => ok(overviewOf(ctx, req.query.get('projectId') || null)) }];
