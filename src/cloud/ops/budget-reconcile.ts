/**
 * Budgets act as the simulated clock moves: each threshold the month's spend reaches fires
 * one alert (with the moment spend crossed it), and at 100% the budget's policy runs: stop
 * the pods whose GPUs are idle (most expensive first), or block new launches (the launch
 * operation asks budget-guard.ts). Cheap when nothing changed: at most one check a simulated
 * minute, and nothing at all without budgets.
 */
import {
  alertsDue,
  crossingTimeMs,
  idlePodsToStop,
  monthsToCheck,
  policyActsAt,
  scopeSpendCents,
  thresholdCents,
  type Budget,
  type BudgetAction,
  type BudgetAlert,
  type MonthSpend,
} from '../../domain/budgets';
import { MS_PER_DAY, MS_PER_MINUTE, startOfNextUtcMonth } from '../../domain/units';
import { DEFAULT_WASTE_SETTINGS, isIdleEngine } from '../../domain/waste';
import { gpuTypes } from '../catalog-data';
import type { CloudContext } from '../context';
import { statusAt } from '../lifecycle';
import type { CloudState, Pod, User } from '../model';
import { stopPod } from '../pods-actions';
import { auditPolicyStop, podFacts } from '../audit';
import { notifyBudgetAlert, notifyPolicyStop } from '../notifications';
import { podLedger } from '../billing';
import { costRows, monthSpendAt, podsOfProjects } from '../spend';
import { gpuSample, SAMPLE_PERIOD_MS } from '../telemetry';

export const BUDGET_CHECK_EVERY_MS = MS_PER_MINUTE;
/** "Idle" for the stop-idle-pods policy: every GPU below the waste ledger's idle threshold for this long. */
export const POLICY_IDLE_LOOKBACK_MS = 30 * MS_PER_MINUTE;

const lastCheck = new WeakMap<CloudState, number>();

/** Loaded by reconcile-watches.ts once any budget exists. */
export function reconcileBudgetsNow(ctx: CloudContext, nowMs: number): void {
  if (!ctx.state.budgets || ctx.state.budgets.length === 0) return;
  const last = lastCheck.get(ctx.state);
  if (last !== undefined && nowMs >= last && nowMs - last < BUDGET_CHECK_EVERY_MS) return;
  checkBudgets(ctx, nowMs);
}

/** Checks every budget since the last check (or since each was set) and saves what changed. */
export function checkBudgets(ctx: CloudContext, nowMs: number): void {
  const changed = evaluateBudgets(ctx, nowMs, lastCheck.get(ctx.state));
  lastCheck.set(ctx.state, nowMs);
  if (changed) ctx.save();
}

/** Whether all of a running pod's GPUs were idle for the whole look-back window. */
export function podIdleNow(pod: Pod, nowMs: number): boolean {
  const gpu = gpuTypes.find((g) => g.id === pod.gpuTypeId);
  if (!gpu) return false;
  for (let t = nowMs; t > nowMs - POLICY_IDLE_LOOKBACK_MS; t -= SAMPLE_PERIOD_MS) {
    if (statusAt(pod, t) !== 'running') return false;
    for (let i = 0; i < pod.gpuCount; i++) {
      if (!isIdleEngine(gpuSample(pod, gpu, i, t).DCGM_FI_PROF_GR_ENGINE_ACTIVE, DEFAULT_WASTE_SETTINGS.idleEngineActive)) return false;
    }
  }
  return true;
}

function scopePods(state: CloudState, projectId: string | null): Pod[] {
  return projectId === null ? state.pods : podsOfProjects(state.pods, new Set([projectId]));
}

/**
 * When a scope's month spend reached a target: the day from the daily totals, then the minute
 * by bisection over that day (GPU and disk exactly; the day's egress taken as accruing evenly).
 */
function crossedAtMs(state: CloudState, projectId: string | null, monthStartMs: number, untilMs: number, targetCents: number): number {
  const pods = scopePods(state, projectId);
  const daily = new Map<number, { ledger: number; egress: number }>();
  costRows(pods, monthStartMs, untilMs)((row) => {
    const d = daily.get(row.dayStartMs) ?? { ledger: 0, egress: 0 };
    if (row.kind === 'egress') d.egress += row.cents;
    else d.ledger += row.cents;
    daily.set(row.dayStartMs, d);
  });
  let before = 0;
  for (let day = monthStartMs; day < untilMs; day += MS_PER_DAY) {
    const d = daily.get(day) ?? { ledger: 0, egress: 0 };
    if (before + d.ledger + d.egress < targetCents) {
      before += d.ledger + d.egress;
      continue;
    }
    const dayEnd = Math.min(day + MS_PER_DAY, untilMs);
    const spendAt = (t: number): number => {
      let cents = before + Math.round((d.egress * (t - day)) / (dayEnd - day));
      // GPU and disk only: the day's egress is spread evenly above.
      for (const pod of pods) for (const r of podLedger(pod, day, t)) cents += r.gpuCents + r.diskCents;
      return cents;
    };
    return crossingTimeMs(spendAt, day, dayEnd, targetCents) ?? dayEnd;
  }
  return untilMs;
}

