/**
 * Budgets: a monthly amount per project or for the organization, alert thresholds and a policy.
 * Finance and admins set them (403 for engineers); everyone sees the budgets of the projects
 * they can see (the organization's budget is for finance and admins). Setting or changing a
 * budget checks it at once, so a threshold already passed alerts now.
 */
import { validateBudgetInput, type Budget, type BudgetAlert } from '../../domain/budgets';
import type { Schemas } from '../api-types';
import { currentUser, personName, requireRole, visibleProjectIds, type CloudContext } from '../context';
import { created, ok, type Route } from '../http';
import { badRequest, notFound, problem } from '../problem';
import { startOfNextUtcMonth, startOfUtcMonth } from '../../domain/units';
import { hashString } from '../rng';
import { podsOfProjects } from '../spend';
import { budgetMonthView, forecastOf, monthKey, monthToDateCents, projectStats, scopeStats, type ScopeStats } from './billing-stats';
import { checkBudgets, scopeNameOf } from './budget-reconcile';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The budgets the acting user may see. */
export function visibleBudgets(ctx: CloudContext): Budget[] {
  const visible = visibleProjectIds(ctx);
  const engineer = currentUser(ctx).role === 'engineer';
  return (ctx.state.budgets ?? []).filter((b) => (b.projectId === null ? !engineer : visible.has(b.projectId)));
}

function findBudget(ctx: CloudContext, budgetId: string): Budget {
  const budget = visibleBudgets(ctx).find((b) => b.id === budgetId);
  if (!budget) throw notFound('Budget', budgetId);
  return budget;
}

function userName(ctx: CloudContext, id: string): string {
  return personName(ctx.state, id);
}

/** Views of some budgets, from one pass over the ledger for the projects they cover. */
function budgetViews(ctx: CloudContext, budgets: readonly Budget[]): Array<Schemas['Budget']> {
  if (budgets.length === 0) return [];
  const nowMs = ctx.now();
  const whole = budgets.some((b) => b.projectId === null);
  const projectIds = new Set(whole ? ctx.state.projects.map((p) => p.id) : budgets.map((b) => b.projectId!));
  const stats = projectStats(podsOfProjects(ctx.state.pods, projectIds), nowMs);
  const alerts = ctx.state.budgetAlerts ?? [];
  return budgets.map((b) => {
    const s: ScopeStats = scopeStats(stats, b.projectId === null ? projectIds : [b.projectId]);
    return {
      id: b.id,
      projectId: b.projectId,
      scopeName: scopeNameOf(ctx.state, b.projectId),
      amountCents: b.amountCents,
      thresholdsPercent: b.thresholdsPercent,
      policy: b.policy,
      createdAt: iso(b.createdAtMs),
      createdBy: userName(ctx, b.createdById),
      updatedAt: iso(b.updatedAtMs),
      updatedBy: userName(ctx, b.updatedById),
      month: budgetMonthView(b, monthToDateCents(s), forecastOf(s, nowMs), nowMs, alerts),
    };
  });
}

function alertView(ctx: CloudContext, a: BudgetAlert): Schemas['BudgetAlert'] {
  return {
    id: a.id,
    budgetId: a.budgetId,
    projectId: a.projectId,
    scopeName: scopeNameOf(ctx.state, a.projectId),
    month: monthKey(a.monthStartMs),
    thresholdPercent: a.thresholdPercent,
    budgetCents: a.budgetCents,
    thresholdCents: a.thresholdCents,
    spentCents: a.spentCents,
    crossedAt: iso(a.crossedAtMs),
    firedAt: iso(a.firedAtMs),
    action:
      a.action === null
        ? null
        : {
            kind: a.action.kind,
            pods: a.action.kind === 'stopped-idle-pods' ? a.action.pods : [],
            until: a.action.kind === 'blocked-launches' ? iso(a.action.untilMs) : null,
          },
  };
}

const EDITORS = ['admin', 'finance'] as const;

function createBudget(ctx: CloudContext, body: unknown): Schemas['Budget'] {
  const user = requireRole(ctx, [...EDITORS], 'set budgets');
  const checked = validateBudgetInput(body, { projectIds: ctx.state.projects.map((p) => p.id), requireProject: true });
  if (!checked.ok) throw badRequest('Some fields of the budget need another look.', checked.errors);
  const input = checked.value;
  const budgets = (ctx.state.budgets ??= []);
  const existing = budgets.find((b) => b.projectId === input.projectId);
  if (existing) {
    throw problem(409, 'budget-exists', 'A budget is already set', `${scopeNameOf(ctx.state, input.projectId)} already has a monthly budget; change that one instead.`, { budgetId: existing.id });
  }
  const nowMs = ctx.now();
  const budget: Budget = {
    id: `bgt-${hashString(`${input.projectId ?? 'org'}:${nowMs}:${budgets.length}`).toString(36)}`,
    ...input,
    createdAtMs: nowMs,
    createdById: user.id,
    updatedAtMs: nowMs,
    updatedById: user.id,
  };
  budgets.push(budget);
  ctx.save();
  checkBudgets(ctx, nowMs);
  return budgetViews(ctx, [budget])[0]!;
}

