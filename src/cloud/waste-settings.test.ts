import { describe, expect, it } from 'vitest';
import { createCloud, type CloudService } from './service';
import { DEFAULT_ANCHOR_MS, generateWorld } from './world';
import { MS_PER_DAY, MS_PER_HOUR, startOfUtcDay } from '../domain/units';
import { DEFAULT_WASTE_SETTINGS } from '../domain/waste';
import { UsageLedger, startOfHour } from './usage-ledger';
import { podUsage } from './usage-read';
import { runningIntervals } from './lifecycle';
import type { Schemas } from './api-types';

async function call<T>(c: CloudService, method: 'GET' | 'PUT', path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const url = new URL(path, 'http://x');
  const res = await c.handle({ method, path: url.pathname, query: url.searchParams, headers: new Headers(), body });
  return res as { status: number; body: T };
}

const iso = (ms: number) => new Date(ms).toISOString();
const summary = async (c: CloudService, fromMs: number, toMs: number, extra = '') =>
  (await call<Schemas['UtilizationSummary']>(c, 'GET', `/v1/utilization/summary?from=${iso(fromMs)}&to=${iso(toMs)}${extra}`)).body;

async function settled(c: CloudService): Promise<Schemas['WasteSettingsState']> {
  for (;;) {
    const state = (await call<Schemas['WasteSettingsState']>(c, 'GET', '/v1/utilization/settings')).body;
    if (state.recompute?.state !== 'running') return state;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the organization's waste thresholds", () => {
  const end = startOfUtcDay(DEFAULT_ANCHOR_MS);

  it('judge the hours a change reaches back to by the new thresholds, and older hours by the old', async () => {
    const c = createCloud({ realNow: () => DEFAULT_ANCHOR_MS });
    const before = await summary(c, end - 14 * MS_PER_DAY, end);
    const changed = await call<Schemas['WasteSettingsState']>(c, 'PUT', '/v1/utilization/settings', { idleEngineActive: 0.3, smActiveTarget: 0.5, applyTo: 'last7d' });
    expect(changed.status).toBe(200);
    expect(changed.body.settings.idleEngineActive).toBe(0.3);
    const from = Date.parse(changed.body.versions.at(-1)!.from!);
    expect(from).toBe(startOfHour(DEFAULT_ANCHOR_MS) - 7 * MS_PER_DAY);
    const done = await settled(c);
    expect(done.recompute).toMatchObject({ state: 'done', progress: 1 });
    expect(done.versions.at(-1)?.setBy).toBe('Maya Chen');

    // Before the change's start: as before. After it: what the new thresholds give, as a what-if shows.
    const old = await summary(c, end - 14 * MS_PER_DAY, from);
    const oldWhatIf = await summary(c, end - 14 * MS_PER_DAY, from, `&idleEngineActive=${DEFAULT_WASTE_SETTINGS.idleEngineActive}&smActiveTarget=0.5`);
    expect(old.current.wasteCents).toBe(oldWhatIf.current.wasteCents);
    const recent = await summary(c, from, end);
    const recentWhatIf = await summary(c, from, end, '&idleEngineActive=0.3&smActiveTarget=0.5');
    expect(recent.current.wasteCents).toBe(recentWhatIf.current.wasteCents);
    // The whole window is the sum of its two parts, and more of it is waste than before.
    const whole = await summary(c, end - 14 * MS_PER_DAY, end);
    expect(whole.current.wasteCents).toBe(old.current.wasteCents + recent.current.wasteCents);
    expect(whole.current.spendCents).toBe(before.current.spendCents);
    expect(whole.current.wasteCents).toBeGreaterThan(before.current.wasteCents);
  });

  it('are an admin’s to change, with the field named when a value is out of bounds', async () => {
    const c = createCloud({ realNow: () => DEFAULT_ANCHOR_MS });
    const bad = await call<Schemas['Problem']>(c, 'PUT', '/v1/utilization/settings', { idleEngineActive: 0.9, smActiveTarget: 0.5, applyTo: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.field).sort()).toEqual(['applyTo', 'idleEngineActive']);
    c.context.state.currentUserId = 'u-oskar';
    const finance = await call<Schemas['Problem']>(c, 'PUT', '/v1/utilization/settings', { idleEngineActive: 0.1, smActiveTarget: 0.5, applyTo: 'future' });
    expect(finance.status).toBe(403);
  });
});

describe('a stored day of the usage ledger', () => {
  it('is rebuilt when the pod it was built for did something else before the day ended (another copy of it)', () => {
    const world = generateWorld({ realNowMs: DEFAULT_ANCHOR_MS });
    const now = DEFAULT_ANCHOR_MS;
    const day = startOfUtcDay(now - 2 * MS_PER_DAY);
    const ranAllDay = (p: (typeof world.pods)[number]) => runningIntervals(p, day, day + MS_PER_DAY).reduce((a, r) => a + r.endMs - r.startMs, 0) === MS_PER_DAY;
    const pod = world.pods.find((p) => ranAllDay(p) && !p.gpuCountHistory)!;
    const ledger = new UsageLedger(DEFAULT_WASTE_SETTINGS);
    const window = { fromMs: day, toMs: day + MS_PER_DAY };
    const ran = podUsage(ledger, pod, window, { closedUntilMs: now })!;
    // The same pod in another organization, stopped at the day's noon.
    const noon = day + 12 * MS_PER_HOUR;
    const copy = { ...pod, transitions: [...pod.transitions.filter((t) => t.atMs < noon), { status: 'stopped' as const, atMs: noon, reason: 'Stopped' }] };
    const stopped = podUsage(ledger, copy, window, { closedUntilMs: now })!;
    expect(stopped.total[0]).toBeLessThan(ran.total[0]!);
    // And the first copy still reads its own.
    expect(podUsage(ledger, pod, window, { closedUntilMs: now })!.total).toEqual(ran.total);
  });
});
