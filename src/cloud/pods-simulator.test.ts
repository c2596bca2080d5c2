/** The pods simulator end to end through cloud.handle: launch once, lifecycle, capacity, idle auto-stop, metrics. */
import { beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createCloud, memoryStore, type CloudService } from './service';
import { statusAt } from './lifecycle';
import { podLedger } from './billing';
import { MS_PER_HOUR, MS_PER_MINUTE } from '../domain/units';
import { costCentsForDuration } from '../domain/money';
import { podCostEstimate, podRates } from '../domain/pricing';
import { diskPricing, offers } from './catalog-data';
import { firstIdleStop, IDLE_ENGINE_ACTIVE_BELOW } from './pods-autostop';
import { gpuSample } from './telemetry';
import { gpuTypes } from './catalog-data';
import { generateWorld } from './world';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf me@laptop';
const launch = {
  name: 'ana-dev', projectId: 'p-vision', gpuTypeId: 'l40s', gpuCount: 1, regionId: 'ca-mtl-1',
  imageId: 'pytorch-2.9-cuda12.8', diskGb: 200, autoStopIdleMinutes: null as number | null, sshPublicKey: KEY,
};

let cloud: CloudService;
let store: ReturnType<typeof memoryStore>;
beforeEach(() => {
  store = memoryStore();
  cloud = createCloud({ realNow: () => 0, store });
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const [p, q = ''] = path.split('?');
  return cloud.handle({ method, path: p!, query: new URLSearchParams(q), headers: new Headers(headers), body });
}
const post = (body: unknown, key: string) => call('POST', '/v1/pods', body, { 'Idempotency-Key': key });
const advance = (ms: number) => call('POST', '/v1/simulation/advance', { durationMs: ms });
const podsNamed = (name: string) => cloud.context.state.pods.filter((p) => p.name === name);
const bodyOf = <T = Record<string, unknown>>(r: { body?: unknown }) => r.body as T;

describe('launching a pod', () => {
  it('queues it, provisions it and runs it, billing the GPU only while it runs and the disk all along', async () => {
    const r = await post(launch, 'k-1');
    expect(r.status).toBe(201);
    const pod = podsNamed('ana-dev')[0]!;
    const t0 = cloud.context.now();
    expect(statusAt(pod, t0)).toBe('queued');
    expect(statusAt(pod, t0 + 6_000)).toBe('provisioning');
    expect(statusAt(pod, t0 + 26_000)).toBe('running');
    // The price locked at launch is the one the estimate shows: the same function.
    const offer = offers.find((o) => o.gpuTypeId === 'l40s' && o.regionId === 'ca-mtl-1')!;
    const rates = podRates(offer, diskPricing, { gpuCount: 1, diskGb: 200 });
    expect(pod.rateMicroUsdPerGpuHour * pod.gpuCount).toBe(rates.gpuMicroUsdPerHour);
    expect(pod.diskMicroUsdPerHour).toBe(rates.diskMicroUsdPerHour);
    const end = t0 + 25_000 + MS_PER_HOUR;
    const rows = podLedger(pod, 0, end);
    expect(rows.reduce((a, x) => a + x.gpuCents, 0)).toBe(costCentsForDuration(rates.gpuMicroUsdPerHour, MS_PER_HOUR));
    expect(rows.reduce((a, x) => a + x.diskCents, 0)).toBe(costCentsForDuration(rates.diskMicroUsdPerHour, MS_PER_HOUR + 25_000));
    expect(podCostEstimate(rates).perHour.gpuCents).toBe(costCentsForDuration(rates.gpuMicroUsdPerHour, MS_PER_HOUR));
  });

  it('launches exactly once per key, replays the first answer, and keeps the records across a reload', async () => {
    const first = await post(launch, 'k-1');
    const second = await post(launch, 'k-1');
    expect(second.status).toBe(201);
    expect(second.headers?.['Idempotency-Replayed']).toBe('true');
    expect(bodyOf(second).id).toBe(bodyOf(first).id);
    expect(podsNamed('ana-dev')).toHaveLength(1);
    const reloaded = createCloud({ realNow: () => 0, store: memoryStore(store.load()) });
    const third = await reloaded.handle({ method: 'POST', path: '/v1/pods', query: new URLSearchParams(), headers: new Headers({ 'Idempotency-Key': 'k-1' }), body: launch });
    expect(bodyOf(third).id).toBe(bodyOf(first).id);
    expect(reloaded.context.state.pods.filter((p) => p.name === 'ana-dev')).toHaveLength(1);
    expect((await post({ ...launch, diskGb: 300 }, 'k-1')).status).toBe(422);
    expect((await call('POST', '/v1/pods', launch)).status).toBe(400);
  });

  it('property: any interleaving of repeats of one launch makes exactly one pod', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.boolean(), async (repeats, concurrent) => {
        cloud = createCloud({ realNow: () => 0 });
        const send = () => post({ ...launch, name: 'once' }, 'same-key');
        const answers = concurrent ? await Promise.all(Array.from({ length: repeats }, send)) : await (async () => { const out = []; for (let i = 0; i < repeats; i++) out.push(await send()); return out; })();
        expect(podsNamed('once')).toHaveLength(1);
        expect(new Set(answers.filter((a) => a.status === 201).map((a) => bodyOf(a).id)).size).toBe(1);
      }),
      { numRuns: 20 },
    );
  });

  it('answers every wrong field at once, in plain words, and keeps nothing', async () => {
    const r = await post({ ...launch, name: 'Ana Dev', gpuCount: 3, diskGb: 5, sshPublicKey: 'ssh-rsa AAAA', autoStopIdleMinutes: 2 }, 'k-bad');
    expect(r.status).toBe(400);
    const fields = bodyOf<{ errors: Array<{ field: string }> }>(r).errors.map((e) => e.field).sort();
    expect(fields).toEqual(['autoStopIdleMinutes', 'diskGb', 'gpuCount', 'name', 'sshPublicKey']);
    expect(cloud.context.state.idempotency).toEqual([]);
    // The corrected request may use the same key.
    expect((await post(launch, 'k-bad')).status).toBe(201);
  });

  it('refuses a name already used in the project', async () => {
    await post(launch, 'k-1');
    const r = await post(launch, 'k-2');
    expect(bodyOf<{ errors: Array<{ field: string; message: string }> }>(r).errors).toEqual([{ field: 'name', message: 'A pod named “ana-dev” already exists in this project. Choose another name.' }]);
  });

  it('lets finance read pods but not launch them', async () => {
    await call('POST', '/v1/simulation/act-as', { userId: 'u-oskar' });
    expect((await post(launch, 'k-1')).status).toBe(403);
    expect((await call('GET', '/v1/pods')).status).toBe(200);
  });
});

