/**
 * Billing: the spend summary with its forecast, spend over time stacked by one dimension, the
 * breakdown with change against the previous period and the pods behind each row, display
 * currencies, invoices, and (from budgets.ts) the budgets and their alerts. Every amount is a
 * sum of ledger rows (spend.ts). Engineers see only their projects; invoices are for finance
 * and admins.
 */
import { CURRENCY_RATES } from '../../domain/currency';
import { FORECAST_METHOD, FORECAST_METHOD_ID } from '../../domain/forecast';
import { invoiceLines, type InvoiceUsage } from '../../domain/invoice';
import {
  breakdownOf,
  keyOf,
  periodsOf,
  previousPeriodOf,
  SPEND_DIMENSIONS,
  spendSeries,
  UNATTRIBUTED,
  type Period,
  type SpendDimension,
} from '../../domain/spend-report';
import { MS_PER_DAY, startOfNextUtcMonth, startOfUtcDay, startOfUtcMonth } from '../../domain/units';
import type { Schemas } from '../api-types';
import { podLedger } from '../billing';
import { gpuTypes, regions } from '../catalog-data';
import { currentUser, personName, requireRole, visibleProjectIds, type CloudContext } from '../context';
import { ok, type Route } from '../http';
import { statusAt } from '../lifecycle';
import type { Pod } from '../model';
import { badRequest, notFound } from '../problem';
import { costRows, egressRows, podsOfProjects, totalCents } from '../spend';
import { budgetMonthView, forecastOf, monthKey, monthToDateCents, projectStats, scopeStats } from './billing-stats';
import { budgetRoutes, visibleBudgets } from './budgets';

const iso = (ms: number): string => new Date(ms).toISOString();
const isoDate = (ms: number): string => iso(ms).slice(0, 10);
/** The longest range one request may ask for. */
const MAX_RANGE_DAYS = 400;
/** Drill-down lists the largest pods one by one, then one line for the rest. */
const MAX_ITEMS = 100;

interface Scope {
  projectId: string | null;
  projectIds: Set<string>;
  pods: Pod[];
}

/** The projects a request covers: the one asked for (if the user may see it), else all they may see. */
function scopeOf(ctx: CloudContext, query: URLSearchParams): Scope {
  const visible = visibleProjectIds(ctx);
  const asked = query.get('projectId');
  if (asked) {
    if (!visible.has(asked)) throw notFound('Project', asked);
    return { projectId: asked, projectIds: new Set([asked]), pods: podsOfProjects(ctx.state.pods, new Set([asked])) };
  }
  return { projectId: null, projectIds: visible, pods: podsOfProjects(ctx.state.pods, visible) };
}

function scopeName(ctx: CloudContext, scope: Scope): string {
  if (scope.projectId) return ctx.state.projects.find((p) => p.id === scope.projectId)?.name ?? scope.projectId;
  return currentUser(ctx).role === 'engineer' ? 'Your projects' : ctx.state.organization.name;
}

/** The time the figures are computed for: now, or an earlier moment the page already shows. */
function asOfMs(ctx: CloudContext, query: URLSearchParams): number {
  const nowMs = ctx.now();
  const raw = query.get('asOf');
  if (raw === null || raw === '') return nowMs;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw badRequest('“asOf” must be a date-time like 2026-11-18T15:00:00Z.', [{ field: 'asOf', message: 'Must be a date-time.' }]);
  return Math.min(ms, nowMs);
}

interface Range {
  period: Period;
  previous: Period;
}

function parseDay(query: URLSearchParams, name: string): number {
  const raw = query.get(name) ?? '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || isoDate(ms) !== raw) throw badRequest(`“${name}” must be a date like 2026-11-01.`, [{ field: name, message: 'Must be a date like 2026-11-01.' }]);
  return ms;
}

