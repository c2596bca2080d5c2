/**
 * The journeys' door: with test organizations on, each POST makes an organization of its own,
 * the mock's default world, whose admin signs in with the answered password; what happens in it
 * stays in it, and a simulation reset keeps its people's e-mails. Off, the door is not there.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './testing/harness';

interface Created {
  organizationId: string;
  password: string;
  users: Array<{ id: string; email: string; role: string }>;
}

describe('test organizations', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ testOrganizations: true });
  });
  afterAll(async () => {
    await server?.close();
  });

  async function create(): Promise<Created> {
    const res = await server.client().call<Created>('POST', '/testing/organizations', {});
    expect(res.status).toBe(201);
    return res.body;
  }

  const mayaOf = (org: Created) => org.users.find((u) => u.id === 'u-maya')!.email;

  it('gives each journey an organization of its own with the simulator’s default world', async () => {
    const [a, b] = [await create(), await create()];
    expect(a.organizationId).not.toBe(b.organizationId);
    expect(mayaOf(a)).toBe(`maya@${a.organizationId}.example`);
    const lumen = await server.signIn('maya@lumen.example');
    const first = await server.signIn(mayaOf(a), a.password);
    const second = await server.signIn(mayaOf(b), b.password);

    type Pods = { items: Array<{ id: string; name: string }>; total: number };
    const names = async (client: typeof lumen) => (await client.call<Pods>('GET', '/v1/pods?limit=500&sort=name')).body.items.map((p) => p.name);
    // The same world the mock starts from (Lumen AI is the simulator's world too).
    expect(await names(first)).toEqual(await names(lumen));

    const launched = await first.call<{ id: string }>(
      'POST',
      '/v1/pods',
      {
        name: 'only-in-a',
        projectId: 'p-vision',
        gpuTypeId: 'l4',
        gpuCount: 1,
        regionId: 'ca-mtl-1',
        imageId: 'pytorch-2.9-cuda12.8',
        diskGb: 100,
        autoStopIdleMinutes: null,
        sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf ana@laptop',
      },
      { 'Idempotency-Key': randomUUID() },
    );
    expect(launched.status, JSON.stringify(launched.body)).toBe(201);
    expect(await names(first)).toContain('only-in-a');
    expect(await names(second)).not.toContain('only-in-a');
    expect(await names(lumen)).not.toContain('only-in-a');
    expect((await second.call('GET', `/v1/pods/${launched.body.id}`)).status).toBe(404);
  });

  it('keeps its people’s e-mails through a simulation reset', async () => {
    const org = await create();
    const maya = await server.signIn(mayaOf(org), org.password);
    expect((await maya.call('POST', '/v1/simulation/reset', {})).status).toBe(200);
    await expect(server.signIn(mayaOf(org), org.password)).resolves.toBeTruthy();
    // Lumen's Maya is still Lumen's.
    const session = await (await server.signIn('maya@lumen.example')).call<{ organization: { id: string } }>('GET', '/v1/session');
    expect(session.body.organization.id).toBe('org-lumen');
  });

  it('is not there unless switched on', async () => {
    const plain = await startTestServer({ db: server.db });
    try {
      expect((await plain.client().call('POST', '/testing/organizations', {})).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
