/**
 * Budgets that act: a monthly amount for the organization or one project, alert thresholds,
 * and a policy for when spend reaches the budget. Every decision here is a pure function of
 * the budgets, the month's spend and the time; the simulator and a server apply them.
 */
import { divRound, type Cents } from './money';
import { startOfNextUtcMonth, startOfUtcMonth } from './units';

export type BudgetPolicy = 'notify' | 'stop-idle-pods' | 'block-launches';
export const BUDGET_POLICIES: readonly BudgetPolicy[] = ['notify', 'stop-idle-pods', 'block-launches'];
/** The thresholds a new budget starts with (issue 8: "alert thresholds (e.g. 50/80/100%)"). */
export const DEFAULT_THRESHOLDS_PERCENT: readonly number[] = [50, 80, 100];
/** A policy acts when spend reaches the budget itself. */
export const POLICY_THRESHOLD_PERCENT = 100;
export const MAX_THRESHOLDS = 6;
export const MAX_THRESHOLD_PERCENT = 200;
/** $10,000,000 a month: a typo guard, not a business rule. */
export const MAX_BUDGET_CENTS = 1_000_000_000;

export interface Budget {
  id: string;
  /** null: the whole organization. */
  projectId: string | null;
  /** The amount for each calendar month (UTC). */
  amountCents: Cents;
  /** Ascending, unique, each 1 to MAX_THRESHOLD_PERCENT. */
  thresholdsPercent: number[];
  policy: BudgetPolicy;
  createdAtMs: number;
  createdById: string;
  updatedAtMs: number;
  updatedById: string;
}

export type BudgetAction =
  | { kind: 'stopped-idle-pods'; pods: Array<{ id: string; name: string }> }
  | { kind: 'no-idle-pods' }
  | { kind: 'blocked-launches'; untilMs: number };

export interface BudgetAlert {
  id: string;
  budgetId: string;
  /** Copied from the budget, so an alert still reads right after its budget is deleted. */
  projectId: string | null;
  monthStartMs: number;
  thresholdPercent: number;
  budgetCents: Cents;
  thresholdCents: Cents;
  /** Spend of the month when the alert fired. */
  spentCents: Cents;
  /** When spend reached the threshold. */
  crossedAtMs: number;
  /** When the alert was raised: the crossing, or later if the budget was set after it. */
  firedAtMs: number;
  action: BudgetAction | null;
}

/** A month's spend so far: the organization's and each project's. */
export interface MonthSpend {
  organizationCents: Cents;
  byProjectCents: Readonly<Record<string, Cents>>;
}

export function scopeSpendCents(spend: MonthSpend, projectId: string | null): Cents {
  return projectId === null ? spend.organizationCents : (spend.byProjectCents[projectId] ?? 0);
}

/** The amount a threshold stands for, in cents (rounded half away from zero). */
export function thresholdCents(budget: Pick<Budget, 'amountCents'>, percent: number): Cents {
  return divRound(budget.amountCents * percent, 100);
}

/** The thresholds that raise alerts: the chosen ones, plus 100% where a policy acts there. */
export function alertThresholds(budget: Pick<Budget, 'thresholdsPercent' | 'policy'>): number[] {
  const set = new Set(budget.thresholdsPercent);
  if (budget.policy !== 'notify') set.add(POLICY_THRESHOLD_PERCENT);
  return [...set].sort((a, b) => a - b);
}

/**
 * Thresholds spend has reached this month that have not alerted yet, lowest first. An alert
 * counts only for the amount it fired against: after a budget is raised (or cut), its
 * thresholds stand for new sums and alert again when reached.
 */
export function alertsDue(budget: Budget, monthStartMs: number, spentCents: Cents, fired: readonly BudgetAlert[]): number[] {
  const done = new Set(
    fired.filter((a) => a.budgetId === budget.id && a.monthStartMs === monthStartMs && a.budgetCents === budget.amountCents).map((a) => a.thresholdPercent),
  );
  return alertThresholds(budget).filter((p) => !done.has(p) && spentCents >= thresholdCents(budget, p));
}

/** Whether crossing this threshold sets the budget's policy off. */
export function policyActsAt(budget: Pick<Budget, 'policy'>, thresholdPercent: number): boolean {
  return budget.policy !== 'notify' && thresholdPercent === POLICY_THRESHOLD_PERCENT;
}

export interface LaunchBlock {
  budget: Budget;
  spentCents: Cents;
  /** Launches are allowed again when the next month starts (or the budget is raised). */
  untilMs: number;
}

/**
 * The budget that refuses a new launch in a project now, if any: a "block new launches" budget
 * of that project or of the organization whose month's spend has reached its amount. The
 * project's own budget is named first.
 */
export function launchBlockedBy(budgets: readonly Budget[], spend: MonthSpend, projectId: string, nowMs: number): LaunchBlock | null {
  const applicable = budgets
    .filter((b) => b.policy === 'block-launches' && (b.projectId === projectId || b.projectId === null))
    .sort((a, b) => (a.projectId === null ? 1 : 0) - (b.projectId === null ? 1 : 0));
  for (const budget of applicable) {
    const spentCents = scopeSpendCents(spend, budget.projectId);
    if (spentCents >= budget.amountCents) return { budget, spentCents, untilMs: startOfNextUtcMonth(nowMs) };
  }
  return null;
}

