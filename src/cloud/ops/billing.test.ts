/** Billing through the contract-checked test API: figures are sums of the ledger, roles hold, budgets act as the clock moves. */
import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../api/client';
import { testCloud } from '../../testing/server';
import { spendTotals } from '../billing';
import { statusAt } from '../lifecycle';
import { MS_PER_DAY, MS_PER_HOUR } from '../../domain/units';
import { monthSpendAt } from '../spend';
import { assertLaunchAllowed } from '../budget-guard';
import { Problem } from '../problem';
import { podIdleNow } from './budget-reconcile';

const api = createApiClient('http://localhost/api');
const NOV = Date.UTC(2026, 10, 1);
const OCT = Date.UTC(2026, 9, 1);

async function actAs(userId: string) {
  await api.POST('/v1/simulation/act-as', { body: { userId } });
}

describe('the spend summary', { timeout: 20_000 }, () => {
  it('adds GPU, disk and egress to the month to date, and forecasts at least that', async () => {
    const s = (await api.GET('/v1/billing/summary')).data!;
    const ctx = testCloud().context;
    const now = ctx.now();
    const totals = spendTotals(ctx.state.pods, NOV, now);
    expect(s.monthToDate.gpuCents).toBe(totals.gpuCents);
    expect(s.monthToDate.diskCents).toBe(totals.diskCents);
    expect(s.monthToDate.totalCents).toBe(totals.totalCents + s.monthToDate.egressCents);
    expect(s.monthToDate.totalCents).toBe(monthSpendAt(ctx.state.pods, now).organizationCents);
    expect(s.monthStart).toBe('2026-11-01');
    expect(s.monthEnd).toBe('2026-11-30');
    expect(s.lastMonth.month).toBe('2026-10');
    expect(s.lastMonth.totalCents).toBeGreaterThan(s.lastMonth.sameDaysCents);
    expect(s.forecast.lowCents).toBeGreaterThanOrEqual(s.monthToDate.totalCents);
    expect(s.forecast.lowCents).toBeLessThanOrEqual(s.forecast.monthEndCents);
    expect(s.forecast.monthEndCents).toBeLessThanOrEqual(s.forecast.highCents);
    expect(s.forecast.method).toMatch(/run-rate/);
    expect(s.forecast.daysObserved).toBe(14);
    expect(s.budget).toBeNull();
  });

  it('shows one project when asked, and engineers only their own projects', async () => {
    const vision = (await api.GET('/v1/billing/summary', { params: { query: { projectId: 'p-vision' } } })).data!;
    const all = (await api.GET('/v1/billing/summary')).data!;
    expect(vision.scopeName).toBe('Vision');
    expect(vision.monthToDate.totalCents).toBeLessThan(all.monthToDate.totalCents);
    await actAs('u-ana'); // engineer in Vision and Model serving
    const ana = (await api.GET('/v1/billing/summary')).data!;
    expect(ana.scopeName).toBe('Your projects');
    const ctx = testCloud().context;
    const spend = monthSpendAt(ctx.state.pods, ctx.now());
    expect(ana.monthToDate.totalCents).toBe((spend.byProjectCents['p-vision'] ?? 0) + (spend.byProjectCents['p-serving'] ?? 0));
    const hidden = await api.GET('/v1/billing/summary', { params: { query: { projectId: 'p-llm' } } });
    expect(hidden.response.status).toBe(404);
  });
});

