/** No capacity: the GPUs offered as similar have similar memory (issue 17, point 9). */
import { describe, expect, it } from 'vitest';
import { createCloud, memoryStore } from './service';
import { gpuTypes } from './catalog-data';
import { projectGpusHeld } from './pods-capacity';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf me@laptop';
const launch = {
  name: 'big-model', projectId: 'p-vision', gpuTypeId: 'b200', gpuCount: 8, regionId: 'ca-mtl-1',
  imageId: 'pytorch-2.9-cuda12.8', diskGb: 200, autoStopIdleMinutes: null as number | null, sshPublicKey: KEY,
};
type Alternative = { kind: string; gpuTypeId: string; regionId: string };
const vram = (id: string) => gpuTypes.find((g) => g.id === id)!.vramGiB;

async function alternativesFor(body: typeof launch): Promise<Alternative[]> {
  const cloud = createCloud({ realNow: () => 0, store: memoryStore() });
  const r = await cloud.handle({ method: 'POST', path: '/v1/pods', query: new URLSearchParams(), headers: new Headers({ 'Idempotency-Key': crypto.randomUUID() }), body });
  expect(r.status).toBe(409);
  return (r.body as { alternatives: Alternative[] }).alternatives;
}

describe('no-capacity alternatives', () => {
  it('offer a 180 GB B200 no 80 GB GPU as similar: only GPUs with at least three quarters of its memory', async () => {
    const alternatives = await alternativesFor(launch);
    const similar = alternatives.filter((a) => a.kind === 'similar-gpu-same-region');
    expect(similar.map((a) => a.gpuTypeId)).toContain('h200');
    expect(similar.map((a) => a.gpuTypeId)).not.toContain('h100-pcie');
    expect(similar.every((a) => vram(a.gpuTypeId) >= 0.75 * vram('b200'))).toBe(true);
    // The same GPU elsewhere is still offered first.
    expect(alternatives[0]).toMatchObject({ kind: 'same-gpu-other-region', gpuTypeId: 'b200' });
  });
});

describe('MIG slices take their sevenths of a GPU (issue 18, point 4)', () => {
  it('pack onto the GPUs their compute needs: a 3g and a 4g share the last free GPU, then nothing more fits, whole or sliced', async () => {
    const cloud = createCloud({ realNow: () => 0, store: memoryStore() });
    const ctx = cloud.context;
    const call = (method: string, path: string, body?: unknown) =>
      cloud.handle({ method, path, query: new URLSearchParams(), headers: new Headers({ 'Idempotency-Key': crypto.randomUUID() }), body });
    const free = async () => {
      const catalog = (await call('GET', '/v1/catalog')).body as { gpuTypes: Array<{ id: string; offers: Array<{ regionId: string; availableGpus: number }> }> };
      return catalog.gpuTypes.find((g) => g.id === 'h100-pcie')!.offers.find((o) => o.regionId === 'ca-mtl-1')!.availableGpus;
    };
    const before = await free();
    expect(before).toBeGreaterThan(1);
    // Another project holds all but one of the region's H100 PCIe.
    const filler = { ...ctx.state.pods[0]!, id: 'pod-filler', name: 'filler', projectId: 'p-filler', gpuTypeId: 'h100-pcie', regionId: 'ca-mtl-1', gpuCount: before - 1, transitions: [{ status: 'running' as const, atMs: 0, reason: '' }] };
    delete filler.gpuCountHistory;
    delete filler.migProfile;
    ctx.state.pods.push(filler);
    expect(await free()).toBe(1);
    const heldBefore = projectGpusHeld(ctx, 'p-vision', ctx.now());
    const slice = { ...launch, gpuTypeId: 'h100-pcie', gpuCount: 1 };
    expect((await call('POST', '/v1/pods', { ...slice, name: 'three', migProfile: '3g.40gb' })).status).toBe(201);
    // The GPU a slice is on is no longer free for a whole-GPU pod.
    expect(await free()).toBe(0);
    const whole = await call('POST', '/v1/pods', { ...slice, name: 'whole' });
    expect(whole.status).toBe(409);
    expect((await call('POST', '/v1/pods', { ...slice, name: 'four', migProfile: '4g.40gb' })).status).toBe(201);
    const none = await call('POST', '/v1/pods', { ...slice, name: 'one', migProfile: '1g.10gb' });
    expect(none.status).toBe(409);
    expect((none.body as { detail: string }).detail).toBe('No NVIDIA H100 PCIe 80GB in Montréal has a 1g.10gb slice free right now.');
    // 3/7 + 4/7 of a GPU against the project's quota: one GPU, not two.
    expect(projectGpusHeld(ctx, 'p-vision', ctx.now())).toBeCloseTo(heldBefore + 1, 9);
  });
});