/** The period asked for (from/to days, or a range relative to now) and the one it is compared with. */
function rangeOf(query: URLSearchParams, nowMs: number): Range {
  const monthStartMs = startOfUtcMonth(nowMs);
  const lastMonthStartMs = startOfUtcMonth(monthStartMs - 1);
  if (query.has('from') || query.has('to')) {
    const fromMs = parseDay(query, 'from');
    const toDayMs = parseDay(query, 'to');
    if (toDayMs < fromMs) throw badRequest('The range ends before it starts.', [{ field: 'to', message: 'Must be on or after “from”.' }]);
    if (fromMs > nowMs) throw badRequest('The range starts after today.', [{ field: 'from', message: 'Must be today or earlier.' }]);
    if ((toDayMs - fromMs) / MS_PER_DAY + 1 > MAX_RANGE_DAYS) throw badRequest(`Ask for at most ${MAX_RANGE_DAYS} days at a time.`, [{ field: 'from', message: `At most ${MAX_RANGE_DAYS} days.` }]);
    const period = { startMs: fromMs, endMs: Math.min(toDayMs + MS_PER_DAY, nowMs) };
    return { period, previous: previousPeriodOf({ startMs: fromMs, endMs: toDayMs + MS_PER_DAY }) };
  }
  const range = query.get('range') ?? 'month-to-date';
  switch (range) {
    case 'month-to-date':
      // Compared with the same days of last month (to the same hour), as finance reads it.
      return { period: { startMs: monthStartMs, endMs: nowMs }, previous: { startMs: lastMonthStartMs, endMs: Math.min(monthStartMs, lastMonthStartMs + (nowMs - monthStartMs)) } };
    case 'last-month':
      return { period: { startMs: lastMonthStartMs, endMs: monthStartMs }, previous: { startMs: startOfUtcMonth(lastMonthStartMs - 1), endMs: lastMonthStartMs } };
    case 'last-30-days':
    case 'last-90-days': {
      const days = range === 'last-30-days' ? 30 : 90;
      const startMs = startOfUtcDay(nowMs) - (days - 1) * MS_PER_DAY;
      return { period: { startMs, endMs: nowMs }, previous: { startMs: startMs - days * MS_PER_DAY, endMs: startMs } };
    }
    default:
      throw badRequest(`Unknown range “${range}”.`, [{ field: 'range', message: 'Choose month-to-date, last-month, last-30-days or last-90-days.' }]);
  }
}

/** The last day a period covers (its end is exclusive). */
const lastDay = (p: Period): string => isoDate(Math.max(p.startMs, p.endMs - 1));

function dimensionOf(query: URLSearchParams, fallback: SpendDimension | null): SpendDimension {
  const by = query.get('by') ?? fallback;
  if (!by || !(SPEND_DIMENSIONS as readonly string[]).includes(by)) {
    throw badRequest(`Cannot break spend down by “${by ?? ''}”.`, [{ field: 'by', message: 'Choose project, gpuType, region, user or kind.' }]);
  }
  return by as SpendDimension;
}

const KIND_LABELS: Record<string, string> = { gpu: 'GPU compute', disk: 'Disk', egress: 'Egress' };
const UNATTRIBUTED_LABELS: Record<SpendDimension, string> = {
  project: 'No project',
  gpuType: 'Egress (not by GPU type)',
  region: 'Egress (not by region)',
  user: 'Egress (billed to the project)',
  kind: 'Other',
};

export function labelOf(ctx: CloudContext, by: SpendDimension, key: string): string {
  if (key === UNATTRIBUTED) return UNATTRIBUTED_LABELS[by];
  switch (by) {
    case 'project':
      return ctx.state.projects.find((p) => p.id === key)?.name ?? key;
    case 'gpuType':
      return gpuTypes.find((g) => g.id === key)?.name ?? key;
    case 'region': {
      const r = regions.find((x) => x.id === key);
      return r ? `${r.name} (${r.country})` : key;
    }
    case 'user':
      return personName(ctx.state, key);
    case 'kind':
      return KIND_LABELS[key] ?? key;
  }
}

