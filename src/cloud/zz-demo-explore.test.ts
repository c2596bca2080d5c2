import { it } from 'vitest';
import { createCloud, memoryStore } from './service';
import { scenarioWorld, SCENARIOS } from './scenarios';
import { statusAt } from './lifecycle';

it('explore', async () => {
  for (const s of SCENARIOS) {
    const cloud = createCloud({ store: memoryStore(), realNow: () => 0 });
    cloud.context.replaceState(scenarioWorld(s.id, { realNowMs: 0 }));
    const get = async (path: string, q = '') => (await cloud.handle({ method: 'GET', path, query: new URLSearchParams(q), headers: new Headers(), body: undefined })).body as any;
    const st = cloud.context.state;
    const running = st.pods.filter((p) => statusAt(p, st.anchorMs) === 'running');
    const util = await get('/v1/utilization/summary', 'range=30d');
    const recs = await get('/v1/recommendations', 'limit=200');
    const byKind: Record<string, number> = {};
    for (const r of recs.items) byKind[r.kind] = (byKind[r.kind] ?? 0) + r.monthlySavingsCents;
    const patch = recs.items.filter((r: any) => r.action.type === 'patch').map((r: any) => `${r.kind}:${r.monthlySavingsCents}:${JSON.stringify(r.action.patch)}`).slice(0, 4);
    const meter = await get('/v1/egress/meter');
    const bill = await get('/v1/billing/summary');
    const alerts = await get('/v1/budgets/alerts');
    console.log(`\n== ${s.id}: pods ${st.pods.length}, running ${running.length} (${running.reduce((a, p) => a + p.gpuCount, 0)} GPUs)`);
    console.log(`waste30d ${util.current.wasteCents}/${util.current.spendCents} = ${(util.current.wasteCents / util.current.spendCents).toFixed(3)}`);
    console.log('recs', recs.total, recs.totalMonthlySavingsCents, byKind, patch);
    console.log('egress', meter.projects.map((p: any) => `${p.projectName ?? p.projectId}:${JSON.stringify(p).slice(0, 300)}`).join('\n  '));
    console.log('billing', JSON.stringify({ mtd: bill.monthToDate, fc: bill.forecast?.monthEndCents, budget: bill.budget?.amountCents, st: bill.budget?.status }));
    console.log('alerts', JSON.stringify(alerts).slice(0, 400));
  }
}, 120_000);