function updateBudget(ctx: CloudContext, budgetId: string, body: unknown): Schemas['Budget'] {
  const user = requireRole(ctx, [...EDITORS], 'change budgets');
  const budget = findBudget(ctx, budgetId);
  if (typeof body === 'object' && body !== null && 'projectId' in body) {
    throw badRequest('A budget keeps its project; delete it and set a new one instead.', [{ field: 'projectId', message: 'Cannot be changed.' }]);
  }
  const checked = validateBudgetInput(body, { projectIds: [], requireProject: false });
  if (!checked.ok) throw badRequest('Some fields of the budget need another look.', checked.errors);
  const nowMs = ctx.now();
  budget.amountCents = checked.value.amountCents;
  budget.thresholdsPercent = checked.value.thresholdsPercent;
  budget.policy = checked.value.policy;
  budget.updatedAtMs = nowMs;
  budget.updatedById = user.id;
  ctx.save();
  checkBudgets(ctx, nowMs);
  return budgetViews(ctx, [budget])[0]!;
}

function deleteBudget(ctx: CloudContext, budgetId: string): void {
  requireRole(ctx, [...EDITORS], 'remove budgets');
  const budget = findBudget(ctx, budgetId);
  ctx.state.budgets = (ctx.state.budgets ?? []).filter((b) => b.id !== budget.id);
  ctx.save();
}

function listAlerts(ctx: CloudContext): { items: Array<Schemas['BudgetAlert']> } {
  const visible = visibleProjectIds(ctx);
  const engineer = currentUser(ctx).role === 'engineer';
  const items = (ctx.state.budgetAlerts ?? [])
    .filter((a) => (a.projectId === null ? !engineer : visible.has(a.projectId)))
    .sort((a, b) => b.firedAtMs - a.firedAtMs || b.thresholdPercent - a.thresholdPercent)
    .map((a) => alertView(ctx, a));
  return { items };
}

/**
 * The budgets acting on the user's projects now: spent this month, with a policy that stops idle
 * pods or blocks launches. Everyone they act on sees them, engineers included (the organization's
 * budget too: its scope and what it does, not its amounts), with the user's own pods it stopped.
 */
function listActing(ctx: CloudContext): { items: Array<Schemas['ActingBudget']> } {
  const visible = visibleProjectIds(ctx);
  const acting = (ctx.state.budgets ?? []).filter((b) => b.policy !== 'notify' && (b.projectId === null || visible.has(b.projectId)));
  if (acting.length === 0) return { items: [] };
  const views = budgetViews(ctx, acting);
  const nowMs = ctx.now();
  const monthStartMs = startOfUtcMonth(nowMs);
  const projectOf = new Map(ctx.state.pods.map((p) => [p.id, p.projectId]));
  const items = acting.flatMap((b, i): Array<Schemas['ActingBudget']> => {
    if (views[i]?.month.health !== 'over' || b.policy === 'notify') return [];
    const fired = (ctx.state.budgetAlerts ?? []).filter((a) => a.budgetId === b.id && a.monthStartMs === monthStartMs);
    const spentAt = fired.filter((a) => a.thresholdPercent >= 100).map((a) => a.crossedAtMs);
    const stoppedPods = fired.flatMap((a) => (a.action?.kind === 'stopped-idle-pods' ? a.action.pods : [])).filter((p) => visible.has(projectOf.get(p.id) ?? ''));
    return [
      {
        budgetId: b.id,
        projectId: b.projectId,
        scopeName: scopeNameOf(ctx.state, b.projectId),
        policy: b.policy,
        since: iso(spentAt.length > 0 ? Math.min(...spentAt) : nowMs),
        until: iso(startOfNextUtcMonth(nowMs)),
        stoppedPods,
      },
    ];
  });
  return { items: items.sort((a, b) => Date.parse(b.since) - Date.parse(a.since)) };
}

export const budgetRoutes: Route[] = [
  { method: 'GET', path: '/v1/budgets', handler: (ctx) => ok({ items: budgetViews(ctx, visibleBudgets(ctx)) }) },
  { method: 'POST', path: '/v1/budgets', handler: (ctx, { body }) => created(createBudget(ctx, body)) },
  // Before /:budgetId, which would otherwise take "alerts" for an id.
  { method: 'GET', path: '/v1/budgets/alerts', handler: (ctx) => ok(listAlerts(ctx)) },
  { method: 'GET', path: '/v1/budgets/acting', handler: (ctx) => ok(listActing(ctx)) },
  { method: 'GET', path: '/v1/budgets/:budgetId', handler: (ctx, { params }) => ok(budgetViews(ctx, [findBudget(ctx, params.budgetId ?? '')])[0]) },
  { method: 'PUT', path: '/v1/budgets/:budgetId', handler: (ctx, { params, body }) => ok(updateBudget(ctx, params.budgetId ?? '', body)) },
  {
    method: 'DELETE',
    path: '/v1/budgets/:budgetId',
    handler: (ctx, { params }) => {
      deleteBudget(ctx, params.budgetId ?? '');
      return { status: 204 };
    },
  },
];
