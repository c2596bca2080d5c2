/**
 * The audit log through the contract-checked test API: each change says who, what, before and
 * after and what it does to the monthly bill; nothing unchanged is recorded; engineers see their
 * own; policies record their own actions; pages never repeat an entry.
 */
import { describe, expect, it } from 'vitest';
import { createApiClient } from '../api/client';
import { testCloud } from '../testing/server';
import { costCentsForDuration } from '../domain/money';
import { HOURS_PER_MONTH, MS_PER_HOUR } from '../domain/units';

const api = createApiClient('http://localhost/api');
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf me@laptop';
const LAUNCH = { name: 'audited', projectId: 'p-vision', gpuTypeId: 'l4', gpuCount: 2, regionId: 'ca-mtl-1', imageId: 'pytorch-2.9-cuda12.8', diskGb: 100, autoStopIdleMinutes: null, sshPublicKey: KEY };
const month = (microUsdPerHour: number) => costCentsForDuration(microUsdPerHour, HOURS_PER_MONTH * MS_PER_HOUR);

async function log(query: Record<string, string> = {}) {
  const res = await api.GET('/v1/audit-log', { params: { query } });
  expect(res.response.status).toBe(200);
  return res.data!;
}

async function launch(name: string, key: string) {
  const res = await api.POST('/v1/pods', { params: { header: { 'Idempotency-Key': key } }, body: { ...LAUNCH, name } });
  expect(res.response.status, JSON.stringify(res.error)).toBe(201);
  return res.data!;
}