function summaryOf(ctx: CloudContext, query: URLSearchParams): Schemas['BillingSummary'] {
  const nowMs = ctx.now();
  const scope = scopeOf(ctx, query);
  const stats = scopeStats(projectStats(scope.pods, nowMs), scope.projectIds);
  const forecast = forecastOf(stats, nowMs);
  const monthStartMs = startOfUtcMonth(nowMs);
  const lastMonthStartMs = startOfUtcMonth(monthStartMs - 1);
  const sameDaysEndMs = Math.min(monthStartMs, lastMonthStartMs + (nowMs - monthStartMs));
  const sameDaysCents = totalCents(scope.pods, lastMonthStartMs, sameDaysEndMs);
  const budget = visibleBudgets(ctx).find((b) => b.projectId === scope.projectId);
  const spent = monthToDateCents(stats);
  return {
    asOf: iso(nowMs),
    projectId: scope.projectId,
    scopeName: scopeName(ctx, scope),
    monthStart: isoDate(monthStartMs),
    monthEnd: isoDate(startOfNextUtcMonth(nowMs) - 1),
    monthToDate: { gpuCents: stats.gpuCents, diskCents: stats.diskCents, egressCents: stats.egressCents, totalCents: spent },
    lastMonth: { month: monthKey(lastMonthStartMs), totalCents: stats.lastMonthCents, sameDaysCents },
    forecast: {
      monthEndCents: forecast.monthEndCents,
      lowCents: forecast.lowCents,
      highCents: forecast.highCents,
      runRateCentsPerDay: forecast.runRateCentsPerDay,
      recentAverageCentsPerDay: forecast.recentAverageCentsPerDay,
      trendCentsPerDayPerDay: forecast.trendCentsPerDayPerDay,
      scatterCentsPerDay: forecast.scatterCentsPerDay,
      daysObserved: forecast.daysObserved,
      methodId: FORECAST_METHOD_ID,
      method: FORECAST_METHOD,
    },
    budget: budget
      ? { id: budget.id, amountCents: budget.amountCents, policy: budget.policy, status: budgetMonthView(budget, spent, forecast, nowMs, ctx.state.budgetAlerts ?? []) }
      : null,
    egressIncluded: true,
  };
}

function spendOf(ctx: CloudContext, query: URLSearchParams): Schemas['SpendSeries'] {
  const nowMs = asOfMs(ctx, query);
  const scope = scopeOf(ctx, query);
  const { period } = rangeOf(query, nowMs);
  const granularity = query.get('granularity') ?? 'day';
  if (granularity !== 'day' && granularity !== 'week') throw badRequest(`Unknown granularity “${granularity}”.`, [{ field: 'granularity', message: 'Choose day or week.' }]);
  const by = dimensionOf(query, 'project');
  const periods = periodsOf(period.startMs, period.endMs, granularity);
  const s = spendSeries(costRows(scope.pods, period.startMs, period.endMs), periods, by);
  return {
    asOf: iso(nowMs),
    from: isoDate(period.startMs),
    to: lastDay(period),
    granularity,
    by,
    periods: periods.map((p, i) => ({ start: isoDate(p.startMs), end: lastDay(p), totalCents: s.periodTotalsCents[i] ?? 0 })),
    series: s.series.map((line) => ({ key: line.key, label: labelOf(ctx, by, line.key), totalCents: line.totalCents, pointsCents: line.pointsCents })),
    totalCents: s.totalCents,
  };
}

function breakdownView(ctx: CloudContext, query: URLSearchParams): Schemas['SpendBreakdown'] {
  const nowMs = asOfMs(ctx, query);
  const scope = scopeOf(ctx, query);
  const { period, previous } = rangeOf(query, nowMs);
  const by = dimensionOf(query, 'project');
  const b = breakdownOf(costRows(scope.pods, period.startMs, period.endMs), costRows(scope.pods, previous.startMs, previous.endMs), by, period, previous);
  return {
    asOf: iso(nowMs),
    from: isoDate(period.startMs),
    to: lastDay(period),
    previousFrom: isoDate(previous.startMs),
    previousTo: lastDay(previous),
    by,
    totalCents: b.totalCents,
    previousTotalCents: b.previousTotalCents,
    rows: b.lines.map((l) => ({ key: l.key, label: labelOf(ctx, by, l.key), amountCents: l.amountCents, previousCents: l.previousCents, changeCents: l.changeCents, changeRatio: l.changeRatio, share: l.share })),
  };
}

type Item = Schemas['SpendBreakdownItems']['items'][number];

