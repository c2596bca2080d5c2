/**
 * The cost rows behind every billing figure: GPU and disk per pod and UTC day (billing.ts),
 * egress per project and UTC day (egress-traffic.ts), and a month's spend per project. The
 * billing operations, the budget reconciler and the launch guard all sum these same rows.
 */
import type { MonthSpend } from '../domain/budgets';
import type { CostRow } from '../domain/spend-report';
import { startOfUtcMonth } from '../domain/units';
import { podLedger } from './billing';
import { egressCostCents } from './egress-traffic';
import { statusAt } from './lifecycle';
import type { Pod, PodStatus } from './model';

/** Statuses whose GPUs bill now or within seconds: the run-rate counts them. */
const GPU_BILLING: ReadonlySet<PodStatus> = new Set(['queued', 'provisioning', 'running']);
const DISK_GONE: ReadonlySet<PodStatus> = new Set(['terminated', 'failed']);

export function podsOfProjects(pods: readonly Pod[], projectIds: ReadonlySet<string>): Pod[] {
  return pods.filter((p) => projectIds.has(p.projectId));
}

export interface EgressRow {
  projectId: string;
  dayStartMs: number;
  cents: number;
  internetBytes: number;
}

/**
 * Egress cost per project and UTC day in [fromMs, toMs). Pass whole projects' pods: the free
 * allowance and tiers are per project and month.
 */
export function egressRows(pods: readonly Pod[], fromMs: number, toMs: number): EgressRow[] {
  if (toMs <= fromMs) return [];
  return egressCostCents(pods, fromMs, toMs).map((r) => ({ projectId: r.projectId, dayStartMs: r.dayStartMs, cents: r.costCents, internetBytes: r.internetBytes }));
}

/**
 * Every cost in [fromMs, toMs) as whole-cent rows (zero rows left out), handed to a visitor one
 * at a time (the large preset's 90 days are a million rows). Pass whole projects' pods.
 */
export function costRows(pods: readonly Pod[], fromMs: number, toMs: number): (visit: (row: CostRow) => void) => void {
  return (visit) => {
    if (toMs <= fromMs) return;
    for (const pod of pods) {
      for (const r of podLedger(pod, fromMs, toMs)) {
        if (r.gpuCents !== 0) visit({ dayStartMs: r.dayStartMs, kind: 'gpu', cents: r.gpuCents, projectId: pod.projectId, gpuTypeId: pod.gpuTypeId, regionId: pod.regionId, userId: pod.ownerId, podId: pod.id });
        if (r.diskCents !== 0) visit({ dayStartMs: r.dayStartMs, kind: 'disk', cents: r.diskCents, projectId: pod.projectId, gpuTypeId: pod.gpuTypeId, regionId: pod.regionId, userId: pod.ownerId, podId: pod.id });
      }
    }
    for (const e of egressRows(pods, fromMs, toMs)) {
      if (e.cents !== 0) visit({ dayStartMs: e.dayStartMs, kind: 'egress', cents: e.cents, projectId: e.projectId, gpuTypeId: null, regionId: null, userId: null, podId: null });
    }
  };
}

/** The sum of every cost in [fromMs, toMs). */
export function totalCents(pods: readonly Pod[], fromMs: number, toMs: number): number {
  let cents = 0;
  costRows(pods, fromMs, toMs)((row) => {
    cents += row.cents;
  });
  return cents;
}

/** Spend per project from the start of the month holding atMs to atMs. */
export function monthSpendAt(pods: readonly Pod[], atMs: number, monthStartMs = startOfUtcMonth(atMs)): MonthSpend {
  const byProjectCents: Record<string, number> = {};
  let organizationCents = 0;
  costRows(pods, monthStartMs, atMs)((row) => {
    byProjectCents[row.projectId] = (byProjectCents[row.projectId] ?? 0) + row.cents;
    organizationCents += row.cents;
  });
  return { organizationCents, byProjectCents };
}

/** What the pods cost per hour now: GPUs of pods running (or about to), disks that exist. */
export function runRateMicroUsdPerHour(pods: readonly Pod[], nowMs: number): number {
  let rate = 0;
  for (const pod of pods) {
    const status = statusAt(pod, nowMs);
    if (pod.createdAtMs > nowMs || DISK_GONE.has(status)) continue;
    rate += pod.diskMicroUsdPerHour;
    if (GPU_BILLING.has(status)) rate += pod.rateMicroUsdPerGpuHour * pod.gpuCount;
  }
  return rate;
}
