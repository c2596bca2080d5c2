import { describe, expect, it } from 'vitest';
import { createCloud, memoryStore } from '../service';
import { egressCostCents } from '../egress-traffic';
import { startOfUtcMonth } from '../../domain/units';
import type { Schemas } from '../api-types';

function cloud() {
  const store = memoryStore();
  return { store, c: createCloud({ realNow: () => 0, store }) };
}

async function call<T>(c: ReturnType<typeof createCloud>, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await c.handle({ method, path, query: new URLSearchParams(), headers: new Headers(), body });
  return { status: res.status, body: res.body as T };
}

describe('the egress meter', () => {
  it('shows each project’s month so far as the bill prices it, with its allowance left', async () => {
    const { c } = cloud();
    const meter = (await call<Schemas['EgressMeter']>(c, 'GET', '/v1/egress/meter')).body;
    const now = c.context.now();
    expect(meter.projects.map((p) => p.projectName)).toEqual(['Vision', 'LLM research', 'Search ranking', 'Model serving']);
    expect(meter.allowanceBytesPerProject).toBe(10_000e9);
    const rows = egressCostCents(c.context.state.pods, startOfUtcMonth(now), now);
    for (const p of meter.projects) {
      const mine = rows.filter((r) => r.projectId === p.projectId);
      expect(p.internetBytes).toBe(mine.reduce((a, r) => a + r.internetBytes, 0));
      expect(p.interRegionBytes).toBe(mine.reduce((a, r) => a + r.interRegionBytes, 0));
      expect(p.costCents).toBe(mine.reduce((a, r) => a + r.costCents, 0));
      expect(p.allowanceLeftBytes).toBe(Math.max(0, p.allowanceBytes - p.internetBytes));
      expect(p.projectedInternetBytes).toBeGreaterThanOrEqual(p.internetBytes);
      expect(p.projectedCostCents).toBeGreaterThanOrEqual(p.costCents);
    }
  });

  it('warns for a project that has used its allowance and one that will run out before the month ends', async () => {
    const { c } = cloud();
    const meter = (await call<Schemas['EgressMeter']>(c, 'GET', '/v1/egress/meter')).body;
    const byName = new Map(meter.projects.map((p) => [p.projectName, p]));
    const vision = byName.get('Vision')!;
    expect(vision.warning).toBe('exhausted');
    expect(vision.allowanceLeftBytes).toBe(0);
    expect(Date.parse(vision.allowanceRunsOutAt!)).toBeLessThanOrEqual(c.context.now());
    const serving = byName.get('Model serving')!;
    expect(serving.warning).toBe('projected');
    expect(serving.projectedInternetBytes).toBeGreaterThan(serving.allowanceBytes);
    expect(Date.parse(serving.allowanceRunsOutAt!)).toBeGreaterThan(c.context.now());
    expect(Date.parse(serving.allowanceRunsOutAt!)).toBeLessThan(Date.parse(meter.monthEnd));
    expect(byName.get('Search ranking')!.warning).toBe('none');
  });

  it('shows an engineer only their projects', async () => {
    const { c } = cloud();
    await call(c, 'POST', '/v1/simulation/act-as', { userId: 'u-priya' });
    const meter = (await call<Schemas['EgressMeter']>(c, 'GET', '/v1/egress/meter')).body;
    expect(meter.projects.map((p) => p.projectName)).toEqual(['LLM research']);
  });
});

describe('the warning threshold', () => {
  it('lets an admin lower a project’s threshold, which warns earlier and is kept across reloads', async () => {
    const { c, store } = cloud();
    const before = (await call<Schemas['EgressMeter']>(c, 'GET', '/v1/egress/meter')).body.projects.find((p) => p.projectId === 'p-search')!;
    expect(before.warningThresholdPercent).toBe(80);
    expect(before.warning).toBe('none');
    const res = await call<Schemas['EgressProjectMeter']>(c, 'PUT', '/v1/egress/thresholds/p-search', { warningThresholdPercent: 10 });
    expect(res.status).toBe(200);
    expect(res.body.warningThresholdPercent).toBe(10);
    expect(res.body.warning).toBe('reached');
    const reloaded = createCloud({ realNow: () => 0, store });
    const after = (await call<Schemas['EgressMeter']>(reloaded, 'GET', '/v1/egress/meter')).body.projects.find((p) => p.projectId === 'p-search')!;
    expect(after.warningThresholdPercent).toBe(10);
  });

  it('refuses a threshold that is not a whole percentage, names the field, and keeps the old one', async () => {
    const { c } = cloud();
    for (const bad of [0, 101, 50.5, '50', null]) {
      const res = await call<{ errors: Array<{ field: string }> }>(c, 'PUT', '/v1/egress/thresholds/p-search', { warningThresholdPercent: bad });
      expect(res.status).toBe(400);
      expect(res.body.errors[0]?.field).toBe('warningThresholdPercent');
    }
    expect(c.context.state.egressWarningThresholds).toBeUndefined();
  });

  it('is for admins only, and only for projects that exist', async () => {
    const { c } = cloud();
    expect((await call(c, 'PUT', '/v1/egress/thresholds/p-nope', { warningThresholdPercent: 50 })).status).toBe(404);
    await call(c, 'POST', '/v1/simulation/act-as', { userId: 'u-oskar' });
    const res = await call<{ detail: string }>(c, 'PUT', '/v1/egress/thresholds/p-search', { warningThresholdPercent: 50 });
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/finance/);
  });
});

describe('the price book', () => {
  it('serves this cloud’s own schedule first, then the public ones with their sources and dates', async () => {
    const { c } = cloud();
    const book = (await call<Schemas['EgressPriceBook']>(c, 'GET', '/v1/egress/schedules')).body;
    expect(book.schedules[0]).toMatchObject({ id: 'northlight-internet', unit: 'GB', freeUnitsPerMonth: 10_000, asOf: '2026-11-01' });
    expect(book.schedules.map((s) => s.providerId)).toEqual(expect.arrayContaining(['aws', 'gcp', 'azure', 'oci', 'gpu-clouds']));
    for (const s of book.schedules) expect(s.source.length).toBeGreaterThan(0);
    expect(book.asOf).toBe('2025-06');
    expect(book.places.filter((p) => p.providerId === 'northlight').map((p) => p.name)).toEqual(['Montréal', 'Toronto', 'Boden', 'Itaipú']);
  });
});