const policyActor = (scopeName: string): User => ({ id: 'budget-policy', name: `the ${scopeName} budget policy (GPUs idle, budget spent)`, email: 'billing@northlight.example', role: 'admin' });

function runPolicy(ctx: CloudContext, budget: Budget, scopeName: string, nowMs: number): BudgetAction {
  if (budget.policy === 'block-launches') return { kind: 'blocked-launches', untilMs: startOfNextUtcMonth(nowMs) };
  const candidates = scopePods(ctx.state, budget.projectId)
    .filter((p) => statusAt(p, nowMs) === 'running')
    .map((p) => ({ podId: p.id, name: p.name, idle: podIdleNow(p, nowMs), rateMicroUsdPerHour: p.rateMicroUsdPerGpuHour * p.gpuCount }));
  const toStop = idlePodsToStop(candidates);
  if (toStop.length === 0) return { kind: 'no-idle-pods' };
  const actor = policyActor(scopeName);
  for (const c of toStop) {
    const pod = ctx.state.pods.find((p) => p.id === c.podId);
    if (!pod) continue;
    const before = podFacts(pod, nowMs);
    stopPod(ctx, pod, actor, nowMs);
    auditPolicyStop(ctx, pod, before, scopeName, nowMs);
    notifyPolicyStop(ctx, pod, scopeName, nowMs);
  }
  return { kind: 'stopped-idle-pods', pods: toStop.map((c) => ({ id: c.podId, name: c.name })) };
}

export function scopeNameOf(state: CloudState, projectId: string | null): string {
  return projectId === null ? state.organization.name : (state.projects.find((p) => p.id === projectId)?.name ?? projectId);
}

/**
 * Fires the alerts due for every budget in each month since the last check, and runs the
 * policies of the current month's crossings. Returns whether anything changed.
 */
export function evaluateBudgets(ctx: CloudContext, nowMs: number, sinceMs?: number): boolean {
  const state = ctx.state;
  const budgets = state.budgets ?? [];
  if (budgets.length === 0) return false;
  const alerts = (state.budgetAlerts ??= []);
  const spendByMonth = new Map<number, MonthSpend>();
  let changed = false;
  for (const budget of budgets) {
    const since = sinceMs ?? budget.createdAtMs;
    for (const monthStartMs of monthsToCheck(budget, since, nowMs)) {
      const untilMs = Math.min(nowMs, startOfNextUtcMonth(monthStartMs));
      let spend = spendByMonth.get(monthStartMs);
      if (!spend) {
        spend = monthSpendAt(state.pods, untilMs, monthStartMs);
        spendByMonth.set(monthStartMs, spend);
      }
      const spentCents = scopeSpendCents(spend, budget.projectId);
      const due = alertsDue(budget, monthStartMs, spentCents, alerts);
      const scopeName = scopeNameOf(state, budget.projectId);
      for (const percent of due) {
        const target = thresholdCents(budget, percent);
        const crossed = crossedAtMs(state, budget.projectId, monthStartMs, untilMs, target);
        const current = untilMs === nowMs;
        const firedAtMs = Math.max(crossed, budget.updatedAtMs);
        // What had been spent when the alert fired (at the crossing, or when the budget was set
        // past it), not when this check ran: a catch-up after time travel may run days later.
        const spentThen = firedAtMs >= untilMs ? spentCents : Math.max(target, scopeSpendCents(monthSpendAt(state.pods, firedAtMs, monthStartMs), budget.projectId));
        const action = current && policyActsAt(budget, percent) ? runPolicy(ctx, budget, scopeName, nowMs) : null;
        const alert: BudgetAlert = {
          id: `alert-${(alerts.length + 1).toString(36).padStart(4, '0')}-${budget.id}`,
          budgetId: budget.id,
          projectId: budget.projectId,
          monthStartMs,
          thresholdPercent: percent,
          budgetCents: budget.amountCents,
          thresholdCents: target,
          spentCents: spentThen,
          crossedAtMs: crossed,
          firedAtMs,
          action,
        };
        alerts.push(alert);
        notifyBudgetAlert(ctx, alert, scopeName);
        changed = true;
      }
    }
  }
  return changed;
}