describe('capacity', () => {
  it('really runs out (B200 in Montréal) and offers the same GPU elsewhere and similar GPUs here, with the price difference', async () => {
    const b200 = { ...launch, gpuTypeId: 'b200', gpuCount: 1 };
    for (let i = 0; i < 4; i++) expect((await post({ ...b200, name: `b-${i}` }, `b-${i}`)).status).toBe(201);
    const r = await post({ ...b200, name: 'b-4' }, 'b-4');
    expect(r.status).toBe(409);
    const problem = bodyOf<{ type: string; availableGpus: number; alternatives: Array<{ kind: string; gpuTypeId: string; regionId: string; priceDifferenceMicroUsdPerHour: number }> }>(r);
    expect(problem.type).toMatch(/no-capacity$/);
    expect(problem.availableGpus).toBe(0);
    expect(problem.alternatives).toContainEqual(expect.objectContaining({ kind: 'same-gpu-other-region', gpuTypeId: 'b200', regionId: 'se-bod-1' }));
    const h200 = problem.alternatives.find((a) => a.gpuTypeId === 'h200' && a.regionId === 'ca-mtl-1');
    expect(h200?.priceDifferenceMicroUsdPerHour).toBe(3_490_000 - 5_490_000);
    // Keep my data in Canada: no Swedish alternative.
    const canada = bodyOf<{ alternatives: Array<{ regionId: string }> }>(await post({ ...b200, name: 'b-4', residency: 'Canada' }, 'b-5'));
    expect(canada.alternatives.every((a) => a.regionId.startsWith('ca-'))).toBe(true);
    // Stopping one frees its GPU once it has stopped.
    const first = podsNamed('b-0')[0]!;
    await advance(30_000);
    await call('POST', `/v1/pods/${first.id}/stop`);
    await advance(10_000);
    expect((await post({ ...b200, name: 'b-4' }, 'b-6')).status).toBe(201);
  });
});