function breakdownItems(ctx: CloudContext, query: URLSearchParams): Schemas['SpendBreakdownItems'] {
  const nowMs = asOfMs(ctx, query);
  const scope = scopeOf(ctx, query);
  const { period } = rangeOf(query, nowMs);
  const by = dimensionOf(query, null);
  const key = query.get('key');
  if (!key) throw badRequest('Say which row to open.', [{ field: 'key', message: 'Required: the key of a breakdown row.' }]);
  const podsById = new Map(scope.pods.map((p) => [p.id, p]));
  const projectName = (id: string) => ctx.state.projects.find((p) => p.id === id)?.name ?? id;
  const byPod = new Map<string, { gpu: number; disk: number }>();
  const egressByProject = new Map<string, number>();
  costRows(scope.pods, period.startMs, period.endMs)((row) => {
    if (keyOf(row, by) !== key) return;
    if (row.kind === 'egress') egressByProject.set(row.projectId, (egressByProject.get(row.projectId) ?? 0) + row.cents);
    else if (row.podId) {
      const a = byPod.get(row.podId) ?? { gpu: 0, disk: 0 };
      if (row.kind === 'gpu') a.gpu += row.cents;
      else a.disk += row.cents;
      byPod.set(row.podId, a);
    }
  });
  const podItems: Item[] = [...byPod.entries()].map(([podId, a]) => {
    const pod = podsById.get(podId)!;
    return {
      kind: 'pod',
      podId,
      name: pod.name,
      projectId: pod.projectId,
      projectName: projectName(pod.projectId),
      ownerName: personName(ctx.state, pod.ownerId),
      gpuTypeId: pod.gpuTypeId,
      gpuCount: pod.gpuCount,
      migProfile: pod.migProfile ?? null,
      regionId: pod.regionId,
      status: statusAt(pod, nowMs),
      podCount: 1,
      gpuCents: a.gpu,
      diskCents: a.disk,
      egressCents: 0,
      amountCents: a.gpu + a.disk,
    };
  });
  podItems.sort((x, y) => y.amountCents - x.amountCents || x.name.localeCompare(y.name));
  const items: Item[] = podItems.slice(0, MAX_ITEMS);
  const rest = podItems.slice(MAX_ITEMS);
  if (rest.length > 0) {
    const sum = (f: (i: Item) => number) => rest.reduce((a, i) => a + f(i), 0);
    items.push({ kind: 'more-pods', podId: null, name: `${rest.length} more pods`, projectId: null, projectName: null, ownerName: null, gpuTypeId: null, gpuCount: null, migProfile: null, regionId: null, status: null, podCount: rest.length, gpuCents: sum((i) => i.gpuCents), diskCents: sum((i) => i.diskCents), egressCents: 0, amountCents: sum((i) => i.amountCents) });
  }
  for (const [projectId, cents] of [...egressByProject.entries()].sort((a, b) => b[1] - a[1])) {
    items.push({ kind: 'egress', podId: null, name: `Egress to the internet, ${projectName(projectId)}`, projectId, projectName: projectName(projectId), ownerName: null, gpuTypeId: null, gpuCount: null, migProfile: null, regionId: null, status: null, podCount: 0, gpuCents: 0, diskCents: 0, egressCents: cents, amountCents: cents });
  }
  return { from: isoDate(period.startMs), to: lastDay(period), by, key, label: labelOf(ctx, by, key), totalCents: items.reduce((a, i) => a + i.amountCents, 0), items };
}

function invoiceMonths(ctx: CloudContext, nowMs: number): number[] {
  const first = ctx.state.pods.reduce((a, p) => Math.min(a, p.createdAtMs), nowMs);
  const months: number[] = [];
  for (let m = startOfUtcMonth(first); m <= nowMs; m = startOfNextUtcMonth(m)) months.push(m);
  return months.reverse();
}

function invoiceHead(monthStartMs: number, nowMs: number, totalCents: number): Schemas['InvoiceSummary'] {
  const endMs = startOfNextUtcMonth(monthStartMs);
  const issued = endMs <= nowMs;
  return { month: monthKey(monthStartMs), status: issued ? 'issued' : 'open', periodStart: isoDate(monthStartMs), periodEnd: isoDate(endMs - 1), issuedAt: issued ? iso(endMs) : null, totalCents };
}

