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
import { gpuSevenths, MIG_COMPUTE_SLICES } from '../../domain/mig';
import { startOfUtcMonth } from '../../domain/units';
import type { Schemas } from '../api-types';

/** The figures for one project (if the user may see it), else for every project they may see. */
export function overviewOf(ctx: CloudContext, projectId: string | null = null): Schemas['Overview'] {
  const now = ctx.now();
  const visible = visibleProjectIds(ctx);
  if (projectId !== null && !visible.has(projectId)) throw notFound('Project', projectId);
  const pods = ctx.state.pods.filter((p) => (projectId === null ? visible.has(p.projectId) : p.projectId === projectId));
  const running = pods.filter((p) => statusAt(p, now) === 'running');
  // In sevenths of a GPU: a MIG slice counts as its compute slices ÷ 7 (domain/mig.ts), never a whole GPU.
  const byType = new Map<string, number>();
  for (const p of running) byType.set(p.gpuTypeId, (byType.get(p.gpuTypeId) ?? 0) + gpuSevenths(p.gpuCount, p.migProfile));
  const gpus = (sevenths: number): number => Math.round((sevenths / MIG_COMPUTE_SLICES) * 1000) / 1000;
  const monthStart = startOfUtcMonth(now);
  const lastMonthStart = startOfUtcMonth(monthStart - 1);
  return {
    asOf: new Date(now).toISOString(),
    scopeName: projectId === null ? 'All your projects' : (ctx.state.projects.find((p) => p.id === projectId)?.name ?? projectId),
    runningPods: running.length,
    gpusInUse: gpus([...byType.values()].reduce((a, s) => a + s, 0)),
    gpusInUseByType: [...byType.entries()].sort((a, b) => b[1] - a[1]).map(([gpuTypeId, sevenths]) => ({ gpuTypeId, count: gpus(sevenths) })),
    spendMonthToDateCents: spendTotals(pods, monthStart, now).totalCents,
    spendLastMonthCents: spendTotals(pods, lastMonthStart, monthStart).totalCents,
    monthStart: new Date(monthStart).toISOString(),
  };
}

export const overviewRoutes: Route[] = [{ method: 'GET', path: '/v1/overview', handler: (ctx, req) => ok(overviewOf(ctx, req.query.get('projectId') || null)) }];