describe('quota', () => {
  it('refuses a launch that would take the project past its GPU quota, at the GPU count field', async () => {
    const held = () => cloud.context.state.pods.filter((p) => p.projectId === 'p-vision' && ['queued', 'provisioning', 'running', 'stopping'].includes(statusAt(p, cloud.context.now()))).reduce((a, p) => a + p.gpuCount, 0);
    let i = 0;
    while (held() + 8 <= 64) expect((await post({ ...launch, name: `big-${i}`, gpuTypeId: 'h100-sxm', gpuCount: 8 }, `q-${i++}`)).status).toBe(201);
    const r = await post({ ...launch, name: 'one-too-many', gpuTypeId: 'h100-sxm', gpuCount: 8 }, 'q-last');
    expect(r.status).toBe(409);
    const problem = bodyOf<{ type: string; errors: Array<{ field: string; message: string }> }>(r);
    expect(problem.type).toMatch(/quota-exceeded$/);
    expect(problem.errors[0]).toMatchObject({ field: 'gpuCount', message: expect.stringMatching(/^Vision may hold 64 GPUs at once and holds \d+; 8 more would pass its quota/) });
  });
});

describe('acting on a pod', () => {
  it('stops, starts and terminates; repeating an action answers the pod as it is', async () => {
    const id = bodyOf(await post(launch, 'k-1')).id as string;
    await advance(30_000);
    expect(bodyOf(await call('POST', `/v1/pods/${id}/stop`)).status).toBe('stopping');
    expect(bodyOf(await call('POST', `/v1/pods/${id}/stop`)).status).toBe('stopping');
    await advance(10_000);
    expect(bodyOf(await call('GET', `/v1/pods/${id}`)).status).toBe('stopped');
    expect(bodyOf(await call('POST', `/v1/pods/${id}/start`)).status).toBe('provisioning');
    expect(bodyOf(await call('POST', `/v1/pods/${id}/start`)).status).toBe('provisioning');
    expect((await call('POST', `/v1/pods/${id}/terminate`, { confirmName: 'ana' })).status).toBe(400);
    expect(bodyOf(await call('POST', `/v1/pods/${id}/terminate`, { confirmName: 'ana-dev' })).status).toBe('terminating');
    await advance(10_000);
    const done = bodyOf<{ status: string; events: Array<{ status: string; reason: string }> }>(await call('GET', `/v1/pods/${id}`));
    expect(done.status).toBe('terminated');
    expect(done.events.at(-1)).toMatchObject({ status: 'terminated', reason: 'Disk deleted' });
    expect((await call('POST', `/v1/pods/${id}/start`)).status).toBe(409);
  });

  it('stops the replaced pod once its replacement runs', async () => {
    const oldId = bodyOf(await post({ ...launch, name: 'old' }, 'k-old')).id as string;
    await advance(30_000);
    const newId = bodyOf(await post({ ...launch, name: 'new', gpuTypeId: 'l4', replacesPodId: oldId }, 'k-new')).id as string;
    expect(bodyOf(await call('GET', `/v1/pods/${oldId}`)).status).toBe('running');
    await advance(26_000);
    expect(bodyOf(await call('GET', `/v1/pods/${newId}`)).status).toBe('running');
    const old = bodyOf<{ status: string; events: Array<{ reason: string }> }>(await call('GET', `/v1/pods/${oldId}`));
    expect(old.status).toBe('stopping');
    expect(old.events.at(-1)?.reason).toBe('Replaced by new, now running');
  });

  it('changes GPU count in place, restarting a running pod', async () => {
    const id = bodyOf(await post({ ...launch, gpuCount: 2 }, 'k-1')).id as string;
    await advance(30_000);
    const r = bodyOf(await call('PATCH', `/v1/pods/${id}`, { gpuCount: 1 }));
    expect(r).toMatchObject({ gpuCount: 1, status: 'provisioning' });
    expect((await call('PATCH', `/v1/pods/${id}`, { gpuCount: 3 })).status).toBe(400);
    expect((await call('PATCH', `/v1/pods/${id}`, { name: 'x' })).status).toBe(400);
  });
});

