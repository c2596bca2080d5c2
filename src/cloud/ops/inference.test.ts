import { describe, expect, it } from 'vitest';
import { createCloud, memoryStore } from '../service';
import type { Schemas } from '../api-types';

function cloud() {
  return createCloud({ realNow: () => 0, store: memoryStore() });
}

async function get<T>(c: ReturnType<typeof createCloud>, path: string, query: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const res = await c.handle({ method: 'GET', path, query: new URLSearchParams(query), headers: new Headers(), body: undefined });
  return { status: res.status, body: res.body as T };
}

type Figures = Schemas['InferenceFigures'];
const sum = (rows: Figures[], k: 'spendCents' | 'inputSpendCents' | 'outputSpendCents' | 'promptTokens' | 'generationTokens' | 'requests' | 'gpuSeconds') => rows.reduce((a, f) => a + f[k], 0);
const KEYS = ['spendCents', 'inputSpendCents', 'outputSpendCents', 'promptTokens', 'generationTokens', 'requests', 'gpuSeconds'] as const;

describe('inference economics over the simulated fleet', () => {
  it('adds up: pods to projects, models and GPU types to the whole, and each level splits to its spend', async () => {
    const c = cloud();
    const s = (await get<Schemas['InferenceSummary']>(c, '/v1/inference/summary', { range: '7d', limit: '500' })).body;
    expect(s.podTotal).toBeGreaterThan(5);
    expect(s.pods).toHaveLength(s.podTotal);
    expect(s.splitRule.outputTokenWeight).toBe(4);
    for (const k of KEYS) {
      expect(sum(s.pods.map((p) => p.figures), k), k).toBe(s.totals[k]);
      expect(sum(s.models.map((m) => m.figures), k), k).toBe(s.totals[k]);
      expect(sum(s.projects.map((p) => p.figures), k), k).toBe(s.totals[k]);
      for (const m of s.models) expect(sum(m.gpuTypes.map((g) => g.figures), k), `${m.modelId} ${k}`).toBe(m.figures[k]);
    }
    for (const f of [s.totals, ...s.models.map((m) => m.figures), ...s.pods.map((p) => p.figures)]) {
      expect(f.inputSpendCents + f.outputSpendCents).toBe(f.spendCents);
      expect(f.blendedMicroUsdPerMillionTokens).toBe(Math.round((f.spendCents * 1e10) / (f.promptTokens + f.generationTokens)));
    }
    expect(s.totals.ttftP95Seconds!).toBeGreaterThan(s.totals.ttftP50Seconds!);
    expect(s.totals.prefixCacheHitRate!).toBeGreaterThan(0);
  });

  it('takes its spend from the same ledger as the waste figures: each pod’s spend is its utilization spend', async () => {
    const c = cloud();
    const s = (await get<Schemas['InferenceSummary']>(c, '/v1/inference/summary', { range: '7d', limit: '500' })).body;
    const byPod = (await get<Schemas['UtilizationBreakdown']>(c, '/v1/utilization/breakdown', { range: '7d', by: 'pod', limit: '500' })).body;
    const spend = new Map(byPod.rows.map((r) => [r.id, r.figures]));
    for (const p of s.pods) {
      expect(p.figures.spendCents, p.podId).toBe(spend.get(p.podId)?.spendCents);
      expect(p.figures.gpuSeconds, p.podId).toBe(spend.get(p.podId)?.allocatedGpuSeconds);
    }
  });

  it('shows a model on each GPU type it ran on, with hosted list prices for the same tokens', async () => {
    const c = cloud();
    const s = (await get<Schemas['InferenceSummary']>(c, '/v1/inference/summary', { range: '30d' })).body;
    const multi = s.models.find((m) => m.gpuTypes.length >= 2)!;
    expect(multi).toBeDefined();
    expect(new Set(multi.gpuTypes.map((g) => g.gpuTypeId)).size).toBe(multi.gpuTypes.length);
    expect(multi.hosted.length).toBeGreaterThan(0);
    for (const h of multi.hosted) {
      const expected = Math.round((multi.figures.promptTokens * h.microUsdPer1MInputTokens + multi.figures.generationTokens * h.microUsdPer1MOutputTokens) / 1e10);
      expect(Math.abs(h.sameTokensCents - expected)).toBeLessThanOrEqual(1);
      expect(h.priceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(s.pricesAsOf).toMatch(/^2026-/);
  });

  it('filters by project, sorts and limits the pods, and refuses what is out of bounds', async () => {
    const c = cloud();
    const all = (await get<Schemas['InferenceSummary']>(c, '/v1/inference/summary', { range: '7d', limit: '500' })).body;
    const projectId = all.projects[0]!.projectId;
    const one = (await get<Schemas['InferenceSummary']>(c, '/v1/inference/summary', { range: '7d', projectId, limit: '2', sort: 'blendedCost' })).body;
    expect(one.projectId).toBe(projectId);
    expect(one.totals.spendCents).toBe(all.projects[0]!.figures.spendCents);
    expect(one.pods.length).toBeLessThanOrEqual(2);
    expect(one.pods.every((p) => p.projectId === projectId)).toBe(true);
    const costs = one.pods.map((p) => p.figures.blendedMicroUsdPerMillionTokens ?? Infinity);
    expect([...costs].sort((a, b) => a - b)).toEqual(costs);
    expect((await get(c, '/v1/inference/summary', { projectId: 'p-nope' })).status).toBe(404);
    expect((await get(c, '/v1/inference/summary', { projectId: 'x'.repeat(65) })).status).toBe(400);
    expect((await get(c, '/v1/inference/summary', { range: '1y' })).status).toBe(400);
    expect((await get(c, '/v1/inference/summary', { sort: 'cheapest' })).status).toBe(400);
    expect((await get(c, '/v1/inference/summary', { limit: '0' })).status).toBe(400);
  });

  it('answers one serving pod by day, its window the same as its row in the summary', async () => {
    const c = cloud();
    const s = (await get<Schemas['InferenceSummary']>(c, '/v1/inference/summary', { range: '7d' })).body;
    const row = s.pods[0]!;
    const pod = (await get<Schemas['PodInference']>(c, `/v1/pods/${row.podId}/inference`, { range: '7d' })).body;
    expect(pod.serving).toBe(true);
    expect(pod.model?.id).toBe(row.modelId);
    expect(pod.figures).toEqual(row.figures);
    expect(pod.days.length).toBeGreaterThanOrEqual(7);
    for (const k of ['spendCents', 'promptTokens', 'generationTokens', 'requests', 'gpuSeconds'] as const) expect(sum(pod.days.map((d) => d.figures), k), k).toBe(pod.figures[k]);
    // Each day is split by the rule on its own; the window once (as the summary's row): within a cent a day.
    for (const d of pod.days) expect(d.figures.inputSpendCents + d.figures.outputSpendCents).toBe(d.figures.spendCents);
    expect(Math.abs(sum(pod.days.map((d) => d.figures), 'inputSpendCents') - pod.figures.inputSpendCents)).toBeLessThanOrEqual(pod.days.length);
    expect(pod.hosted.length).toBeGreaterThan(0);
  });

  it('answers a pod that serves nothing with empty figures, and an unknown pod with 404', async () => {
    const c = cloud();
    const training = c.context.state.pods.find((p) => p.archetype === 'training')!;
    const res = await get<Schemas['PodInference']>(c, `/v1/pods/${training.id}/inference`, { range: '24h' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ serving: false, model: null, days: [], hosted: [] });
    expect(res.body.figures.blendedMicroUsdPerMillionTokens).toBeNull();
    expect((await get(c, '/v1/pods/pod-nope/inference')).status).toBe(404);
  });

  it('recommends, on the inference platform, a cheaper GPU, fewer replicas and prefix-cache reuse, each on the figures the summary shows', async () => {
    const c = cloud();
    expect((await c.handle({ method: 'POST', path: '/v1/simulation/reset', query: new URLSearchParams(), headers: new Headers(), body: { scenario: 'inference-platform' } })).status).toBe(200);
    const s = (await get<Schemas['InferenceSummary']>(c, '/v1/inference/summary', { range: '7d', limit: '500' })).body;
    expect(s.recommendationTotal).toBe(s.recommendations.length);
    expect(new Set(s.recommendations.map((r) => r.kind))).toEqual(new Set(['cheaper-gpu', 'fewer-replicas', 'prefix-cache']));
    const row = (podId: string) => s.pods.find((p) => p.podId === podId)!;
    for (const r of s.recommendations) {
      expect(r.monthlySavingsCents).toBe(r.currentMonthlyCostCents - r.projectedMonthlyCostCents);
      const e = r.evidence;
      if (e.kind === 'cheaper-gpu') {
        // The observed latency and cost per million are the pod's figures on the page; the expected p95 never above.
        const f = row(r.podIds[0]!).figures;
        expect([e.ttftP50Seconds, e.ttftP95Seconds, e.currentMicroUsdPerMillionTokens]).toEqual([f.ttftP50Seconds, f.ttftP95Seconds, f.blendedMicroUsdPerMillionTokens]);
        expect(e.expectedTtftP95Seconds).toBeLessThanOrEqual(e.ttftP95Seconds);
        expect(e.projectedMicroUsdPerMillionTokens).toBeLessThan(e.currentMicroUsdPerMillionTokens);
      }
      if (e.kind === 'prefix-cache') {
        expect(e.hitRateNow).toBe(row(r.podIds[0]!).figures.prefixCacheHitRate);
        expect(e.targetHitRate).toBe(row(e.bestPodId).figures.prefixCacheHitRate);
        expect(row(e.bestPodId).modelId).toBe(r.modelId);
        expect(r.estimate).toBe(true);
      }
    }
    // The scenario's deployment sized for a peak that never came: four A100 replicas, three carry it.
    const fewer = s.recommendations.find((r) => r.kind === 'fewer-replicas')!;
    expect(fewer.podNames.every((n) => n.startsWith('embed-mistral-7b-'))).toBe(true);
    expect(fewer.evidence.kind === 'fewer-replicas' && [fewer.evidence.replicasNow, fewer.evidence.replicasAfter]).toEqual([4, 3]);
    expect(fewer.evidence.kind === 'fewer-replicas' && fewer.evidence.peakUtilizationAfter).toBeLessThanOrEqual(0.7);

    // A pod's answer has the recommendations about it; a project's summary the project's, judged on the same evidence.
    const cheaper = s.recommendations.find((r) => r.kind === 'cheaper-gpu')!;
    const pod = (await get<Schemas['PodInference']>(c, `/v1/pods/${cheaper.podIds[0]}/inference`, { range: '7d' })).body;
    expect(pod.recommendations).toEqual(s.recommendations.filter((r) => r.podIds.includes(cheaper.podIds[0]!)));
    const project = (await get<Schemas['InferenceSummary']>(c, '/v1/inference/summary', { range: '7d', projectId: fewer.projectId })).body;
    expect(project.recommendations).toEqual(s.recommendations.filter((r) => r.projectId === fewer.projectId));
  });

  it('shows an engineer only the projects they belong to', async () => {
    const c = cloud();
    const all = (await get<Schemas['InferenceSummary']>(c, '/v1/inference/summary', { range: '7d', limit: '500' })).body;
    c.context.state.currentUserId = 'u-felix';
    const mine = (await get<Schemas['InferenceSummary']>(c, '/v1/inference/summary', { range: '7d', limit: '500' })).body;
    const member = new Set(c.context.state.projects.filter((p) => p.memberIds.includes('u-felix')).map((p) => p.id));
    expect(mine.pods.every((p) => member.has(p.projectId))).toBe(true);
    expect(mine.podTotal).toBeLessThanOrEqual(all.podTotal);
    const hidden = all.pods.find((p) => !member.has(p.projectId));
    if (hidden) expect((await get(c, `/v1/pods/${hidden.podId}/inference`)).status).toBe(404);
  });
});
