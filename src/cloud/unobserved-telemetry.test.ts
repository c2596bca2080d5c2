/**
 * The cloud's answers over a telemetry that misses samples (a metrics store that never scraped
 * some periods): the time is billed all the same, no waste is claimed for it, every total still
 * adds up to the spend, and nothing computed from one sampler is served to another.
 */
import { describe, expect, it } from 'vitest';
import type { Schemas } from './api-types';
import { spendTotals } from './billing';
import { createCloud, type CloudService } from './service';
import { gpuSample, SAMPLE_PERIOD_MS, type GpuSampler } from './telemetry';

const cloud = (telemetry?: GpuSampler): CloudService => {
  const c = createCloud({ realNow: () => 0 });
  if (telemetry) c.context.telemetry = telemetry;
  return c;
};

async function get<T>(c: CloudService, path: string, query: Record<string, string> = {}): Promise<T> {
  const res = await c.handle({ method: 'GET', path, query: new URLSearchParams(query), headers: new Headers(), body: undefined });
  expect(res.status).toBe(200);
  return res.body as T;
}

type Figures = Schemas['UtilizationFigures'];
const partsCents = (f: Figures) => f.productive.cents + f.waste.idle.cents + f.waste.underUsed.cents + f.waste.oversized.cents;
const partsSeconds = (f: Figures) => f.productive.gpuSeconds + f.waste.idle.gpuSeconds + f.waste.underUsed.gpuSeconds + f.waste.oversized.gpuSeconds;

/** The simulator's samples, except every third period of every pod, and all of one GPU of two-GPU pods. */
const holey: GpuSampler = (pod, gpu, gpuIndex, tMs) => {
  const period = Math.floor(tMs / SAMPLE_PERIOD_MS);
  if (period % 3 === 0 || (pod.gpuCount === 2 && gpuIndex === 1)) return null;
  return gpuSample(pod, gpu, gpuIndex, tMs);
};
const blind: GpuSampler = () => null;

