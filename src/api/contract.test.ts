/**
 * The contract, the types and the mock agree: every operation in openapi.yaml is called
 * through the typed client against the simulator, and every answer is validated (setup.ts
 * fails any test whose answers break the contract).
 */
import { describe, expect, it } from 'vitest';
import { createApiClient } from './client';
import { contract, contractOperations, contractViolations } from '../testing/contract';
import { exercisedOperations } from '../testing/server';
import { Contract, type ContractDocument } from '../../server/contract';

const api = createApiClient('http://localhost/api');

describe('the API contract', () => {
  it('answers the session, users, projects and catalog as documented', async () => {
    const session = await api.GET('/v1/session');
    expect(session.data?.user.role).toBe('admin');
    expect((await api.GET('/v1/users')).data?.items.length).toBeGreaterThan(3);
    expect((await api.GET('/v1/projects')).data?.items.length).toBeGreaterThan(1);
    const catalog = (await api.GET('/v1/catalog')).data;
    expect(catalog?.gpuTypes.length).toBeGreaterThanOrEqual(8);
    expect(catalog?.regions.map((r) => r.city)).toEqual(expect.arrayContaining(['Montréal', 'Toronto', 'Boden', 'Hernandarias']));
  });

  it('lists pods with filters, sorting and paging, and shows one', async () => {
    const all = (await api.GET('/v1/pods', { params: { query: { limit: 500 } } })).data;
    expect(all?.total).toBe(60);
    const running = (await api.GET('/v1/pods', { params: { query: { status: ['running'], sort: 'costToDate', order: 'desc', limit: 5 } } })).data;
    expect(running?.items.every((p) => p.status === 'running')).toBe(true);
    const costs = running?.items.map((p) => p.costToDateCents) ?? [];
    expect([...costs].sort((a, b) => b - a)).toEqual(costs);
    const first = running?.items[0];
    expect(first).toBeDefined();
    const detail = (await api.GET('/v1/pods/{podId}', { params: { path: { podId: first!.id } } })).data;
    expect(detail?.events[0]?.status).toBe('queued');
    const page2 = (await api.GET('/v1/pods', { params: { query: { offset: 10, limit: 10 } } })).data;
    expect(page2?.items.map((p) => p.id)).toEqual(all?.items.slice(10, 20).map((p) => p.id));
    expect(all?.nextCursor).toBeNull();
  });

  it('pages pods by keyset cursor: every pod once, in order, and refuses a cursor that does not decode', async () => {
    const all = (await api.GET('/v1/pods', { params: { query: { sort: 'gpuCount', order: 'desc', limit: 500 } } })).data;
    const ids: string[] = [];
    let cursor: string | null | undefined = undefined;
    for (let page = 0; page < 20; page++) {
      const res: { items: Array<{ id: string }>; nextCursor: string | null } | undefined = (
        await api.GET('/v1/pods', { params: { query: { sort: 'gpuCount', order: 'desc', limit: 25, ...(cursor ? { cursor } : {}) } } })
      ).data;
      ids.push(...(res?.items.map((p) => p.id) ?? []));
      cursor = res?.nextCursor;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    expect(ids).toEqual(all?.items.map((p) => p.id));
    const bad = await api.GET('/v1/pods', { params: { query: { cursor: 'not-a-cursor' } } });
    expect(bad.response.status).toBe(400);
    expect(bad.error?.errors?.[0]?.field).toBe('cursor');
    const both = await api.GET('/v1/pods', { params: { query: { cursor: 'WzEsInBvZC0xIl0', offset: 10 } } });
    expect(both.response.status).toBe(400);
  });

  it('answers errors as problem+json that the contract allows', async () => {
    const missing = await api.GET('/v1/pods/{podId}', { params: { path: { podId: 'pod-nope' } } });
    expect(missing.response.status).toBe(404);
    expect(missing.response.headers.get('content-type')).toBe('application/problem+json');
    expect(missing.error?.detail).toMatch(/pod-nope/);
    const bad = await api.GET('/v1/pods', { params: { query: { limit: 0 } } });
    expect(bad.response.status).toBe(400);
    expect(bad.error?.errors?.[0]?.field).toBe('limit');
  });

  // pods (issue 4)
  it('launches a pod once per Idempotency-Key, acts on it and shows its metrics', async () => {
    const body = {
      name: 'contract-pod', projectId: 'p-vision', gpuTypeId: 'l4', gpuCount: 1, regionId: 'ca-mtl-1', imageId: 'pytorch-2.9-cuda12.8',
      diskGb: 100, autoStopIdleMinutes: 30, sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf me@laptop',
    };
    const header = { 'Idempotency-Key': 'contract-key-1' };
    const first = await api.POST('/v1/pods', { params: { header }, body });
    expect(first.response.status).toBe(201);
    const again = await api.POST('/v1/pods', { params: { header }, body });
    expect(again.data?.id).toBe(first.data?.id);
    expect(again.response.headers.get('Idempotency-Replayed')).toBe('true');
    expect((await api.POST('/v1/pods', { params: { header }, body: { ...body, diskGb: 200 } })).response.status).toBe(422);
    expect((await api.POST('/v1/pods', { params: { header: {} as typeof header }, body })).response.status).toBe(400);
    const scarce = await api.POST('/v1/pods', { params: { header: { 'Idempotency-Key': 'contract-key-2' } }, body: { ...body, name: 'big', gpuTypeId: 'b200', gpuCount: 8 } });
    expect(scarce.response.status).toBe(409);
    expect((scarce.error as { alternatives?: unknown[] } | undefined)?.alternatives?.length).toBeGreaterThan(0);
    const podId = first.data!.id;
    const path = { podId };
    await api.POST('/v1/simulation/advance', { body: { durationMs: 60_000 } });
    expect((await api.PATCH('/v1/pods/{podId}', { params: { path }, body: { autoStopIdleMinutes: 60 } })).data?.autoStopIdleMinutes).toBe(60);
    expect((await api.POST('/v1/pods/{podId}/keep-running', { params: { path }, body: { snoozeMinutes: 30 } })).data?.autoStop?.snoozedUntil).not.toBeNull();
    const metrics = (await api.GET('/v1/pods/{podId}/metrics', { params: { path, query: { range: '1h', maxPoints: 6 } } })).data;
    expect(metrics?.gpus[0]?.points.length).toBeLessThanOrEqual(6);
    expect((await api.POST('/v1/pods/{podId}/stop', { params: { path } })).data?.status).toBe('stopping');
    await api.POST('/v1/simulation/advance', { body: { durationMs: 60_000 } });
    expect((await api.POST('/v1/pods/{podId}/start', { params: { path } })).data?.status).toBe('provisioning');
    expect((await api.POST('/v1/pods/{podId}/terminate', { params: { path }, body: { confirmName: 'wrong' } })).error?.errors?.[0]?.field).toBe('confirmName');
    expect((await api.POST('/v1/pods/{podId}/terminate', { params: { path }, body: { confirmName: 'contract-pod' } })).data?.status).toBe('terminating');
    await api.POST('/v1/simulation/act-as', { body: { userId: 'u-oskar' } });
    expect((await api.POST('/v1/pods', { params: { header: { 'Idempotency-Key': 'contract-key-3' } }, body })).response.status).toBe(403);
  });

  // MIG slices (issue 18, point 4)
  it('sells MIG slices in the catalog and launches a pod on one, billed as its fraction; a slice not sold is refused at its field', async () => {
    const catalog = (await api.GET('/v1/catalog')).data;
    const h100 = catalog?.gpuTypes.find((g) => g.id === 'h100-sxm');
    expect(h100?.migProfiles?.map((p) => p.name)).toEqual(['1g.10gb', '2g.20gb', '3g.40gb', '4g.40gb', '7g.80gb']);
    expect(h100?.migProfiles?.[0]).toEqual({ name: '1g.10gb', computeSlices: 1, memoryGb: 10 });
    const mtl = h100?.offers.find((o) => o.regionId === 'ca-mtl-1');
    expect(mtl?.rateMicroUsdPerGpuHour).toBe(2_490_000);
    expect(mtl?.migSlices?.find((s) => s.profile === '1g.10gb')?.rateMicroUsdPerHour).toBe(360_000);
    expect(catalog?.gpuTypes.find((g) => g.id === 'l4')?.migProfiles).toBeUndefined();
    const body = {
      name: 'contract-slice', projectId: 'p-vision', gpuTypeId: 'h100-sxm', gpuCount: 1, migProfile: '1g.10gb', regionId: 'ca-mtl-1', imageId: 'vllm-0.11',
      diskGb: 100, autoStopIdleMinutes: null, sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf me@laptop',
    };
    const before = (await api.GET('/v1/overview')).data;
    const pod = await api.POST('/v1/pods', { params: { header: { 'Idempotency-Key': 'contract-slice-1' } }, body });
    expect(pod.response.status).toBe(201);
    await api.POST('/v1/simulation/advance', { body: { durationMs: 60_000 } });
    // Running, it is a seventh of a GPU in use, never a whole one.
    const after = (await api.GET('/v1/overview')).data;
    expect(after!.gpusInUse - before!.gpusInUse).toBeCloseTo(1 / 7, 2);
    const h100s = (o: typeof after) => o?.gpusInUseByType?.find((t) => t.gpuTypeId === 'h100-sxm')?.count ?? 0;
    expect(h100s(after) - h100s(before)).toBeCloseTo(1 / 7, 2);
    expect(pod.data).toMatchObject({ gpuCount: 1, migProfile: '1g.10gb', gpuRateMicroUsdPerHour: 360_000 });
    const shown = (await api.GET('/v1/pods/{podId}', { params: { path: { podId: pod.data!.id } } })).data;
    expect(shown?.migProfile).toBe('1g.10gb');
    const listed = (await api.GET('/v1/pods', { params: { query: { limit: 500 } } })).data;
    expect(listed?.items.filter((p) => p.migProfile !== null).map((p) => p.id)).toEqual([pod.data!.id]);
    const notSold = await api.POST('/v1/pods', { params: { header: { 'Idempotency-Key': 'contract-slice-2' } }, body: { ...body, name: 'no-slice', gpuTypeId: 'l4' } });
    expect(notSold.response.status).toBe(400);
    expect(notSold.error?.errors?.map((e) => e.field)).toEqual(['migProfile']);
    const wrong = await api.POST('/v1/pods', { params: { header: { 'Idempotency-Key': 'contract-slice-3' } }, body: { ...body, name: 'odd-slice', migProfile: '5g.60gb' } });
    expect(wrong.error?.errors?.map((e) => e.field)).toEqual(['migProfile']);
    const two = await api.POST('/v1/pods', { params: { header: { 'Idempotency-Key': 'contract-slice-4' } }, body: { ...body, name: 'two-slices', gpuCount: 2 } });
    expect(two.error?.errors?.map((e) => e.field)).toEqual(['gpuCount']);
    const resize = await api.PATCH('/v1/pods/{podId}', { params: { path: { podId: pod.data!.id } }, body: { gpuCount: 2 } });
    expect(resize.error?.errors?.map((e) => e.field)).toEqual(['gpuCount']);
    // null is whole GPUs.
    const whole = await api.POST('/v1/pods', { params: { header: { 'Idempotency-Key': 'contract-slice-5' } }, body: { ...body, name: 'whole-h100', migProfile: null } });
    expect(whole.data).toMatchObject({ gpuCount: 1, migProfile: null, gpuRateMicroUsdPerHour: 2_490_000 });
  });

  it('answers the overview and the simulation controls', async () => {
    const o = (await api.GET('/v1/overview')).data;
    expect(o?.runningPods).toBeGreaterThan(0);
    const before = (await api.GET('/v1/simulation')).data;
    const after = (await api.POST('/v1/simulation/advance', { body: { durationMs: 3_600_000 } })).data;
    expect(Date.parse(after!.now) - Date.parse(before!.now)).toBe(3_600_000);
    const reset = (await api.POST('/v1/simulation/reset', { body: {} })).data;
    expect(reset?.now).toBe(before?.now);
    expect((await api.POST('/v1/simulation/provisioning-faults', { body: { failNextLaunches: 2 } })).data).toEqual({ failNextLaunches: 2 });
    expect((await api.POST('/v1/simulation/provisioning-faults', { body: { failNextLaunches: 0 } })).data).toEqual({ failNextLaunches: 0 });
    const finance = (await api.POST('/v1/simulation/act-as', { body: { userId: 'u-oskar' } })).data;
    expect(finance?.user.role).toBe('finance');
  });

  // utilization (issue 5)
  it('answers utilization summaries, series, heatmap, breakdowns, idle pods and a pod ledger', async () => {
    const sum = (f: { productive: { cents: number }; waste: Record<string, { cents: number }> }) =>
      f.productive.cents + Object.values(f.waste).reduce((a, w) => a + w.cents, 0);
    const summary = (await api.GET('/v1/utilization/summary', { params: { query: { range: '7d' } } })).data;
    expect(summary?.current.spendCents).toBeGreaterThan(0);
    expect(sum(summary!.current)).toBe(summary?.current.spendCents);
    const project = (await api.GET('/v1/utilization/summary', { params: { query: { range: '7d', scope: 'project', scopeId: 'p-llm' } } })).data;
    expect(project?.scope.name).toBe('LLM research');
    expect((await api.GET('/v1/utilization/summary', { params: { query: { range: '1y' as '7d' } } })).error?.errors?.[0]?.field).toBe('range');
    expect((await api.GET('/v1/utilization/summary', { params: { query: { scope: 'project', scopeId: 'p-nope' } } })).response.status).toBe(404);
    const series = (await api.GET('/v1/utilization/timeseries', { params: { query: { range: '7d', maxPoints: 50 } } })).data;
    expect(series?.points.length).toBeLessThanOrEqual(50);
    expect(series?.days.reduce((a, d) => a + d.wasteCents, 0)).toBe(series?.totals.wasteCents);
    const heatmap = (await api.GET('/v1/utilization/heatmap', { params: { query: { range: '24h', maxColumns: 48 } } })).data;
    expect(heatmap?.columns).toBeLessThanOrEqual(48);
    expect(heatmap?.gpuCount).toBeGreaterThan(0);
    expect(heatmap?.projects[0]?.pods[0]?.gpus[0]?.activity).toMatch(/^([.a-j][0-9]*)+$/);
    const byPod = (await api.GET('/v1/utilization/breakdown', { params: { query: { by: 'pod', range: '7d', limit: 3 } } })).data;
    expect(byPod?.rows).toHaveLength(3);
    expect(byPod!.rows.reduce((a, r) => a + r.figures.spendCents, 0) + (byPod?.others?.figures.spendCents ?? 0)).toBe(byPod?.totals.spendCents);
    const idle = (await api.GET('/v1/utilization/idle-now')).data;
    expect(idle?.items[0]?.canStop).toBe(true);
    const podId = idle!.items[0]!.podId;
    const waste = (await api.GET('/v1/pods/{podId}/waste', { params: { path: { podId }, query: { range: '24h' } } })).data;
    expect(waste?.figures.waste.idle.cents).toBeGreaterThan(0);
  });

  // inference (issue 18): cost per million tokens of serving pods
  it('answers the inference summary per model, GPU type, project and pod, and one serving pod by day', async () => {
    const summary = (await api.GET('/v1/inference/summary', { params: { query: { range: '7d', limit: 500 } } })).data!;
    expect(summary.podTotal).toBeGreaterThan(0);
    expect(summary.models.reduce((a, m) => a + m.figures.spendCents, 0)).toBe(summary.totals.spendCents);
    expect(summary.totals.inputSpendCents + summary.totals.outputSpendCents).toBe(summary.totals.spendCents);
    expect(summary.models[0]?.gpuTypes.reduce((a, g) => a + g.figures.generationTokens, 0)).toBe(summary.models[0]?.figures.generationTokens);
    expect(summary.models[0]?.hosted[0]?.priceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const projectId = summary.projects[0]!.projectId;
    expect((await api.GET('/v1/inference/summary', { params: { query: { range: '7d', projectId } } })).data?.totals.spendCents).toBe(summary.projects[0]!.figures.spendCents);
    expect((await api.GET('/v1/inference/summary', { params: { query: { projectId: 'p-nope' } } })).response.status).toBe(404);
    expect((await api.GET('/v1/inference/summary', { params: { query: { range: '1y' as '7d' } } })).error?.errors?.[0]?.field).toBe('range');
    const podId = summary.pods[0]!.podId;
    const pod = (await api.GET('/v1/pods/{podId}/inference', { params: { path: { podId }, query: { range: '7d' } } })).data;
    expect(pod?.serving).toBe(true);
    expect(pod?.figures).toEqual(summary.pods[0]!.figures);
    expect((await api.GET('/v1/pods/{podId}/inference', { params: { path: { podId: 'pod-nope' } } })).response.status).toBe(404);
    // Serving recommendations, with their evidence; a pod's answer has those about it.
    expect(summary.recommendations.length).toBeGreaterThan(0);
    expect(summary.recommendationTotal).toBe(summary.recommendations.length);
    for (const r of summary.recommendations) expect(r.monthlySavingsCents).toBe(r.currentMonthlyCostCents - r.projectedMonthlyCostCents);
    const about = summary.recommendations[0]!;
    const its = (await api.GET('/v1/pods/{podId}/inference', { params: { path: { podId: about.podIds[0]! }, query: { range: '7d' } } })).data;
    expect(its?.recommendations.map((r) => r.id)).toContain(about.id);
    // A cheaper GPU for one pod carries its replacement, as the launch form is filled in to follow it.
    for (const r of summary.recommendations.filter((x) => x.launch)) {
      expect(r.evidence.kind).toBe('cheaper-gpu');
      expect(r.launch).toMatchObject({ replacesPodId: r.podIds[0], regionId: r.regionId, projectId: r.projectId });
    }

    // By UTC day: the days' spend and tokens add up to the window's, to the cent; each day splits its own spend.
    const overTime = (await api.GET('/v1/inference/over-time', { params: { query: { range: '7d' } } })).data!;
    expect(overTime.podCount).toBe(summary.podTotal);
    expect(overTime.days.length).toBeGreaterThanOrEqual(7);
    expect(overTime.days.reduce((a, d) => a + d.figures.spendCents, 0)).toBe(summary.totals.spendCents);
    expect(overTime.days.reduce((a, d) => a + d.figures.generationTokens, 0)).toBe(summary.totals.generationTokens);
    for (const d of overTime.days) expect(d.figures.inputSpendCents + d.figures.outputSpendCents).toBe(d.figures.spendCents);
    expect(overTime.days.map((d) => d.date)).toEqual([...overTime.days.map((d) => d.date)].sort());
    const ofProject = (await api.GET('/v1/inference/over-time', { params: { query: { range: '7d', projectId } } })).data!;
    expect(ofProject.days.reduce((a, d) => a + d.figures.spendCents, 0)).toBe(summary.projects[0]!.figures.spendCents);
    expect((await api.GET('/v1/inference/over-time', { params: { query: { projectId: 'p-nope' } } })).response.status).toBe(404);
    expect((await api.GET('/v1/inference/over-time', { params: { query: { range: '1y' as '7d' } } })).error?.errors?.[0]?.field).toBe('range');
  });

  it("reads the organization's thresholds and changes them from this hour on", async () => {
    const before = (await api.GET('/v1/utilization/settings')).data;
    expect(before?.settings.idleEngineActive).toBe(0.05);
    expect(before?.versions[0]?.from).toBeNull();
    const bad = await api.PUT('/v1/utilization/settings', { body: { idleEngineActive: 0.9, smActiveTarget: 0.5, applyTo: 'future' } });
    expect(bad.error?.errors?.[0]?.field).toBe('idleEngineActive');
    const changed = (await api.PUT('/v1/utilization/settings', { body: { idleEngineActive: 0.06, smActiveTarget: 0.5, applyTo: 'future' } })).data;
    expect(changed?.settings.idleEngineActive).toBe(0.06);
    expect(changed?.versions.at(-1)?.from).toBeTruthy();
    // Back to the defaults, so the other operations see the world as it was.
    await api.PUT('/v1/utilization/settings', { body: { idleEngineActive: 0.05, smActiveTarget: 0.5, applyTo: 'future' } });
  });

  it('lists recommendations with their total, shows one, and dismisses, snoozes and restores it', async () => {
    const open = (await api.GET('/v1/recommendations')).data;
    expect(open?.total).toBeGreaterThan(0);
    expect(open?.items.reduce((a, r) => a + r.monthlySavingsCents, 0)).toBe(open?.totalMonthlySavingsCents);
    const tier = (await api.GET('/v1/recommendations', { params: { query: { kind: 'gpu-tier', limit: 1 } } })).data?.items[0];
    expect(tier?.evidence.kind).toBe('gpu-tier');
    const recommendationId = tier!.id;
    expect((await api.GET('/v1/recommendations/{recommendationId}', { params: { path: { recommendationId } } })).data?.id).toBe(recommendationId);
    const bad = await api.POST('/v1/recommendations/{recommendationId}/dismiss', { params: { path: { recommendationId } }, body: { reason: 'other' } });
    expect(bad.error?.errors?.[0]?.field).toBe('note');
    const dismissed = (await api.POST('/v1/recommendations/{recommendationId}/dismiss', { params: { path: { recommendationId } }, body: { reason: 'needs-current-setup' } })).data;
    expect(dismissed?.status).toBe('dismissed');
    const snoozed = (await api.POST('/v1/recommendations/{recommendationId}/snooze', { params: { path: { recommendationId } }, body: { days: 7 } })).data;
    expect(snoozed?.status).toBe('snoozed');
    expect((await api.POST('/v1/recommendations/{recommendationId}/restore', { params: { path: { recommendationId } } })).data?.status).toBe('open');
    expect((await api.GET('/v1/recommendations/{recommendationId}', { params: { path: { recommendationId: 'rec-nope' } } })).response.status).toBe(404);
  });

  it('answers the egress price book and meter, and sets a warning threshold', async () => {
    const book = (await api.GET('/v1/egress/schedules')).data;
    expect(book?.schedules.find((s) => s.id === 'aws-internet')?.tiers[0]).toEqual({ upToUnits: 10_000, microUsdPerUnit: 90_000 });
    expect(book?.places.some((p) => p.id === 'northlight:ca-mtl-1')).toBe(true);
    const meter = (await api.GET('/v1/egress/meter')).data;
    expect(meter?.projects.length).toBe(4);
    const set = await api.PUT('/v1/egress/thresholds/{projectId}', { params: { path: { projectId: 'p-llm' } }, body: { warningThresholdPercent: 50 } });
    expect(set.data?.warningThresholdPercent).toBe(50);
    const bad = await api.PUT('/v1/egress/thresholds/{projectId}', { params: { path: { projectId: 'p-llm' } }, body: { warningThresholdPercent: 0 } });
    expect(bad.error?.errors?.[0]?.field).toBe('warningThresholdPercent');
  });

  it('answers billing: summary, spend, breakdown and its items, currencies, budgets and alerts, invoices', async () => {
    const summary = (await api.GET('/v1/billing/summary')).data;
    expect(summary?.forecast.monthEndCents).toBeGreaterThanOrEqual(summary?.monthToDate.totalCents ?? Infinity);
    const spend = (await api.GET('/v1/billing/spend', { params: { query: { by: 'gpuType', granularity: 'week', range: 'last-30-days' } } })).data;
    expect(spend?.series.reduce((a, s) => a + s.totalCents, 0)).toBe(spend?.totalCents);
    const breakdown = (await api.GET('/v1/billing/breakdown', { params: { query: { by: 'project' } } })).data;
    expect(breakdown?.totalCents).toBe(summary?.monthToDate.totalCents);
    const key = breakdown!.rows[0]!.key;
    expect((await api.GET('/v1/billing/breakdown/items', { params: { query: { by: 'project', key } } })).data?.totalCents).toBe(breakdown!.rows[0]!.amountCents);
    expect((await api.GET('/v1/billing/currencies')).data?.rates.map((r) => r.currency)).toEqual(['USD', 'CAD', 'EUR', 'SEK']);
    const budget = (await api.POST('/v1/budgets', { body: { projectId: null, amountCents: 1_000_000_00, thresholdsPercent: [50, 80, 100], policy: 'notify' } })).data!;
    expect((await api.GET('/v1/budgets')).data?.items.map((b) => b.id)).toEqual([budget.id]);
    expect((await api.GET('/v1/budgets/{budgetId}', { params: { path: { budgetId: budget.id } } })).data?.scopeName).toBe('Lumen AI');
    const lowered = (await api.PUT('/v1/budgets/{budgetId}', { params: { path: { budgetId: budget.id } }, body: { amountCents: 100_00, thresholdsPercent: [80], policy: 'notify' } })).data;
    expect(lowered?.month.health).toBe('over');
    expect((await api.GET('/v1/budgets/alerts')).data?.items[0]?.thresholdPercent).toBe(80);
    // Spent, but its policy only notifies: nothing acts on anyone.
    expect((await api.GET('/v1/budgets/acting')).data?.items).toEqual([]);
    const blocking = (await api.PUT('/v1/budgets/{budgetId}', { params: { path: { budgetId: budget.id } }, body: { amountCents: 100_00, thresholdsPercent: [80], policy: 'block-launches' } })).data;
    expect(blocking?.month.launchesBlocked).toBe(true);
    expect((await api.GET('/v1/budgets/acting')).data?.items.map((a) => [a.scopeName, a.policy])).toEqual([['Lumen AI', 'block-launches']]);
    expect((await api.DELETE('/v1/budgets/{budgetId}', { params: { path: { budgetId: budget.id } } })).response.status).toBe(204);
    const invoices = (await api.GET('/v1/invoices')).data;
    const month = invoices!.items[1]!.month;
    const invoice = (await api.GET('/v1/invoices/{month}', { params: { path: { month } } })).data;
    expect(invoice?.lines.reduce((a, l) => a + l.amountCents, 0)).toBe(invoice?.totalCents);
  });

  // demo (issue 9)
  it('lists the demo scenarios, loads one, and refuses one it does not know', async () => {
    const sim = (await api.GET('/v1/simulation')).data;
    expect(sim?.scenario).toBe('default');
    expect(sim?.scenarios.map((s) => s.id)).toEqual(['default', 'startup', 'research-lab', 'inference-platform']);
    const startup = (await api.POST('/v1/simulation/reset', { body: { scenario: 'startup' } })).data;
    expect(startup?.scenario).toBe('startup');
    expect((await api.GET('/v1/session')).data?.organization.name).toBe('Blitzscale AI');
    expect((await api.GET('/v1/budgets/alerts')).data?.items.map((a) => a.thresholdPercent).sort()).toEqual([50, 80]);
    const unknown = await api.POST('/v1/simulation/reset', { body: { scenario: 'moon-base' as 'startup' } });
    expect(unknown.response.status).toBe(400);
    expect(unknown.error?.errors?.[0]?.field).toBe('scenario');
    expect((await api.POST('/v1/simulation/reset', { body: {} })).data?.scenario).toBe('startup');
  });

  // access (issue 15): saved SSH keys
  it('saves an SSH key, lists it, launches a pod with it and removes it', async () => {
    const publicKey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILpL79jdW7UPZcCM633q03DM9lLSoA+/dRcs2IPmSbKe maya@laptop';
    const saved = await api.POST('/v1/ssh-keys', { body: { name: 'Contract laptop', publicKey } });
    expect(saved.response.status).toBe(201);
    expect(saved.data?.fingerprint).toBe('SHA256:N9c2EIhD9toEo/rO31ZmQI14z7I3Q4mJxf6P/cTpPSA');
    expect((await api.GET('/v1/ssh-keys')).data?.items.map((k) => k.id)).toContain(saved.data?.id);
    const keyId = saved.data!.id;
    const body = { name: 'contract-saved-key', projectId: 'p-vision', gpuTypeId: 'l4', gpuCount: 1, regionId: 'ca-mtl-1', imageId: 'pytorch-2.9-cuda12.8', diskGb: 100, autoStopIdleMinutes: 30, sshKeyId: keyId };
    const pod = await api.POST('/v1/pods', { params: { header: { 'Idempotency-Key': 'contract-saved-key-1' } }, body });
    expect(pod.response.status).toBe(201);
    expect(pod.data?.sshPublicKey).toBe(publicKey);
    expect((await api.POST('/v1/ssh-keys', { body: { name: 'Twice', publicKey } })).response.status).toBe(409);
    expect((await api.DELETE('/v1/ssh-keys/{keyId}', { params: { path: { keyId } } })).response.status).toBe(204);
    expect((await api.DELETE('/v1/ssh-keys/{keyId}', { params: { path: { keyId } } })).response.status).toBe(404);
  });

  // notifications (issue 16): capacity watches
  it('watches a GPU type in a region once per person, lists the watch and removes it', async () => {
    const body = { gpuTypeId: 'b200', regionId: 'ca-mtl-1', gpuCount: 4 };
    const made = await api.POST('/v1/capacity-watches', { body });
    expect(made.response.status).toBe(201);
    expect((await api.POST('/v1/capacity-watches', { body })).data?.id).toBe(made.data?.id);
    expect((await api.GET('/v1/capacity-watches')).data?.items).toEqual([made.data]);
    expect((await api.POST('/v1/capacity-watches', { body: { ...body, regionId: 'ca-tor-1' } })).error?.errors?.[0]?.field).toBe('regionId');
    const watchId = made.data!.id;
    expect((await api.DELETE('/v1/capacity-watches/{watchId}', { params: { path: { watchId } } })).response.status).toBe(204);
    expect((await api.DELETE('/v1/capacity-watches/{watchId}', { params: { path: { watchId } } })).response.status).toBe(404);
  });

  // access and audit (issue 15): API tokens, and the log of what was done
  it('creates an API token (its secret once), lists and revokes it, and finds both in the audit log', async () => {
    const created = await api.POST('/v1/api-tokens', { body: { name: 'Contract token', kind: 'personal', role: 'admin', projectIds: null, readOnly: true, expiresInDays: 30 } });
    expect(created.response.status).toBe(201);
    expect(created.data?.secret).toMatch(/^nlt_/);
    const id = created.data!.token.id;
    const listed = await api.GET('/v1/api-tokens');
    expect(listed.data?.items.find((t) => t.id === id)).toMatchObject({ status: 'active', readOnly: true });
    expect(JSON.stringify(listed.data)).not.toContain(created.data!.secret);
    expect((await api.DELETE('/v1/api-tokens/{id}', { params: { path: { id } } })).response.status).toBe(204);
    // Found by what was done (a reset earlier in this file may have moved the simulated clock back).
    for (const action of ['api-token.create', 'api-token.revoke'] as const) {
      const log = await api.GET('/v1/audit-log', { params: { query: { action, limit: 500 } } });
      expect(log.response.status).toBe(200);
      expect(log.data?.items.filter((e) => e.targetId === id)).toHaveLength(1);
    }
  });

  // notifications (issue 16): action links come in e-mails, which the simulator never sends
  it('knows no e-mail action link in the simulator, and says so as a problem', async () => {
    for (const res of [await api.POST('/v1/auth/action-links/preview', { body: { token: 'nla_from-no-mail-at-all' } }), await api.POST('/v1/auth/action-links/use', { body: { token: 'nla_from-no-mail-at-all' } })]) {
      expect(res.response.status).toBe(404);
      expect(res.error?.type).toMatch(/action-link-unknown$/);
    }
  });

  // members (issue 15): invitations, members and single sign-on
  it('invites someone, who joins with the link; changes and removes them; sets up and removes single sign-on', async () => {
    const created = await api.POST('/v1/invitations', { body: { email: 'contract.invitee@lumen.example', role: 'engineer', projectIds: ['p-vision'], expiresInDays: 7 } });
    expect(created.response.status).toBe(201);
    const secret = created.data!.secret;
    expect((await api.GET('/v1/invitations')).data?.items[0]).toMatchObject({ email: 'contract.invitee@lumen.example', status: 'pending' });
    expect((await api.POST('/v1/auth/invitations/preview', { body: { token: secret } })).data?.role).toBe('engineer');
    const other = await api.POST('/v1/invitations', { body: { email: 'contract.other@lumen.example', role: 'finance', projectIds: [], expiresInDays: 1 } });
    expect((await api.DELETE('/v1/invitations/{invitationId}', { params: { path: { invitationId: other.data!.invitation.id } } })).response.status).toBe(204);
    const joined = await api.POST('/v1/auth/invitations/accept', { body: { token: secret, name: 'Contract Invitee', password: 'a long enough password' } });
    expect(joined.data?.user.email).toBe('contract.invitee@lumen.example');
    // The simulator now acts as the new member; the server's caller keeps its own session.
    await api.POST('/v1/simulation/act-as', { body: { userId: 'u-maya' } });
    const members = (await api.GET('/v1/members')).data!.items;
    const invitee = members.find((m) => m.email === 'contract.invitee@lumen.example')!;
    expect(invitee).toMatchObject({ role: 'engineer', projectIds: ['p-vision'] });
    const changed = await api.PATCH('/v1/members/{userId}', { params: { path: { userId: invitee.id } }, body: { role: 'finance', projectIds: [] } });
    expect(changed.data).toMatchObject({ role: 'finance', projectIds: [] });
    expect((await api.DELETE('/v1/members/{userId}', { params: { path: { userId: invitee.id } } })).response.status).toBe(204);

    const sso = await api.PUT('/v1/sso', {
      body: { issuer: 'https://login.lumen.example', clientId: 'northlight', clientSecret: 'contract-secret', scopes: 'openid email profile', allowedDomains: ['lumen.example'], roleClaim: 'groups', adminGroups: ['admins'], financeGroups: [], defaultRole: 'engineer', defaultProjectIds: [], enabled: true },
    });
    expect(sso.data?.connection).toMatchObject({ clientSecretSet: true, allowedDomains: ['lumen.example'] });
    expect((await api.GET('/v1/sso')).data?.callbackPath).toBe('/v1/auth/sso/callback');
    expect((await api.DELETE('/v1/sso')).response.status).toBe(204);
    expect((await api.GET('/v1/sso')).data?.connection).toBeNull();
  });

  it('lists notifications with the unread count, marks them read, and reads and sets the preferences', async () => {
    await api.POST('/v1/simulation/advance', { body: { durationMs: 6 * 60 * 60 * 1000 } });
    const page = (await api.GET('/v1/notifications', { params: { query: { limit: 5 } } })).data!;
    expect(page.unreadCount).toBeGreaterThanOrEqual(page.items.length);
    expect((await api.POST('/v1/notifications/read', { body: { all: true } })).data?.unreadCount).toBe(0);
    const prefs = (await api.GET('/v1/notification-preferences')).data!;
    expect(prefs.items.map((i) => i.kind)).toContain('pod.idle');
    const set = await api.PUT('/v1/notification-preferences', { body: { items: [{ kind: 'pod.idle', email: false }] } });
    expect(set.data?.items.find((i) => i.kind === 'pod.idle')).toMatchObject({ console: true, email: false });
  });

  it('sets up a webhook (its secret once), lists it and its deliveries, and removes it', async () => {
    const made = await api.POST('/v1/webhooks', { body: { url: 'https://hooks.lumen.example/northlight', kinds: ['budget.threshold'], format: 'standard' } });
    expect(made.data?.secret).toMatch(/^whsec_/);
    const id = made.data!.webhook.id;
    const list = (await api.GET('/v1/webhooks')).data!;
    expect(list.items.find((w) => w.id === id)).toMatchObject({ url: 'https://hooks.lumen.example/northlight', kinds: ['budget.threshold'], status: 'active' });
    expect(JSON.stringify(list)).not.toContain('whsec_');
    expect((await api.GET('/v1/webhooks/{webhookId}/deliveries', { params: { path: { webhookId: id } } })).data?.items).toEqual([]);
    expect((await api.POST('/v1/webhooks/{webhookId}/deliveries/{deliveryId}/replay', { params: { path: { webhookId: id, deliveryId: '999999' } } })).response.status).toBe(404);
    expect((await api.DELETE('/v1/webhooks/{webhookId}', { params: { path: { webhookId: id } } })).response.status).toBe(204);
    expect((await api.POST('/v1/webhooks', { body: { url: 'http://hooks.lumen.example/plain' } })).response.status).toBe(400);
  });

  it('compiles every schema of the contract with Ajv in strict mode (OpenAPI\'s own keywords declared)', () => {
    expect(() => new Contract(structuredClone(contract) as unknown as ContractDocument).compileAll()).not.toThrow();
  });

  it('refuses a schema with a keyword Ajv does not know, and accepts OpenAPI\'s own', () => {
    const docWith = (schema: object) => ({ paths: {}, components: { responses: {}, schemas: { Thing: schema } } }) as unknown as ContractDocument;
    expect(() => new Contract(docWith({ type: 'string', maxLenght: 10 })).compileAll()).toThrow(/unknown keyword: "maxLenght"/);
    // a flow-style description cut at an unquoted comma leaves its tail behind as a keyword
    expect(() => new Contract(docWith({ type: 'number', description: 'Lifecycle grid carbon intensity', 'g CO2e per kWh': null })).compileAll()).toThrow(/unknown keyword/);
    expect(() => new Contract(docWith({ type: 'string', maxLength: 10, example: 'gpu', deprecated: true, externalDocs: { url: 'https://northlight.example' } })).compileAll()).not.toThrow();
  });

  it('catches an answer the contract does not allow', () => {
    expect(contractViolations('GET', '/v1/overview', 200, 'application/json', { runningPods: -1 })).not.toEqual([]);
    expect(contractViolations('GET', '/v1/pods/x', 418, 'application/json', {})).not.toEqual([]);
    expect(contractViolations('GET', '/v1/nowhere', 200, 'application/json', {})).not.toEqual([]);
  });

  // Runs last in this file: every operation in the contract has been called above or elsewhere.
  it('has exercised every operation in the contract', () => {
    const missing = contractOperations().filter((op) => !exercisedOperations().has(op));
    expect(missing).toEqual([]);
  });
});