function invoiceOf(ctx: CloudContext, monthStartMs: number, nowMs: number): Schemas['Invoice'] {
  const endMs = Math.min(startOfNextUtcMonth(monthStartMs), nowMs);
  const usage: InvoiceUsage[] = [];
  for (const pod of ctx.state.pods) {
    for (const r of podLedger(pod, monthStartMs, endMs)) {
      if (r.runningMs > 0 || r.gpuCents !== 0) usage.push({ kind: 'gpu', gpuTypeId: pod.gpuTypeId, gpuCount: pod.gpuCount, migProfile: pod.migProfile ?? null, runningMs: r.runningMs, cents: r.gpuCents });
      usage.push({ kind: 'disk', diskGb: pod.diskGb, existingMs: r.existingMs, cents: r.diskCents });
    }
  }
  for (const e of egressRows(ctx.state.pods, monthStartMs, endMs)) usage.push({ kind: 'egress', bytes: e.internetBytes, cents: e.cents });
  const { lines, totalCents } = invoiceLines(usage);
  const describe = (l: (typeof lines)[number]): string => {
    if (l.kind === 'gpu') return `${gpuTypes.find((g) => g.id === l.gpuTypeId)?.name ?? l.gpuTypeId} GPU compute`;
    return l.kind === 'disk' ? 'Block storage (pod disks)' : 'Egress to the internet (after the free allowance)';
  };
  return {
    ...invoiceHead(monthStartMs, nowMs, totalCents),
    asOf: iso(endMs),
    organizationName: ctx.state.organization.name,
    lines: lines.map((l) => ({ kind: l.kind, description: describe(l), gpuTypeId: l.gpuTypeId, quantity: l.quantity, unit: l.unit, averageUnitPriceMicroUsd: l.averageUnitPriceMicroUsd, amountCents: l.amountCents })),
  };
}

function listInvoices(ctx: CloudContext): { items: Array<Schemas['InvoiceSummary']> } {
  requireRole(ctx, ['admin', 'finance'], 'see invoices');
  const nowMs = ctx.now();
  const months = invoiceMonths(ctx, nowMs);
  // One pass over the whole history, each row counted in its month.
  const byMonth = new Map<number, number>();
  costRows(ctx.state.pods, months[months.length - 1] ?? nowMs, nowMs)((row) => {
    const m = startOfUtcMonth(row.dayStartMs);
    byMonth.set(m, (byMonth.get(m) ?? 0) + row.cents);
  });
  return { items: months.map((m) => invoiceHead(m, nowMs, byMonth.get(m) ?? 0)) };
}

function getInvoice(ctx: CloudContext, month: string): Schemas['Invoice'] {
  requireRole(ctx, ['admin', 'finance'], 'see invoices');
  const nowMs = ctx.now();
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  const monthStartMs = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, 1) : NaN;
  if (!m || !invoiceMonths(ctx, nowMs).includes(monthStartMs)) throw notFound('Invoice', month);
  return invoiceOf(ctx, monthStartMs, nowMs);
}

function currencies(): Schemas['CurrencyRates'] {
  return { base: 'USD', rates: CURRENCY_RATES.map((r) => ({ currency: r.currency, name: r.name, unitsPerUsdMicros: r.unitsPerUsdMicros, asOf: r.asOf, source: r.source })) };
}

export const billingRoutes: Route[] = [
  { method: 'GET', path: '/v1/billing/summary', handler: (ctx, { query }) => ok(summaryOf(ctx, query)) },
  { method: 'GET', path: '/v1/billing/spend', handler: (ctx, { query }) => ok(spendOf(ctx, query)) },
  { method: 'GET', path: '/v1/billing/breakdown', handler: (ctx, { query }) => ok(breakdownView(ctx, query)) },
  { method: 'GET', path: '/v1/billing/breakdown/items', handler: (ctx, { query }) => ok(breakdownItems(ctx, query)) },
  { method: 'GET', path: '/v1/billing/currencies', handler: () => ok(currencies()) },
  { method: 'GET', path: '/v1/invoices', handler: (ctx) => ok(listInvoices(ctx)) },
  { method: 'GET', path: '/v1/invoices/:month', handler: (ctx, { params }) => ok(getInvoice(ctx, params.month ?? '')) },
  ...budgetRoutes,
];