describe('utilization over a telemetry with missing samples', () => {
  it('bills the unobserved time as the simulator does, and splits the spend exactly', async () => {
    const full = cloud();
    const gaps = cloud(holey);
    for (const range of ['24h', '7d', '30d']) {
      const expected = await get<Schemas['UtilizationSummary']>(full, '/v1/utilization/summary', { range });
      const actual = await get<Schemas['UtilizationSummary']>(gaps, '/v1/utilization/summary', { range });
      for (const [f, window] of [
        [actual.current, actual.window],
        [actual.previous, actual.previousWindow],
      ] as const) {
        expect(f.spendCents).toBe(spendTotals(gaps.context.state.pods, Date.parse(window.from), Date.parse(window.to)).gpuCents);
        expect(partsCents(f)).toBe(f.spendCents);
        expect(partsSeconds(f)).toBe(f.allocatedGpuSeconds);
      }
      expect(actual.current.spendCents).toBe(expected.current.spendCents);
      expect(actual.current.allocatedGpuSeconds).toBe(expected.current.allocatedGpuSeconds);
      // Different evidence, different split: the gaps' answer is not the simulator's.
      expect(actual.current.productive.cents).toBeGreaterThan(expected.current.productive.cents);
      expect(actual.current.wasteCents).toBeLessThan(expected.current.wasteCents);
    }
  });

  it('adds the breakdown rows, the days and each pod’s GPUs up to the totals, to the cent', async () => {
    const c = cloud(holey);
    const summary = await get<Schemas['UtilizationSummary']>(c, '/v1/utilization/summary', { range: '7d' });
    const breakdown = await get<Schemas['UtilizationBreakdown']>(c, '/v1/utilization/breakdown', { range: '7d', by: 'pod', limit: '500' });
    expect(breakdown.totals).toEqual(summary.current);
    expect(breakdown.rows.reduce((a, r) => a + r.figures.spendCents, 0)).toBe(summary.current.spendCents);
    const series = await get<Schemas['UtilizationTimeseries']>(c, '/v1/utilization/timeseries', { range: '7d' });
    expect(series.days.reduce((a, d) => a + d.spendCents, 0)).toBe(summary.current.spendCents);
    expect(series.days.reduce((a, d) => a + d.wasteCents, 0)).toBe(summary.current.wasteCents);
    const twoGpus = breakdown.rows.find((r) => r.pod?.gpuCount === 2);
    expect(twoGpus).toBeDefined();
    const waste = await get<Schemas['PodWaste']>(c, `/v1/pods/${twoGpus!.id}/waste`, { range: '7d' });
    expect(waste.figures).toEqual(twoGpus!.figures);
    expect(partsCents(waste.figures)).toBe(waste.figures.spendCents);
    expect(waste.gpus.reduce((a, g) => a + g.figures.spendCents, 0)).toBe(waste.figures.spendCents);
    // GPU 1 was never observed: all of its time is productive, nothing is known of its activity.
    const unseen = waste.gpus[1]!;
    expect(unseen.figures.spendCents).toBeGreaterThan(0);
    expect(unseen.figures.productive.cents).toBe(unseen.figures.spendCents);
    expect(unseen.idleShare).toBe(0);
    expect(unseen.cheaperFit).toBeNull();
  });

  it('claims no waste, no idle GPU and no recommendation without a single sample', async () => {
    const c = cloud(blind);
    const summary = await get<Schemas['UtilizationSummary']>(c, '/v1/utilization/summary', { range: '24h' });
    expect(summary.current.spendCents).toBeGreaterThan(0);
    expect(summary.current.wasteCents).toBe(0);
    expect(summary.current.productive.cents).toBe(summary.current.spendCents);
    expect(summary.current.activeGpuSeconds).toBe(summary.current.allocatedGpuSeconds);
    const heatmap = await get<Schemas['UtilizationHeatmap']>(c, '/v1/utilization/heatmap', { range: '24h' });
    expect(heatmap.gpuCount).toBeGreaterThan(0);
    for (const gpu of heatmap.projects.flatMap((p) => p.pods.flatMap((pod) => pod.gpus))) expect(gpu.activity).toBe('');
    expect((await get<Schemas['UtilizationIdleNow']>(c, '/v1/utilization/idle-now')).total).toBe(0);
    const recommendations = await get<Schemas['RecommendationList']>(c, '/v1/recommendations');
    expect(recommendations.total).toBe(0);
    expect(recommendations.podsAwaitingData).toBeGreaterThan(0);
    const pods = await get<Schemas['PodList']>(c, '/v1/pods', { status: 'running' });
    expect(pods.items.length).toBeGreaterThan(0);
    expect(pods.items.every((p) => p.gpuUtilPercent === null)).toBe(true);
  });

  it('never serves an answer computed from one telemetry to another', async () => {
    const c = cloud();
    const simulated = await get<Schemas['UtilizationSummary']>(c, '/v1/utilization/summary', { range: '24h' });
    const simulatedIdle = await get<Schemas['UtilizationIdleNow']>(c, '/v1/utilization/idle-now');
    const simulatedRecs = await get<Schemas['RecommendationList']>(c, '/v1/recommendations');
    c.context.telemetry = blind;
    expect((await get<Schemas['UtilizationSummary']>(c, '/v1/utilization/summary', { range: '24h' })).current.wasteCents).toBe(0);
    expect((await get<Schemas['UtilizationIdleNow']>(c, '/v1/utilization/idle-now')).total).toBe(0);
    expect((await get<Schemas['RecommendationList']>(c, '/v1/recommendations')).total).toBe(0);
    delete c.context.telemetry;
    expect(await get(c, '/v1/utilization/summary', { range: '24h' })).toEqual(simulated);
    expect(await get(c, '/v1/utilization/idle-now')).toEqual(simulatedIdle);
    expect(await get(c, '/v1/recommendations')).toEqual(simulatedRecs);
    expect(simulatedIdle.total).toBeGreaterThan(0);
    expect(simulatedRecs.total).toBeGreaterThan(0);
  });
});