export interface StopCandidate {
  podId: string;
  name: string;
  /** GPUs idle now and for the whole look-back window. */
  idle: boolean;
  /** What the pod costs per hour while running. */
  rateMicroUsdPerHour: number;
}

/**
 * "Stop idle pods first": only pods whose GPUs are idle are stopped (busy work is never cut),
 * the most expensive first, so the order of the list is the order of the savings.
 */
export function idlePodsToStop(candidates: readonly StopCandidate[]): StopCandidate[] {
  return candidates.filter((c) => c.idle).sort((a, b) => b.rateMicroUsdPerHour - a.rateMicroUsdPerHour || a.podId.localeCompare(b.podId));
}

export type BudgetHealth = 'on-track' | 'at-risk' | 'over';

/** Over: spent the amount. At risk: the forecast for the month passes it. */
export function budgetHealth(budget: Pick<Budget, 'amountCents'>, spentCents: Cents, forecastCents: Cents): BudgetHealth {
  if (spentCents >= budget.amountCents) return 'over';
  return forecastCents > budget.amountCents ? 'at-risk' : 'on-track';
}

/** Months from the budget's first month to the one holding nowMs, as month starts. */
export function monthsToCheck(budget: Pick<Budget, 'createdAtMs'>, sinceMs: number, nowMs: number): number[] {
  const months: number[] = [];
  for (let m = startOfUtcMonth(Math.max(budget.createdAtMs, sinceMs)); m <= nowMs; m = startOfNextUtcMonth(m)) months.push(m);
  return months;
}

/**
 * The first time in [fromMs, toMs] at which a non-decreasing spend reaches a target, to the
 * given precision (bisection); null if it does not reach it by toMs.
 */
export function crossingTimeMs(spendAt: (ms: number) => Cents, fromMs: number, toMs: number, targetCents: Cents, precisionMs = 60_000): number | null {
  if (spendAt(toMs) < targetCents) return null;
  if (spendAt(fromMs) >= targetCents) return fromMs;
  let lo = fromMs;
  let hi = toMs;
  while (hi - lo > precisionMs) {
    const mid = Math.floor((lo + hi) / 2);
    if (spendAt(mid) >= targetCents) hi = mid;
    else lo = mid;
  }
  return hi;
}

export interface BudgetInput {
  projectId: string | null;
  amountCents: Cents;
  thresholdsPercent: number[];
  policy: BudgetPolicy;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Checks a budget as a person entered it. `projectId` is required on create (null for the
 * organization) and ignored on update. Thresholds come back sorted and without repeats.
 */
export function validateBudgetInput(
  raw: unknown,
  options: { projectIds: readonly string[]; requireProject: boolean },
): { ok: true; value: BudgetInput } | { ok: false; errors: FieldProblem[] } {
  const body = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const errors: FieldProblem[] = [];
  let projectId: string | null = null;
  if (options.requireProject) {
    if (!('projectId' in body)) errors.push({ field: 'projectId', message: 'Choose a project, or the whole organization.' });
    else if (body.projectId !== null && (typeof body.projectId !== 'string' || !options.projectIds.includes(body.projectId))) {
      errors.push({ field: 'projectId', message: 'There is no such project in this organization.' });
    } else projectId = body.projectId as string | null;
  }
  const amount = body.amountCents;
  if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 100 || amount > MAX_BUDGET_CENTS) {
    errors.push({ field: 'amountCents', message: `Enter a monthly amount from $1 to $${(MAX_BUDGET_CENTS / 100).toLocaleString('en-US')}, in whole cents.` });
  }
  const thresholds = body.thresholdsPercent;
  let clean: number[] = [];
  if (!Array.isArray(thresholds) || thresholds.length === 0 || thresholds.length > MAX_THRESHOLDS) {
    errors.push({ field: 'thresholdsPercent', message: `Choose from 1 to ${MAX_THRESHOLDS} alert thresholds.` });
  } else if (!thresholds.every((t) => typeof t === 'number' && Number.isInteger(t) && t >= 1 && t <= MAX_THRESHOLD_PERCENT)) {
    errors.push({ field: 'thresholdsPercent', message: `Each threshold is a whole percentage from 1 to ${MAX_THRESHOLD_PERCENT}.` });
  } else clean = [...new Set(thresholds as number[])].sort((a, b) => a - b);
  const policy = body.policy;
  if (typeof policy !== 'string' || !(BUDGET_POLICIES as readonly string[]).includes(policy)) {
    errors.push({ field: 'policy', message: 'Choose what happens when the budget is spent: notify only, stop idle pods first, or block new launches.' });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { projectId, amountCents: amount as number, thresholdsPercent: clean, policy: policy as BudgetPolicy } };
}
