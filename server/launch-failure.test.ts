/**
 * A launch that fails while provisioning, on the server (issue 16's pod.launch-failed): the
 * simulation's injected fault is kept with the organization (state_extras), the launch takes the
 * server's partial write path, and the owner is told once the failure happens, in the console.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type ApiClient, type TestServer } from './testing/harness';

let realNow = 1_800_000_000_000;
let server: TestServer;
let maya: ApiClient;
let ana: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ realNow: () => realNow });
  [maya, ana] = await Promise.all([server.signIn('maya@lumen.example'), server.signIn('ana@lumen.example')]);
});
afterAll(() => server?.close());

const launch = (client: ApiClient, name: string) =>
  client.call<{ id: string; status: string }>(
    'POST',
    '/v1/pods',
    { name, projectId: 'p-vision', gpuTypeId: 'l4', gpuCount: 1, regionId: 'ca-mtl-1', imageId: 'pytorch-2.9-cuda12.8', diskGb: 100, autoStopIdleMinutes: null, sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf me@laptop' },
    { 'Idempotency-Key': crypto.randomUUID() },
  );

describe('a launch that fails while provisioning, on the server', () => {
  it('ends failed and tells its owner once it happens; only admins inject the fault', async () => {
    expect((await ana.call('POST', '/v1/simulation/provisioning-faults', { failNextLaunches: 1 })).status).toBe(403);
    expect((await maya.call('POST', '/v1/simulation/provisioning-faults', { failNextLaunches: 1 })).body).toEqual({ failNextLaunches: 1 });
    const pod = await launch(ana, 'no-image-here');
    expect(pod.status, JSON.stringify(pod.body)).toBe(201);

    realNow += 2 * 60_000;
    const notes = (await ana.call<{ items: Array<{ kind: string; title: string; link: string }> }>('GET', '/v1/notifications?limit=20')).body.items.filter((n) => n.kind === 'pod.launch-failed');
    expect(notes).toEqual([expect.objectContaining({ title: 'no-image-here failed to start', link: `/pods/${pod.body.id}` })]);
    expect((await ana.call<{ status: string }>('GET', `/v1/pods/${pod.body.id}`)).body.status).toBe('failed');
    // Maya is not the owner: nothing for her.
    const mayas = (await maya.call<{ items: Array<{ kind: string }> }>('GET', '/v1/notifications?limit=50')).body.items;
    expect(mayas.some((n) => n.kind === 'pod.launch-failed')).toBe(false);

    // One fault, one failure: the next launch runs.
    const next = await launch(ana, 'image-pulled');
    realNow += 2 * 60_000;
    expect((await ana.call<{ status: string }>('GET', `/v1/pods/${next.body.id}`)).body.status).toBe('running');
  });
});
