import { describe, expect, it } from 'vitest';
import { spendTotals } from './billing';
import { gpuTypes } from './catalog-data';
import { runningIntervals } from './lifecycle';
import { createCloud, type CloudService } from './service';
import { observePod, observationStepMs } from './pod-observations';
import type { Schemas } from './api-types';
import { MS_PER_DAY, MS_PER_HOUR } from '../domain/units';

const cloud = (): CloudService => createCloud({ realNow: () => 0 });

async function get<T>(c: CloudService, path: string, query: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const res = await c.handle({ method: 'GET', path, query: new URLSearchParams(query), headers: new Headers(), body: undefined });
  return { status: res.status, body: res.body as T };
}

const parts = (f: Schemas['UtilizationFigures']) => f.productive.cents + f.waste.idle.cents + f.waste.underUsed.cents + f.waste.oversized.cents;
const seconds = (f: Schemas['UtilizationFigures']) => f.productive.gpuSeconds + f.waste.idle.gpuSeconds + f.waste.underUsed.gpuSeconds + f.waste.oversized.gpuSeconds;

describe('the utilization ledger of the simulated fleet', () => {
  it('charges what the billing ledger charges for GPUs, in any window, and splits it exactly', async () => {
    const c = cloud();
    const now = c.context.now();
    const queries: Array<Record<string, string>> = [{ range: '24h' }, { range: '7d' }, { range: '30d' }, { from: new Date(now - 10 * MS_PER_DAY + 1234).toISOString(), to: new Date(now - 3 * MS_PER_DAY).toISOString() }];
    for (const query of queries) {
      const { body } = await get<Schemas['UtilizationSummary']>(c, '/v1/utilization/summary', query);
      const from = Date.parse(body.window.from);
      const to = Date.parse(body.window.to);
      expect(body.current.spendCents).toBe(spendTotals(c.context.state.pods, from, to).gpuCents);
      expect(body.previous.spendCents).toBe(spendTotals(c.context.state.pods, Date.parse(body.previousWindow.from), from).gpuCents);
      expect(parts(body.current)).toBe(body.current.spendCents);
      expect(seconds(body.current)).toBe(body.current.allocatedGpuSeconds);
      expect(body.current.wasteCents).toBeGreaterThan(0);
    }
  });

  it('adds the breakdown rows and the days up to the totals, to the cent', async () => {
    const c = cloud();
    const summary = (await get<Schemas['UtilizationSummary']>(c, '/v1/utilization/summary', { range: '30d' })).body;
    for (const by of ['project', 'user', 'gpuType', 'pod']) {
      const b = (await get<Schemas['UtilizationBreakdown']>(c, '/v1/utilization/breakdown', { range: '30d', by, limit: '5' })).body;
      expect(b.totals).toEqual(summary.current);
      const sum = (k: (f: Schemas['UtilizationFigures']) => number) => b.rows.reduce((a, r) => a + k(r.figures), 0) + (b.others ? k(b.others.figures) : 0);
      expect(sum((f) => f.spendCents)).toBe(b.totals.spendCents);
      expect(sum((f) => f.waste.idle.cents)).toBe(b.totals.waste.idle.cents);
      expect(sum((f) => f.allocatedGpuSeconds)).toBe(b.totals.allocatedGpuSeconds);
    }
    const series = (await get<Schemas['UtilizationTimeseries']>(c, '/v1/utilization/timeseries', { range: '30d', maxPoints: '100' })).body;
    expect(series.points.length).toBeLessThanOrEqual(100);
    expect(series.days.reduce((a, d) => a + d.wasteCents, 0)).toBe(summary.current.wasteCents);
    expect(series.days.reduce((a, d) => a + d.spendCents, 0)).toBe(summary.current.spendCents);
  });

  it('counts a forgotten pod as wholly idle, and lists it as idle now until it is stopped', async () => {
    const c = cloud();
    const now = c.context.now();
    const forgotten = c.context.state.pods.find((p) => p.archetype === 'forgotten' && runningIntervals(p, now - MS_PER_DAY, now).length > 0);
    expect(forgotten).toBeDefined();
    const pod = forgotten!;
    const waste = (await get<Schemas['PodWaste']>(c, `/v1/pods/${pod.id}/waste`, { range: '24h' })).body;
    expect(waste.figures.waste.idle.cents).toBe(waste.figures.spendCents);
    expect(waste.figures.efficiency).toBe(0);
    const idle = (await get<Schemas['UtilizationIdleNow']>(c, '/v1/utilization/idle-now', { limit: '200' })).body;
    const item = idle.items.find((i) => i.podId === pod.id);
    expect(item?.idleGpuCount).toBe(pod.gpuCount);
    await c.handle({ method: 'POST', path: `/v1/pods/${pod.id}/stop`, query: new URLSearchParams(), headers: new Headers(), body: undefined });
    const after = (await get<Schemas['UtilizationIdleNow']>(c, '/v1/utilization/idle-now', { limit: '200' })).body;
    expect(after.items.some((i) => i.podId === pod.id)).toBe(false);
  });

  it('raises waste when the idle threshold rises', async () => {
    const c = cloud();
    const at = async (idle: string) => (await get<Schemas['UtilizationSummary']>(c, '/v1/utilization/summary', { range: '7d', idleEngineActive: idle })).body.current;
    const low = await at('0.02');
    const high = await at('0.3');
    expect(high.waste.idle.cents).toBeGreaterThan(low.waste.idle.cents);
    expect(high.wasteCents).toBeGreaterThanOrEqual(low.wasteCents);
    expect(high.spendCents).toBe(low.spendCents);
  });

  it('shows an engineer only their projects, and refuses a scope outside them', async () => {
    const c = cloud();
    c.context.state.currentUserId = 'u-ana';
    const b = (await get<Schemas['UtilizationBreakdown']>(c, '/v1/utilization/breakdown', { range: '30d', by: 'project' })).body;
    expect(b.rows.map((r) => r.id).sort()).toEqual(['p-serving', 'p-vision']);
    expect((await get(c, '/v1/utilization/summary', { scope: 'project', scopeId: 'p-llm' })).status).toBe(404);
    const idle = (await get<Schemas['UtilizationIdleNow']>(c, '/v1/utilization/idle-now')).body;
    expect(idle.items.every((i) => ['p-serving', 'p-vision'].includes(i.projectId))).toBe(true);
  });

  it('charges a pod whose GPU count was changed in place at the count it had at each moment, as the bill does', async () => {
    const c = cloud();
    const call = (method: string, path: string, body?: unknown) => c.handle({ method, path, query: new URLSearchParams(), headers: new Headers(), body });
    const t0 = c.context.now();
    const pod = c.context.state.pods.find((p) => p.gpuCount >= 4 && runningIntervals(p, t0 - MS_PER_DAY, t0).length > 0)!;
    expect(pod).toBeDefined();
    const before = pod.gpuCount;
    // Halved while running (it restarts), then two days on the smaller count.
    expect((await call('PATCH', `/v1/pods/${pod.id}`, { gpuCount: before / 2 })).status).toBe(200);
    await call('POST', '/v1/simulation/advance', { durationMs: 2 * MS_PER_DAY });
    for (const range of ['24h', '7d', '30d']) {
      const { body } = await get<Schemas['UtilizationSummary']>(c, '/v1/utilization/summary', { range });
      const [from, to] = [Date.parse(body.window.from), Date.parse(body.window.to)];
      expect(body.current.spendCents).toBe(spendTotals(c.context.state.pods, from, to).gpuCents);
      expect(parts(body.current)).toBe(body.current.spendCents);
      const byPod = (await get<Schemas['UtilizationBreakdown']>(c, '/v1/utilization/breakdown', { range, by: 'pod', limit: '500' })).body;
      expect(byPod.rows.find((r) => r.id === pod.id)?.figures.spendCents).toBe(spendTotals([pod], from, to).gpuCents);
    }
    // The pod page's ledger: every GPU it had, each billed for the time it had it.
    const waste = (await get<Schemas['PodWaste']>(c, `/v1/pods/${pod.id}/waste`, { range: '7d' })).body;
    expect(waste.gpus).toHaveLength(before);
    const [from, to] = [Date.parse(waste.window.from), Date.parse(waste.window.to)];
    expect(waste.figures.spendCents).toBe(spendTotals([pod], from, to).gpuCents);
    const removed = waste.gpus[before - 1]!;
    expect(removed.figures.spendCents).toBeLessThan(waste.gpus[0]!.figures.spendCents);
    // The heatmap shows the removed GPUs with nothing known after the change.
    const heat = (await get<Schemas['UtilizationHeatmap']>(c, '/v1/utilization/heatmap', { range: '7d', scope: 'project', scopeId: pod.projectId })).body;
    const rows = heat.projects.flatMap((p) => p.pods).find((p) => p.podId === pod.id)!.gpus;
    expect(rows).toHaveLength(before);
    // Run-length encoded, the unallocated tail left out: the removed GPUs' rows end at the change.
    const columns = (activity: string) => [...activity.matchAll(/(\D)(\d*)/g)].reduce((n, m) => n + (m[2] ? Number(m[2]) : 1), 0);
    const changedAt = Math.floor((t0 - Date.parse(heat.window.from)) / heat.bucketMs);
    expect(columns(rows[before - 1]!.activity)).toBeLessThanOrEqual(changedAt + 1);
    expect(columns(rows[0]!.activity)).toBeGreaterThan(changedAt + 10);
  });

  it('answers field errors for a window it cannot compute', async () => {
    const c = cloud();
    const bad = await get<{ errors: Array<{ field: string }> }>(c, '/v1/utilization/summary', { from: '2026-11-10T00:00:00Z', to: '2026-11-01T00:00:00Z' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]?.field).toBe('from');
    expect((await get(c, '/v1/utilization/summary', { idleEngineActive: '2' })).status).toBe(400);
    expect((await get(c, '/v1/utilization/breakdown', { by: 'colour' })).status).toBe(400);
  });
});