describe('the audit log', () => {
  it('records a launch once (not its replay) with what it adds to the bill, and a stop with what it saves', async () => {
    const pod = await launch('audited', 'audit-1');
    await api.POST('/v1/pods', { params: { header: { 'Idempotency-Key': 'audit-1' } }, body: LAUNCH });
    const launched = (await log({ action: 'pod.launch' })).items;
    expect(launched).toHaveLength(1);
    const gpuMicro = pod.gpuRateMicroUsdPerHour; // both GPUs
    expect(launched[0]).toMatchObject({ actorKind: 'user', actorId: 'u-maya', actorName: 'Maya Chen', targetId: pod.id, targetName: 'audited', projectId: 'p-vision', before: null });
    expect(launched[0]!.monthlyCostDeltaCents).toBe(month(gpuMicro + pod.diskRateMicroUsdPerHour));
    expect(launched[0]!.summary).toMatch(/^Launched pod audited: 2 × NVIDIA L4 in ca-mtl-1/);

    await api.POST('/v1/pods/{podId}/stop', { params: { path: { podId: pod.id } } });
    // Stopping it again changes nothing, and records nothing.
    await api.POST('/v1/pods/{podId}/stop', { params: { path: { podId: pod.id } } });
    const stops = (await log({ action: 'pod.stop' })).items;
    expect(stops).toHaveLength(1);
    expect(stops[0]!.monthlyCostDeltaCents).toBe(-month(gpuMicro));
    expect(stops[0]!.before).toMatchObject({ headingFor: 'running' });
    expect(stops[0]!.after).toMatchObject({ headingFor: 'stopped' });
  });

  it('says what a PATCH changed, and the saving of fewer GPUs', async () => {
    const pod = await launch('shrinks', 'audit-2');
    const res = await api.PATCH('/v1/pods/{podId}', { params: { path: { podId: pod.id } }, body: { gpuCount: 1 } });
    expect(res.response.status).toBe(200);
    const [entry] = (await log({ action: 'pod.change' })).items;
    expect(entry!.summary).toBe('Changed pod shrinks: gpus 2 × NVIDIA L4 → 1 × NVIDIA L4');
    expect(entry!.monthlyCostDeltaCents).toBe(-month(pod.gpuRateMicroUsdPerHour / 2));
  });

  it('records a cheaper pod that replaces another with the difference it makes to the bill', async () => {
    const old = await launch('old-big', 'audit-5');
    const res = await api.POST('/v1/pods', { params: { header: { 'Idempotency-Key': 'audit-6' } }, body: { ...LAUNCH, name: 'new-small', gpuCount: 1, replacesPodId: old.id } });
    expect(res.response.status).toBe(201);
    const entry = (await log({ action: 'pod.launch' })).items.find((e) => e.targetName === 'new-small')!;
    expect(entry.summary).toBe('Launched pod new-small: 1 × NVIDIA L4 in ca-mtl-1, to replace old-big once it runs');
    // The new pod's GPU and disk, less the old pod's GPUs (its disk stays, stopped).
    const micro = res.data!.gpuRateMicroUsdPerHour + res.data!.diskRateMicroUsdPerHour - old.gpuRateMicroUsdPerHour;
    expect(micro).toBeLessThan(0);
    expect(entry.monthlyCostDeltaCents).toBe(-month(-micro));
  });

  it('records budgets and tokens without secrets, and lets engineers see only their own', async () => {
    await api.POST('/v1/budgets', { body: { projectId: 'p-vision', amountCents: 100_000, thresholdsPercent: [80], policy: 'notify' } });
    const token = await api.POST('/v1/api-tokens', { body: { name: 'ci', kind: 'personal', role: 'admin', projectIds: null, readOnly: true, expiresInDays: 7 } });
    const all = await log();
    expect(all.items.map((e) => e.action)).toEqual(['api-token.create', 'budget.create']);
    expect(all.items[1]!.after).toEqual({ amountCents: 100_000, thresholdsPercent: '80', policy: 'notify' });
    expect(JSON.stringify(all)).not.toContain(token.data!.secret);

    await api.POST('/v1/simulation/act-as', { body: { userId: 'u-ana' } });
    await launch('ana-pod', 'audit-3');
    const anas = await log();
    // Her launch; not Maya's budget or token, nor the act-as (Maya's).
    expect(anas.items.map((e) => e.action)).toEqual(['pod.launch']);
    expect((await log({ actorId: 'u-maya' })).items).toEqual([]);
  });

  it('pages newest first with a cursor, filters by time, and refuses a forged cursor', async () => {
    for (let i = 0; i < 5; i++) await api.PUT('/v1/egress/thresholds/{projectId}', { params: { path: { projectId: 'p-vision' } }, body: { warningThresholdPercent: 50 + i } });
    const first = await log({ limit: '2' });
    expect(first.items).toHaveLength(2);
    const second = await log({ limit: '2', cursor: first.nextCursor! });
    const third = await log({ limit: '2', cursor: second.nextCursor! });
    expect(third.nextCursor).toBeNull();
    const summaries = [...first.items, ...second.items, ...third.items].map((e) => e.summary);
    expect(summaries).toEqual([54, 53, 52, 51, 50].map((n) => `Egress warning for Vision set to ${n} % of the free allowance`));
    expect((await log({ to: first.items[0]!.at })).items.length).toBeLessThan(5);
    const forged = await api.GET('/v1/audit-log', { params: { query: { cursor: 'x' } } });
    expect(forged.response.status).toBe(400);
  });

  it('records an auto-stop as the policy’s, at the moment it happened', async () => {
    const pod = await launch('idles', 'audit-4');
    await api.PATCH('/v1/pods/{podId}', { params: { path: { podId: pod.id } }, body: { autoStopIdleMinutes: 30 } });
    await api.POST('/v1/simulation/advance', { body: { durationMs: 6 * MS_PER_HOUR } });
    await api.GET('/v1/pods');
    // A stop found late (after time travel) happens just after the reconcilers ran: the next run records it.
    await api.POST('/v1/simulation/advance', { body: { durationMs: 2 * 60_000 } });
    await api.GET('/v1/pods');
    const stops = (await log({ actorId: 'policy' })).items.filter((e) => e.targetId === pod.id);
    const state = testCloud().context.state;
    const stoppedAt = state.pods.find((p) => p.id === pod.id)!.transitions.find((t) => t.status === 'stopping')?.atMs;
    // A launched pod's work is a notebook's: idle for 30 minutes within 6 hours.
    expect(stoppedAt).toBeDefined();
    expect(stops).toHaveLength(1);
    expect(stops[0]).toMatchObject({ action: 'pod.auto-stop', actorKind: 'policy', actorName: 'Auto-stop', at: new Date(stoppedAt!).toISOString() });
    expect(stops[0]!.monthlyCostDeltaCents).toBeLessThan(0);
  });
});
