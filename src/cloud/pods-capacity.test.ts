/** No capacity: the GPUs offered as similar have similar memory (issue 17, point 9). */
import { describe, expect, it } from 'vitest';
import { createCloud, memoryStore } from './service';
import { gpuTypes } from './catalog-data';

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
