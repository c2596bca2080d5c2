/**
 * Per-project figures the Billing summary and the budgets both rest on, from one pass over the
 * ledger since the start of last month: spend this month by kind, last month, the last 14 full
 * days, the run-rate now and the month's egress pace. A scope (one project, several, the
 * organization) is the sum of its projects, so budget and summary figures always agree.
 */
import { budgetHealth, thresholdCents, type Budget, type BudgetAlert } from '../../domain/budgets';
import { forecastMonth, runOutAtMs, TREND_WINDOW_DAYS, type MonthForecast } from '../../domain/forecast';
import { MS_PER_DAY, startOfNextUtcMonth, startOfUtcDay, startOfUtcMonth } from '../../domain/units';
import { podLedger } from '../billing';
import { monthEgressCostCents } from '../egress-traffic';
import type { Pod } from '../model';
import { egressRows, runRateMicroUsdPerHour } from '../spend';
import type { Schemas } from '../api-types';

/** Days of egress that set its pace for the rest of the month. */
const EGRESS_PACE_DAYS = 7;

export interface ScopeStats {
  gpuCents: number;
  diskCents: number;
  egressCents: number;
  lastMonthCents: number;
  /** The last TREND_WINDOW_DAYS full UTC days before today, oldest first. */
  dailyCents: number[];
  runRateMicroUsdPerHour: number;
  /** What the rest of the month's egress will add, at the last week's pace, priced on the month's tiers. */
  egressRestOfMonthCents: number;
}

const empty = (): ScopeStats => ({ gpuCents: 0, diskCents: 0, egressCents: 0, lastMonthCents: 0, dailyCents: Array<number>(TREND_WINDOW_DAYS).fill(0), runRateMicroUsdPerHour: 0, egressRestOfMonthCents: 0 });

export function monthToDateCents(s: ScopeStats): number {
  return s.gpuCents + s.diskCents + s.egressCents;
}

/** Figures per project for the given pods (whole projects), as of nowMs. */
export function projectStats(pods: readonly Pod[], nowMs: number): Map<string, ScopeStats> {
  const monthStartMs = startOfUtcMonth(nowMs);
  const lastMonthStartMs = startOfUtcMonth(monthStartMs - 1);
  const todayMs = startOfUtcDay(nowMs);
  const windowStartMs = todayMs - TREND_WINDOW_DAYS * MS_PER_DAY;
  const fromMs = Math.min(lastMonthStartMs, windowStartMs);
  const stats = new Map<string, ScopeStats>();
  const of = (projectId: string): ScopeStats => {
    let s = stats.get(projectId);
    if (!s) stats.set(projectId, (s = empty()));
    return s;
  };
  const addDay = (s: ScopeStats, dayStartMs: number, cents: number) => {
    if (dayStartMs >= windowStartMs && dayStartMs < todayMs) s.dailyCents[(dayStartMs - windowStartMs) / MS_PER_DAY]! += cents;
  };
  for (const pod of pods) {
    const s = of(pod.projectId);
    for (const row of podLedger(pod, fromMs, nowMs)) {
      const cents = row.gpuCents + row.diskCents;
      if (row.dayStartMs >= monthStartMs) {
        s.gpuCents += row.gpuCents;
        s.diskCents += row.diskCents;
      } else if (row.dayStartMs >= lastMonthStartMs) s.lastMonthCents += cents;
      addDay(s, row.dayStartMs, cents);
    }
    s.runRateMicroUsdPerHour += runRateMicroUsdPerHour([pod], nowMs);
  }
  const monthBytes = new Map<string, number>();
  const paceBytes = new Map<string, number>();
  for (const e of egressRows(pods, fromMs, nowMs)) {
    const s = of(e.projectId);
    if (e.dayStartMs >= monthStartMs) {
      s.egressCents += e.cents;
      monthBytes.set(e.projectId, (monthBytes.get(e.projectId) ?? 0) + e.internetBytes);
    } else if (e.dayStartMs >= lastMonthStartMs) s.lastMonthCents += e.cents;
    if (e.dayStartMs >= todayMs - EGRESS_PACE_DAYS * MS_PER_DAY && e.dayStartMs < todayMs) paceBytes.set(e.projectId, (paceBytes.get(e.projectId) ?? 0) + e.internetBytes);
    addDay(s, e.dayStartMs, e.cents);
  }
  const restDays = (startOfNextUtcMonth(nowMs) - nowMs) / MS_PER_DAY;
  for (const [projectId, s] of stats) {
    const sent = monthBytes.get(projectId) ?? 0;
    const more = Math.floor(((paceBytes.get(projectId) ?? 0) / EGRESS_PACE_DAYS) * restDays);
    s.egressRestOfMonthCents = monthEgressCostCents(sent + more) - monthEgressCostCents(sent);
  }
  return stats;
}

/** The sum of some projects' figures. */
export function scopeStats(stats: ReadonlyMap<string, ScopeStats>, projectIds: Iterable<string>): ScopeStats {
  const total = empty();
  for (const id of projectIds) {
    const s = stats.get(id);
    if (!s) continue;
    total.gpuCents += s.gpuCents;
    total.diskCents += s.diskCents;
    total.egressCents += s.egressCents;
    total.lastMonthCents += s.lastMonthCents;
    s.dailyCents.forEach((c, i) => (total.dailyCents[i]! += c));
    total.runRateMicroUsdPerHour += s.runRateMicroUsdPerHour;
    total.egressRestOfMonthCents += s.egressRestOfMonthCents;
  }
  return total;
}

export function forecastOf(s: ScopeStats, nowMs: number): MonthForecast {
  const restDays = (startOfNextUtcMonth(nowMs) - nowMs) / MS_PER_DAY;
  return forecastMonth({
    nowMs,
    monthToDateCents: monthToDateCents(s),
    dailyCents: s.dailyCents,
    runRateMicroUsdPerHour: s.runRateMicroUsdPerHour,
    otherCentsPerDay: restDays > 0 ? Math.round(s.egressRestOfMonthCents / restDays) : 0,
  });
}

const iso = (ms: number): string => new Date(ms).toISOString();
export const monthKey = (ms: number): string => iso(ms).slice(0, 7);

/** This month's standing of a budget: spend, forecast, health, run-out date, alerts fired. */
export function budgetMonthView(budget: Budget, spentCents: number, forecast: MonthForecast, nowMs: number, alerts: readonly BudgetAlert[]): Schemas['BudgetMonth'] {
  const monthStartMs = startOfUtcMonth(nowMs);
  const fired = alerts.filter((a) => a.budgetId === budget.id && a.monthStartMs === monthStartMs && a.budgetCents === budget.amountCents);
  const over = spentCents >= budget.amountCents;
  const crossed = fired.filter((a) => a.thresholdCents >= thresholdCents(budget, 100)).sort((a, b) => a.thresholdPercent - b.thresholdPercent)[0]?.crossedAtMs;
  const runOut = over ? (crossed ?? nowMs) : runOutAtMs(forecast, nowMs, budget.amountCents);
  return {
    month: monthKey(nowMs),
    spentCents,
    percentUsed: Math.round((spentCents / budget.amountCents) * 1000) / 10,
    forecastCents: forecast.monthEndCents,
    health: budgetHealth(budget, spentCents, forecast.monthEndCents),
    runOutAt: runOut === null ? null : iso(runOut),
    launchesBlocked: budget.policy === 'block-launches' && over,
    alertsFiredPercent: [...new Set(fired.map((a) => a.thresholdPercent))].sort((a, b) => a - b),
  };
}
