import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../api/client';
import type { paths } from '../../api/schema';
import { createCloud } from '../service';
import { TEST_REAL_NOW } from '../../testing/server';
import { MS_PER_DAY } from '../../domain/units';

const api = createApiClient('http://localhost/api');

type ListQuery = NonNullable<paths['/v1/recommendations']['get']['parameters']['query']>;

async function list(query: ListQuery = {}) {
  const res = await api.GET('/v1/recommendations', { params: { query: { limit: 500, ...query } } });
  if (!res.data) throw new Error(JSON.stringify(res.error));
  return res.data;
}

describe('GET /v1/recommendations', () => {
  it('lists the savings biggest first, with a total that is the sum of the rows', async () => {
    const l = await list();
    expect(l.items.length).toBe(l.total);
    expect(l.items.reduce((a, r) => a + r.monthlySavingsCents, 0)).toBe(l.totalMonthlySavingsCents);
    const savings = l.items.map((r) => r.monthlySavingsCents);
    expect([...savings].sort((a, b) => b - a)).toEqual(savings);
    expect(new Set(l.items.map((r) => r.kind))).toEqual(new Set(['gpu-tier', 'fewer-gpus', 'auto-stop', 'commitment', 'region']));
    expect(l).toMatchObject({ windowDays: 30, minDaysObserved: 7, counts: { open: l.total, dismissed: 0, snoozed: 0 } });
    for (const r of l.items) expect(r.confidence.daysObserved).toBeGreaterThanOrEqual(7);
  });

  it('filters by kind, project, owner and pod', async () => {
    const all = (await list()).items;
    const tiers = await list({ kind: 'gpu-tier' });
    expect(tiers.items.map((r) => r.id)).toEqual(all.filter((r) => r.kind === 'gpu-tier').map((r) => r.id));
    const llm = await list({ projectId: 'p-llm' });
    expect(llm.items.length).toBeGreaterThan(0);
    expect(llm.items.every((r) => r.projectId === 'p-llm')).toBe(true);
    const ana = await list({ ownerId: 'u-ana' });
    expect(ana.items.every((r) => r.ownerIds.includes('u-ana'))).toBe(true);
    const podId = all[0]!.podIds[0]!;
    expect((await list({ podId })).items.every((r) => r.podIds.includes(podId))).toBe(true);
    expect((await api.GET('/v1/recommendations', { params: { query: { kind: 'bigger-gpus' as 'gpu-tier' } } })).error?.errors?.[0]?.field).toBe('kind');
  });

  it('shows an engineer only the recommendations of their projects', async () => {
    await api.POST('/v1/simulation/act-as', { body: { userId: 'u-ana' } });
    const l = await list();
    expect(l.items.every((r) => ['p-vision', 'p-serving'].includes(r.projectId))).toBe(true);
  });

  it('gives the same recommendations, with the same ids, for the same world', async () => {
    const a = (await list()).items;
    const other = createCloud({ realNow: () => TEST_REAL_NOW });
    const b = await other.handle({ method: 'GET', path: '/v1/recommendations', query: new URLSearchParams('limit=500'), headers: new Headers(), body: undefined });
    expect((b.body as { items: unknown[] }).items).toEqual(a);
  });
});

describe('deciding about a recommendation', () => {
  it('dismisses one with its reason: it leaves the open list and total, and is found under dismissed', async () => {
    const before = await list();
    const target = before.items[3]!;
    const res = await api.POST('/v1/recommendations/{recommendationId}/dismiss', { params: { path: { recommendationId: target.id } }, body: { reason: 'workload-changing', note: 'Moving to a new model next week' } });
    expect(res.data?.dismissal).toMatchObject({ reason: 'workload-changing', note: 'Moving to a new model next week', byUserId: 'u-maya' });
    const after = await list();
    expect(after.items.map((r) => r.id)).not.toContain(target.id);
    expect(after.counts).toMatchObject({ dismissed: 1 });
    const dismissed = await list({ status: 'dismissed' });
    expect(dismissed.items.map((r) => r.id)).toEqual([target.id]);
    await api.POST('/v1/recommendations/{recommendationId}/restore', { params: { path: { recommendationId: target.id } } });
    expect((await list()).totalMonthlySavingsCents).toBe(before.totalMonthlySavingsCents);
  });

  it('counts a pod’s savings once: dismissing auto-stop gives its cheaper tier the hours back', async () => {
    const tier = (await list({ kind: 'gpu-tier' })).items.find((r) => r.countedAfter.includes('auto-stop'))!;
    expect(tier).toBeDefined();
    const autoStop = (await list({ kind: 'auto-stop', podId: tier.podIds[0]! })).items[0]!;
    await api.POST('/v1/recommendations/{recommendationId}/dismiss', { params: { path: { recommendationId: autoStop.id } }, body: { reason: 'needs-current-setup' } });
    const after = (await api.GET('/v1/recommendations/{recommendationId}', { params: { path: { recommendationId: tier.id } } })).data!;
    expect(after.countedAfter).toEqual([]);
    expect(after.monthlySavingsCents).toBeGreaterThan(tier.monthlySavingsCents);
  });

  it('snoozes one for 7 days: it comes back after them', async () => {
    const target = (await list()).items[0]!;
    const snoozed = (await api.POST('/v1/recommendations/{recommendationId}/snooze', { params: { path: { recommendationId: target.id } }, body: { days: 7 } })).data;
    expect(snoozed?.status).toBe('snoozed');
    expect((await list({ status: 'snoozed' })).items.map((r) => r.id)).toEqual([target.id]);
    await api.POST('/v1/simulation/advance', { body: { durationMs: 7 * MS_PER_DAY + 60_000 } });
    expect((await list()).items.map((r) => r.id)).toContain(target.id);
    const bad = await api.POST('/v1/recommendations/{recommendationId}/snooze', { params: { path: { recommendationId: target.id } }, body: { days: 0 } });
    expect(bad.error?.errors?.[0]?.field).toBe('days');
  });

  it('drops the fewer-GPUs recommendation once the pod’s GPU count is changed in place, and the total falls', async () => {
    const before = await list();
    const fewer = before.items.find((r) => r.kind === 'fewer-gpus' && r.action.type === 'patch')!;
    if (fewer.action.type !== 'patch') throw new Error('not in place');
    const patched = await api.PATCH('/v1/pods/{podId}', { params: { path: { podId: fewer.action.podId } }, body: fewer.action.patch });
    expect(patched.response.status).toBe(200);
    const after = await list();
    expect(after.items.map((r) => r.id)).not.toContain(fewer.id);
    expect(after.totalMonthlySavingsCents).toBeLessThan(before.totalMonthlySavingsCents);
  });
});