describe('idle auto-stop', () => {
  it('finds the first stretch where every GPU stayed idle for the chosen time, from the telemetry', () => {
    const pod = { ...cloud.context.state.pods[0]!, archetype: 'notebook' as const, gpuCount: 1, gpuTypeId: 'l40s', transitions: [] };
    const from = cloud.context.now();
    const found = firstIdleStop(pod, from, 30 * MS_PER_MINUTE, from + 2 * 86_400_000)!;
    expect(found.stopAtMs - found.idleSinceMs).toBe(30 * MS_PER_MINUTE);
    const gpu = gpuTypes.find((g) => g.id === 'l40s')!;
    for (let t = found.idleSinceMs; t < found.stopAtMs; t += 60_000) expect(gpuSample(pod, gpu, 0, t).DCGM_FI_PROF_GR_ENGINE_ACTIVE).toBeLessThan(IDLE_ENGINE_ACTIVE_BELOW);
    // Nothing earlier qualifies: just before the stretch, the GPU was busy (or the search began).
    if (found.idleSinceMs > from) expect(gpuSample(pod, gpu, 0, found.idleSinceMs - 1).DCGM_FI_PROF_GR_ENGINE_ACTIVE).toBeGreaterThanOrEqual(IDLE_ENGINE_ACTIVE_BELOW);
  });

  it('counts down, snoozes with keep-running, and stops the pod when its GPUs stay idle', async () => {
    const id = bodyOf(await post({ ...launch, autoStopIdleMinutes: 30 }, 'k-1')).id as string;
    type View = { status: string; autoStop: { stopsAt: string | null; idleSince: string | null; snoozedUntil: string | null; savesCentsPerDay: number } | null; events: Array<{ reason: string }> };
    const get = async () => bodyOf<View>(await call('GET', `/v1/pods/${id}`));
    let view = await get();
    expect(view.autoStop?.savesCentsPerDay).toBe(costCentsForDuration(890_000, 86_400_000));
    // Step through time until the countdown shows.
    for (let i = 0; i < 200 && !view.autoStop?.stopsAt; i++) {
      await advance(5 * MS_PER_MINUTE);
      view = await get();
    }
    expect(view.status).toBe('running');
    const stopsAt = Date.parse(view.autoStop!.stopsAt!);
    expect(stopsAt - Date.parse(view.autoStop!.idleSince!)).toBe(30 * MS_PER_MINUTE);
    view = bodyOf<View>(await call('POST', `/v1/pods/${id}/keep-running`, { snoozeMinutes: 60 }));
    expect(view.autoStop?.stopsAt).toBeNull();
    expect(Date.parse(view.autoStop!.snoozedUntil!)).toBe(cloud.context.now() + 60 * MS_PER_MINUTE);
    await advance(stopsAt - cloud.context.now() + 60_000);
    expect((await get()).status).toBe('running');
    await advance(24 * MS_PER_HOUR);
    view = await get();
    expect(view.status).toBe('stopped');
    expect(view.events.some((e) => e.reason === 'Idle for 30 minutes: auto-stopped')).toBe(true);
  });

  it('watches the world’s running pods with auto-stop from the moment the world began', async () => {
    // Reconcilers catch up once a simulated minute has passed (reconcile.ts).
    await call('POST', '/v1/simulation/advance', { durationMs: 60_000 });
    await call('GET', '/v1/session');
    const state = cloud.context.state;
    const watched = state.pods.filter((p) => p.autoStopIdleMinutes !== null && statusAt(p, state.anchorMs) === 'running');
    expect(watched.length).toBeGreaterThan(0);
    const original = generateWorld();
    for (const p of watched) {
      expect(state.autoStopWatches?.[p.id]).toBeDefined();
      // Nothing up to the world's start changed; the stops come after it.
      const before = original.pods.find((o) => o.id === p.id)!.transitions;
      expect(p.transitions.filter((t) => t.atMs <= state.anchorMs)).toEqual(before);
      expect(p.transitions.length).toBeGreaterThan(before.length);
    }
  });
});

describe('metrics', () => {
  it('never sends more points than asked, per GPU, with gaps where the pod did not run', async () => {
    const running = bodyOf<{ items: Array<{ id: string; gpuCount: number }> }>(await call('GET', '/v1/pods?status=running&sort=gpuCount&limit=1')).items[0]!;
    for (const [range, maxPoints] of [['1h', 120], ['7d', 50], ['24h', 7], ['6h', 2]] as const) {
      const m = bodyOf<{ gpus: Array<{ points: Array<{ DCGM_FI_DEV_GPU_UTIL: number | null }> }>; energyKWh: number; co2eKg: number }>(await call('GET', `/v1/pods/${running.id}/metrics?range=${range}&maxPoints=${maxPoints}`));
      expect(m.gpus).toHaveLength(running.gpuCount);
      for (const g of m.gpus) expect(g.points.length).toBeLessThanOrEqual(maxPoints);
      expect(m.energyKWh).toBeGreaterThan(0);
    }
    const id = bodyOf(await post(launch, 'k-1')).id as string;
    const fresh = bodyOf<{ gpus: Array<{ points: Array<{ DCGM_FI_DEV_GPU_UTIL: number | null }> }> }>(await call('GET', `/v1/pods/${id}/metrics?range=1h`));
    expect(fresh.gpus[0]!.points.every((p) => p.DCGM_FI_DEV_GPU_UTIL === null)).toBe(true);
    expect((await call('GET', `/v1/pods/${id}/metrics?range=2h`)).status).toBe(400);
  });
});