describe('spend over time and the breakdown', { timeout: 20_000 }, () => {
  it('stacks series that sum to each day and to the total, for every dimension', async () => {
    for (const by of ['project', 'gpuType', 'region', 'user', 'kind'] as const) {
      const s = (await api.GET('/v1/billing/spend', { params: { query: { by, range: 'month-to-date' } } })).data!;
      expect(s.periods).toHaveLength(18);
      s.periods.forEach((p, i) => expect(s.series.reduce((a, line) => a + line.pointsCents[i]!, 0)).toBe(p.totalCents));
      expect(s.periods.reduce((a, p) => a + p.totalCents, 0)).toBe(s.totalCents);
      expect(s.series.every((line) => line.label.length > 0)).toBe(true);
    }
    const kinds = (await api.GET('/v1/billing/spend', { params: { query: { by: 'kind' } } })).data!;
    expect(kinds.series.map((x) => x.label)).toEqual(expect.arrayContaining(['GPU compute', 'Disk']));
    const weeks = (await api.GET('/v1/billing/spend', { params: { query: { granularity: 'week', range: 'last-30-days' } } })).data!;
    expect(weeks.periods[0]!.start).toBe('2026-10-20');
    expect(weeks.periods.slice(1).every((p) => new Date(`${p.start}T00:00:00Z`).getUTCDay() === 1)).toBe(true);
  });

  it('matches the summary’s month to date, and its rows sum to it with share and change', async () => {
    const summary = (await api.GET('/v1/billing/summary')).data!;
    const b = (await api.GET('/v1/billing/breakdown', { params: { query: { by: 'project' } } })).data!;
    expect(b.totalCents).toBe(summary.monthToDate.totalCents);
    expect(b.rows.reduce((a, r) => a + r.amountCents, 0)).toBe(b.totalCents);
    expect(b.previousTotalCents).toBe(summary.lastMonth.sameDaysCents);
    expect(b.previousFrom).toBe('2026-10-01');
    expect(b.previousTo).toBe('2026-10-18');
    const vision = b.rows.find((r) => r.key === 'p-vision')!;
    expect(vision.label).toBe('Vision');
    expect(vision.share).toBeCloseTo(vision.amountCents / b.totalCents, 10);
    expect(vision.changeCents).toBe(vision.amountCents - vision.previousCents);
  });

  it('opens a row to the pods behind it, which sum to the row to the cent', async () => {
    const query = { by: 'project' as const, range: 'last-month' as const };
    const b = (await api.GET('/v1/billing/breakdown', { params: { query } })).data!;
    for (const row of b.rows) {
      const items = (await api.GET('/v1/billing/breakdown/items', { params: { query: { ...query, key: row.key } } })).data!;
      expect(items.totalCents).toBe(row.amountCents);
      expect(items.items.reduce((a, i) => a + i.amountCents, 0)).toBe(row.amountCents);
      expect(items.items.filter((i) => i.kind === 'pod').every((i) => i.projectId === row.key)).toBe(true);
    }
    const gpu = (await api.GET('/v1/billing/breakdown/items', { params: { query: { by: 'kind', key: 'gpu' } } })).data!;
    expect(gpu.items.every((i) => i.diskCents === 0 && i.egressCents === 0)).toBe(true);
  });

  it('refuses a range it cannot read, naming the field', async () => {
    const bad = await api.GET('/v1/billing/spend', { params: { query: { from: '2026-11-10', to: '2026-11-01' } } });
    expect(bad.response.status).toBe(400);
    expect(bad.error?.errors?.[0]?.field).toBe('to');
    const by = await api.GET('/v1/billing/breakdown', { params: { query: { by: 'colour' as never } } });
    expect(by.error?.errors?.[0]?.field).toBe('by');
    const custom = (await api.GET('/v1/billing/spend', { params: { query: { from: '2026-11-01', to: '2026-11-07' } } })).data!;
    expect(custom.periods.map((p) => p.start)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07']);
  });
});

describe('invoices', { timeout: 20_000 }, () => {
  it('list months with lines that add up to each total, for finance and admins only', async () => {
    await actAs('u-oskar');
    const list = (await api.GET('/v1/invoices')).data!;
    expect(list.items.map((i) => i.month)).toEqual(['2026-11', '2026-10', '2026-09', '2026-08']);
    expect(list.items[0]!.status).toBe('open');
    expect(list.items[1]!.status).toBe('issued');
    const oct = (await api.GET('/v1/invoices/{month}', { params: { path: { month: '2026-10' } } })).data!;
    expect(oct.lines.reduce((a, l) => a + l.amountCents, 0)).toBe(oct.totalCents);
    expect(oct.totalCents).toBe(list.items[1]!.totalCents);
    const ctx = testCloud().context;
    expect(oct.totalCents).toBe(monthSpendAt(ctx.state.pods, NOV, OCT).organizationCents);
    expect(oct.lines.map((l) => l.unit)).toEqual(expect.arrayContaining(['GPU-hour', 'GB-month']));
    expect(oct.lines.find((l) => l.kind === 'gpu')?.description).toMatch(/GPU compute$/);
    expect((await api.GET('/v1/invoices/{month}', { params: { path: { month: '2025-01' } } })).response.status).toBe(404);
    await actAs('u-ana');
    const denied = await api.GET('/v1/invoices');
    expect(denied.response.status).toBe(403);
    expect(denied.error?.detail).toMatch(/engineer/);
  });
});

describe('budgets', { timeout: 20_000 }, () => {
  it('are set by finance and admins, not engineers, one per scope', async () => {
    await actAs('u-ana');
    const denied = await api.POST('/v1/budgets', { body: { projectId: 'p-vision', amountCents: 100_000_00, thresholdsPercent: [80], policy: 'notify' } });
    expect(denied.response.status).toBe(403);
    await actAs('u-oskar');
    const made = await api.POST('/v1/budgets', { body: { projectId: 'p-vision', amountCents: 100_000_00, thresholdsPercent: [100, 50, 80], policy: 'notify' } });
    expect(made.response.status).toBe(201);
    expect(made.data?.thresholdsPercent).toEqual([50, 80, 100]);
    expect(made.data?.createdBy).toBe('Oskar Lindqvist');
    const again = await api.POST('/v1/budgets', { body: { projectId: 'p-vision', amountCents: 100, thresholdsPercent: [80], policy: 'notify' } });
    expect(again.response.status).toBe(409);
    const invalid = await api.POST('/v1/budgets', { body: { projectId: 'p-nope', amountCents: 5, thresholdsPercent: [], policy: 'notify' } });
    expect(invalid.error?.errors?.map((e) => e.field)).toEqual(['projectId', 'amountCents', 'thresholdsPercent']);
    await actAs('u-ana');
    expect((await api.PUT('/v1/budgets/{budgetId}', { params: { path: { budgetId: made.data!.id } }, body: { amountCents: 100, thresholdsPercent: [80], policy: 'notify' } })).response.status).toBe(403);
    expect((await api.DELETE('/v1/budgets/{budgetId}', { params: { path: { budgetId: made.data!.id } } })).response.status).toBe(403);
    // Engineers see their projects' budgets, read-only.
    expect((await api.GET('/v1/budgets')).data?.items.map((b) => b.scopeName)).toEqual(['Vision']);
  });

  it('fire an 80% alert when the clock carries spend across it, with when and why', async () => {
    await actAs('u-oskar');
    const ctx = testCloud().context;
    const spent = monthSpendAt(ctx.state.pods, ctx.now()).byProjectCents['p-llm']!;
    // Set so that spend now is 70% of it: 80% comes a few days later at this pace.
    const amountCents = Math.round(spent / 0.7);
    const made = (await api.POST('/v1/budgets', { body: { projectId: 'p-llm', amountCents, thresholdsPercent: [50, 80, 100], policy: 'notify' } })).data!;
    expect(made.month.percentUsed).toBeCloseTo(70, 0);
    expect(made.month.alertsFiredPercent).toEqual([50]);
    let alerts = (await api.GET('/v1/budgets/alerts')).data!.items;
    expect(alerts.map((a) => a.thresholdPercent)).toEqual([50]);
    // Already past 50% when the budget was set: raised at that moment, crossed earlier.
    expect(Date.parse(alerts[0]!.firedAt)).toBe(ctx.now());
    expect(Date.parse(alerts[0]!.crossedAt)).toBeLessThan(ctx.now());
    const before = ctx.now();
    await api.POST('/v1/simulation/advance', { body: { durationMs: 7 * MS_PER_DAY } });
    alerts = (await api.GET('/v1/budgets/alerts')).data!.items;
    const eighty = alerts.find((a) => a.thresholdPercent === 80)!;
    expect(eighty).toBeDefined();
    expect(eighty.scopeName).toBe('LLM research');
    expect(eighty.spentCents).toBeGreaterThanOrEqual(eighty.thresholdCents);
    // "Spent then" is the spend when it fired, not days later when the check caught up.
    expect(eighty.spentCents).toBeLessThanOrEqual(eighty.thresholdCents + 1_000);
    expect(eighty.spentCents).toBeLessThan(monthSpendAt(ctx.state.pods, ctx.now()).byProjectCents['p-llm']! - 1_000);
    expect(eighty.thresholdCents).toBe(Math.round(amountCents * 0.8));
    const crossed = Date.parse(eighty.crossedAt);
    expect(crossed).toBeGreaterThan(before);
    expect(crossed).toBeLessThan(ctx.now());
    // Spend at the crossing minute is at the threshold (within the minute's spend).
    const atCrossing = monthSpendAt(ctx.state.pods, crossed).byProjectCents['p-llm']!;
    expect(atCrossing).toBeGreaterThanOrEqual(eighty.thresholdCents - 1_000);
    expect(monthSpendAt(ctx.state.pods, crossed - 60 * 60_000).byProjectCents['p-llm']!).toBeLessThan(eighty.thresholdCents);
    // It fires once.
    await api.POST('/v1/simulation/advance', { body: { durationMs: MS_PER_HOUR } });
    expect((await api.GET('/v1/budgets/alerts')).data!.items.filter((a) => a.thresholdPercent === 80)).toHaveLength(1);
  });

  it('warn through the forecast before the budget is crossed', async () => {
    await actAs('u-maya');
    const s = (await api.GET('/v1/billing/summary', { params: { query: { projectId: 'p-search' } } })).data!;
    const amountCents = Math.round((s.monthToDate.totalCents + s.forecast.monthEndCents) / 2);
    await api.POST('/v1/budgets', { body: { projectId: 'p-search', amountCents, thresholdsPercent: [100], policy: 'notify' } });
    const after = (await api.GET('/v1/billing/summary', { params: { query: { projectId: 'p-search' } } })).data!;
    expect(after.budget?.status.health).toBe('at-risk');
    const runOut = Date.parse(after.budget!.status.runOutAt!);
    expect(runOut).toBeGreaterThan(Date.parse(after.asOf));
    expect(runOut).toBeLessThan(Date.UTC(2026, 11, 1));
  });

  it('block new launches in the project once spent, with a problem that says why and until when', async () => {
    await actAs('u-oskar');
    const ctx = testCloud().context;
    const spent = monthSpendAt(ctx.state.pods, ctx.now()).byProjectCents['p-serving']!;
    expect(() => assertLaunchAllowed(ctx, 'p-serving')).not.toThrow();
    const made = (await api.POST('/v1/budgets', { body: { projectId: 'p-serving', amountCents: spent - 100, thresholdsPercent: [80], policy: 'block-launches' } })).data!;
    expect(made.month.launchesBlocked).toBe(true);
    expect(made.month.health).toBe('over');
    let problem: unknown;
    try {
      assertLaunchAllowed(ctx, 'p-serving');
    } catch (e) {
      problem = e;
    }
    expect(problem).toBeInstanceOf(Problem);
    expect((problem as Problem).status).toBe(403);
    expect((problem as Problem).body.detail).toMatch(/Model serving project’s monthly budget .* is spent .* blocks new launches until December 1, 2026/);
    expect(() => assertLaunchAllowed(ctx, 'p-vision')).not.toThrow();
    // Through the API, as an admin launching in that project.
    await actAs('u-maya');
    const launch = {
      name: 'blocked-pod', projectId: 'p-serving', gpuTypeId: 'l4', gpuCount: 1, regionId: 'ca-mtl-1', imageId: 'pytorch-2.9-cuda12.8',
      diskGb: 100, autoStopIdleMinutes: 30, sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf me@laptop',
    };
    const refused = await api.POST('/v1/pods', { params: { header: { 'Idempotency-Key': 'budget-blocked-1' } }, body: launch });
    expect(refused.response.status).toBe(403);
    expect(refused.error?.type).toBe('https://northlight.example/problems/budget-blocks-launches');
    const elsewhere = await api.POST('/v1/pods', { params: { header: { 'Idempotency-Key': 'budget-blocked-2' } }, body: { ...launch, projectId: 'p-vision' } });
    expect(elsewhere.response.status).toBe(201);
    await actAs('u-oskar');
    const alert = (await api.GET('/v1/budgets/alerts')).data!.items.find((a) => a.thresholdPercent === 100)!;
    expect(alert.action).toEqual({ kind: 'blocked-launches', pods: [], until: '2026-12-01T00:00:00.000Z' });
    // Raising the budget lets launches through again.
    const raised = (await api.PUT('/v1/budgets/{budgetId}', { params: { path: { budgetId: made.id } }, body: { amountCents: spent * 2, thresholdsPercent: [80], policy: 'block-launches' } })).data!;
    expect(raised.month.launchesBlocked).toBe(false);
    expect(() => assertLaunchAllowed(ctx, 'p-serving')).not.toThrow();
    expect((await api.GET('/v1/budgets/{budgetId}', { params: { path: { budgetId: made.id } } })).data?.amountCents).toBe(spent * 2);
    expect((await api.DELETE('/v1/budgets/{budgetId}', { params: { path: { budgetId: made.id } } })).response.status).toBe(204);
    expect((await api.GET('/v1/budgets/{budgetId}', { params: { path: { budgetId: made.id } } })).response.status).toBe(404);
  });

  it('stop idle pods first, and only idle ones, when an organization budget is spent', async () => {
    await actAs('u-maya');
    const ctx = testCloud().context;
    const now = ctx.now();
    const running = ctx.state.pods.filter((p) => statusAt(p, now) === 'running');
    const idle = running.filter((p) => podIdleNow(p, now));
    const busy = running.filter((p) => !podIdleNow(p, now));
    expect(idle.length).toBeGreaterThan(0);
    expect(busy.length).toBeGreaterThan(0);
    const made = await api.POST('/v1/budgets', { body: { projectId: null, amountCents: 100_00, thresholdsPercent: [50], policy: 'stop-idle-pods' } });
    expect(made.response.status).toBe(201);
    const alert = (await api.GET('/v1/budgets/alerts')).data!.items.find((a) => a.thresholdPercent === 100)!;
    expect(alert.action?.kind).toBe('stopped-idle-pods');
    expect(new Set(alert.action!.pods.map((p) => p.id))).toEqual(new Set(idle.map((p) => p.id)));
    const later = ctx.now() + 60_000;
    for (const p of idle) expect(statusAt(p, later)).toBe('stopped');
    for (const p of busy) expect(statusAt(p, later)).toBe('running');
    const events = (await api.GET('/v1/pods/{podId}', { params: { path: { podId: idle[0]!.id } } })).data!.events;
    expect(events.find((e) => e.status === 'stopping' && Date.parse(e.at) === now)?.reason).toBe('Stopped by the Lumen AI budget policy (GPUs idle, budget spent)');
  });
});

describe('display currencies', { timeout: 20_000 }, () => {
  it('lists CAD, EUR and SEK with a fixed rate, its date and source', async () => {
    const c = (await api.GET('/v1/billing/currencies')).data!;
    expect(c.base).toBe('USD');
    expect(c.rates.map((r) => r.currency)).toEqual(['USD', 'CAD', 'EUR', 'SEK']);
    expect(c.rates.every((r) => r.asOf && r.source)).toBe(true);
  });
});

describe('budgets acting on people', { timeout: 30_000 }, () => {
  it('tell an engineer the organization’s budget stopped idle pods, naming only their own, without its amounts', async () => {
    await api.POST('/v1/simulation/reset', { body: { scenario: 'startup' } });
    expect((await api.GET('/v1/budgets/acting')).data?.items).toEqual([]);
    await api.POST('/v1/simulation/advance', { body: { durationMs: MS_PER_DAY } });
    const ctx = testCloud().context;
    const admin = (await api.GET('/v1/budgets/acting')).data!.items;
    expect(admin.map((a) => [a.scopeName, a.policy, a.projectId])).toEqual([['Blitzscale AI', 'stop-idle-pods', null]]);
    expect(admin[0]!.stoppedPods.length).toBeGreaterThan(0);
    expect(Date.parse(admin[0]!.since)).toBeLessThan(ctx.now());
    expect(admin[0]!.until).toBe('2026-12-01T00:00:00.000Z');

    await actAs('u-ana');
    // The organization's budget is not hers to see...
    expect((await api.GET('/v1/budgets')).data?.items).toEqual([]);
    // ...but what it does to her projects is.
    const hers = (await api.GET('/v1/budgets/acting')).data!.items;
    expect(hers.map((a) => a.scopeName)).toEqual(['Blitzscale AI']);
    const mine = new Set(ctx.state.projects.filter((p) => p.memberIds.includes('u-ana')).map((p) => p.id));
    const stoppedOfHers = admin[0]!.stoppedPods.filter((p) => mine.has(ctx.state.pods.find((q) => q.id === p.id)!.projectId));
    expect(hers[0]!.stoppedPods).toEqual(stoppedOfHers);
    expect(JSON.stringify(hers[0])).not.toMatch(/Cents/);
  });
});