describe('observePod', () => {
  it('counts exactly the time the pod ran, samples within the budget, and caches per window', () => {
    const c = cloud();
    const now = c.context.now();
    const from = now - 7 * MS_PER_DAY;
    for (const pod of c.context.state.pods.slice(0, 20)) {
      const gpu = gpuTypes.find((g) => g.id === pod.gpuTypeId)!;
      const o = observePod(pod, gpu, from, now);
      const ran = runningIntervals(pod, from, now).reduce((a, r) => a + r.endMs - r.startMs, 0);
      expect(o.gpus).toHaveLength(pod.gpuCount);
      for (const g of o.gpus) {
        expect(g.runningMs).toBe(ran);
        expect(g.idleMs).toBeLessThanOrEqual(g.runningMs);
      }
      expect(o.sampleMs).toBe(observationStepMs(now - from));
      expect(observePod(pod, gpu, from, now)).toBe(o);
    }
    expect(observationStepMs(30 * MS_PER_DAY)).toBe(2 * MS_PER_HOUR);
    expect(observationStepMs(MS_PER_DAY)).toBe(5 * 60_000);
  });

  it('reads the archetypes: a forgotten pod idles, a training pod works, a small model fits a smaller GPU', () => {
    const c = cloud();
    const now = c.context.now();
    const running = (a: string) => c.context.state.pods.find((p) => p.archetype === a && runningIntervals(p, now - MS_PER_DAY, now).length > 0)!;
    const observe = (a: string) => {
      const pod = running(a);
      return observePod(pod, gpuTypes.find((g) => g.id === pod.gpuTypeId)!, now - MS_PER_DAY, now);
    };
    const forgotten = observe('forgotten').gpus[0]!;
    expect(forgotten.idleMs).toBe(forgotten.runningMs);
    const training = observe('training').gpus[0]!;
    expect(training.idleMs).toBe(0);
    expect(training.meanSmActive).toBeGreaterThan(0.5);
    const small = observe('small-model').gpus[0]!;
    expect(small.peakMemMiB).toBeLessThan(20 * 1024);
    expect(small.p95SmActive).toBeLessThan(0.5);
  });
});
