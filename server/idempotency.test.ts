/**
 * Launches on the server hold the Idempotency-Key rules (src/domain/idempotency.ts) with the
 * records in PostgreSQL: a repeat makes no second pod (also when both arrive at once, even on
 * two server instances over one database), another body with the same key is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type ApiClient, type TestServer } from './testing/harness';

let server: TestServer;
let second: TestServer;
let maya: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  second = await startTestServer({ db: server.db });
  maya = await server.signIn('maya@lumen.example');
});
afterAll(async () => {
  await second?.close();
  await server?.close();
});

const body = {
  name: 'idem-pod', projectId: 'p-vision', gpuTypeId: 'l4', gpuCount: 1, regionId: 'ca-mtl-1', imageId: 'pytorch-2.9-cuda12.8', diskGb: 100,
  autoStopIdleMinutes: 30, sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf me@laptop',
};

async function podsNamed(name: string): Promise<number> {
  const res = await maya.call<{ items: Array<{ name: string }> }>('GET', `/v1/pods?q=${name}&limit=500`);
  return res.body.items.filter((p) => p.name === name).length;
}

describe('idempotent launches against the server', () => {
  it('answers a repeat with the first pod and refuses the key with another body', async () => {
    const key = { 'Idempotency-Key': 'server-key-1' };
    const first = await maya.call<{ id: string }>('POST', '/v1/pods', body, key);
    expect(first.status).toBe(201);
    const again = await maya.call<{ id: string }>('POST', '/v1/pods', body, key);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('Idempotency-Replayed')).toBe('true');
    const other = await maya.call<{ type: string }>('POST', '/v1/pods', { ...body, diskGb: 200 }, key);
    expect(other.status).toBe(422);
    expect(other.body.type).toMatch(/idempotency-key-reused/);
    expect(await podsNamed('idem-pod')).toBe(1);
    expect((await maya.call('POST', '/v1/pods', { ...body, name: 'no-key' })).status).toBe(400);
    const rows = await server.db.query("SELECT key, scope FROM idempotency_keys WHERE org_id = 'org-lumen'");
    expect(rows).toEqual([{ key: 'server-key-1', scope: 'u-maya' }]);
  });

  it('makes one pod when the same launch reaches two instances at once', async () => {
    const onSecond = await second.signIn('maya@lumen.example');
    const launch = { ...body, name: 'race-pod' };
    const key = { 'Idempotency-Key': 'server-key-race' };
    const answers = await Promise.all([maya.call<{ id: string }>('POST', '/v1/pods', launch, key), onSecond.call<{ id: string }>('POST', '/v1/pods', launch, key), maya.call<{ id: string }>('POST', '/v1/pods', launch, key)]);
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => a.headers.get('Idempotency-Replayed') === 'true')).toHaveLength(2);
    expect(await podsNamed('race-pod')).toBe(1);
  });

  it('keeps failed launches out of the records, so the corrected launch can use its key', async () => {
    const key = { 'Idempotency-Key': 'server-key-fix' };
    const bad = await maya.call<{ errors: Array<{ field: string }> }>('POST', '/v1/pods', { ...body, name: 'Not A DNS Label' }, key);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toContain('name');
    const fixed = await maya.call('POST', '/v1/pods', { ...body, name: 'fixed-pod' }, key);
    expect(fixed.status).toBe(201);
    expect(await podsNamed('fixed-pod')).toBe(1);
  });
});
