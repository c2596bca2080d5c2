/**
 * The demo's scenarios: each is the same world every time, the default one is the world every
 * other test knows, and each shows what it promises (read through the contract-checked test API,
 * as the console reads it).
 */
import { describe, expect, it } from 'vitest';
import { createApiClient } from '../api/client';
import { testCloud } from '../testing/server';
import { MS_PER_DAY, MS_PER_HOUR } from '../domain/units';
import { statusAt } from './lifecycle';
import type { ScenarioId } from './model';
import { SCENARIO_IDS, SCENARIOS, scenarioWorld } from './scenarios';
import { createCloud, memoryStore } from './service';
import { generateWorld } from './world';

const api = createApiClient('http://localhost/api');

async function load(scenario: ScenarioId) {
  const sim = (await api.POST('/v1/simulation/reset', { body: { scenario } })).data;
  expect(sim?.scenario).toBe(scenario);
}

async function wasteShare(): Promise<number> {
  const s = (await api.GET('/v1/utilization/summary', { params: { query: { range: '30d' } } })).data!;
  return s.current.wasteCents / s.current.spendCents;
}

async function commitmentSavingsCents(): Promise<number> {
  const recs = (await api.GET('/v1/recommendations', { params: { query: { kind: 'commitment', limit: 500 } } })).data!;
  return recs.items.reduce((a, r) => a + r.monthlySavingsCents, 0);
}

describe('demo scenarios', { timeout: 60_000 }, () => {
  it('are the same world every time, and each another world', () => {
    const worlds = SCENARIO_IDS.map((id) => JSON.stringify(scenarioWorld(id, { realNowMs: 0 })));
    for (const [i, id] of SCENARIO_IDS.entries()) expect(JSON.stringify(scenarioWorld(id, { realNowMs: 0 }))).toBe(worlds[i]);
    expect(new Set(worlds).size).toBe(SCENARIO_IDS.length);
    expect(new Set(SCENARIOS.map((s) => s.params.organization.name)).size).toBe(SCENARIOS.length);
  });

  it('keep the default world as the default scenario', () => {
    expect(scenarioWorld('default', { realNowMs: 0 })).toEqual(generateWorld({ realNowMs: 0 }));
  });

  it('give every pod an owner who is a member of its project', () => {
    for (const id of SCENARIO_IDS) {
      const w = scenarioWorld(id, { realNowMs: 0 });
      for (const pod of w.pods) expect(w.projects.find((p) => p.id === pod.projectId)?.memberIds).toContain(pod.ownerId);
    }
  });

  it('show the startup wasting most of its GPU spend, the lab little, the default team in between', async () => {
    const share: Partial<Record<ScenarioId, number>> = {};
    for (const id of ['startup', 'research-lab', 'default'] as const) {
      await load(id);
      share[id] = await wasteShare();
    }
    expect(share.startup).toBeGreaterThan(0.7);
    expect(share['research-lab']).toBeLessThan(0.3);
    expect(share.default).toBeGreaterThan(share['research-lab']!);
    expect(share.default).toBeLessThan(share.startup!);
  });

  it('give the startup an egress surprise: its chat API sends many times its free allowance, while no lab project pays for egress', async () => {
    await load('startup');
    const startup = (await api.GET('/v1/egress/meter')).data!;
    const chat = startup.projects.find((p) => p.projectName === 'Chat API')!;
    expect(chat.internetBytes).toBeGreaterThan(5 * startup.allowanceBytesPerProject);
    expect(chat.costCents).toBeGreaterThan(100_000);
    await load('research-lab');
    const lab = (await api.GET('/v1/egress/meter')).data!;
    expect(lab.projects.map((p) => p.costCents)).toEqual(lab.projects.map(() => 0));
  });

  it('start the startup with its budget alerted at 50% and 80%; a day later it is spent and idle pods are stopped', async () => {
    await load('startup');
    const thresholds = async () => (await api.GET('/v1/budgets/alerts')).data!.items.map((a) => a.thresholdPercent).sort((a, b) => a - b);
    expect(await thresholds()).toEqual([50, 80]);
    const summary = (await api.GET('/v1/billing/summary')).data!;
    expect(summary.budget?.status.health).toBe('at-risk');
    await api.POST('/v1/simulation/advance', { body: { durationMs: MS_PER_HOUR } });
    expect(await thresholds()).toEqual([50, 80]);
    await api.POST('/v1/simulation/advance', { body: { durationMs: MS_PER_DAY } });
    expect(await thresholds()).toEqual([50, 80, 100]);
    const spent = (await api.GET('/v1/budgets/alerts')).data!.items.find((a) => a.thresholdPercent === 100)!;
    expect(spent.action?.kind).toBe('stopped-idle-pods');
    const stopped = spent.action?.kind === 'stopped-idle-pods' ? spent.action.pods : [];
    expect(stopped.length).toBeGreaterThan(0);
    const ctx = testCloud().context;
    for (const p of stopped) expect(['stopping', 'stopped']).toContain(statusAt(ctx.state.pods.find((x) => x.id === p.id)!, ctx.now()));
  });

  it('let the lab and the inference platform run the month within their budgets', async () => {
    for (const id of ['research-lab', 'inference-platform'] as const) {
      await load(id);
      const s = (await api.GET('/v1/billing/summary')).data!;
      expect(s.budget?.status.health).toBe('on-track');
      expect((await api.GET('/v1/budgets/alerts')).data!.items.filter((a) => a.thresholdPercent >= 80)).toEqual([]);
    }
  });

  it('make commitments pay off most on the inference platform', async () => {
    const savings: Partial<Record<ScenarioId, number>> = {};
    for (const id of SCENARIO_IDS) {
      await load(id);
      savings[id] = await commitmentSavingsCents();
    }
    for (const id of SCENARIO_IDS.filter((x) => x !== 'inference-platform')) expect(savings['inference-platform']).toBeGreaterThan(2 * savings[id]!);
  });

  it('load through the API, survive a reload from the store, and reset to the same start', async () => {
    const store = memoryStore();
    const cloud = createCloud({ store, realNow: () => 0 });
    const call = (method: string, path: string, body?: unknown) => cloud.handle({ method, path, query: new URLSearchParams(), headers: new Headers(), body });
    await call('POST', '/v1/simulation/reset', { scenario: 'inference-platform' });
    // The world; the audit log goes on across resets (it records them).
    const world = (state: object) => JSON.stringify({ ...state, auditLog: undefined });
    const start = world(cloud.context.state);
    await call('POST', '/v1/simulation/advance', { durationMs: MS_PER_DAY });
    const reloaded = createCloud({ store, realNow: () => 0 });
    expect(reloaded.context.state.scenario).toBe('inference-platform');
    expect(reloaded.context.now()).toBe(cloud.context.now());
    expect((await reloaded.handle({ method: 'GET', path: '/v1/session', query: new URLSearchParams(), headers: new Headers(), body: undefined })).body).toMatchObject({ organization: { name: 'Relay' } });
    await reloaded.handle({ method: 'POST', path: '/v1/simulation/reset', query: new URLSearchParams(), headers: new Headers(), body: {} });
    expect(world(reloaded.context.state)).toBe(start);
    expect(reloaded.context.state.auditLog?.map((e) => e.summary)).toEqual([
      'Reset the simulated world (inference-platform scenario)',
      'Moved the simulated clock forward 1440 minutes',
      'Reset the simulated world (inference-platform scenario)',
    ]);
  });
});
