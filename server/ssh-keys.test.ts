/**
 * Saved SSH keys on the real server (issue 15): saved, listed and removed by their own user,
 * refused twice, invisible and unusable from another user or organization, and chosen at launch
 * on both write paths: the partial one (server/pod-writes.ts loads the key it names) and the full
 * one. On PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countQueries, type CountingDatabase } from './query-counter';
import { freshDatabase, startTestServer, type ApiClient, type TestServer } from './testing/harness';

/** Made with ssh-keygen (OpenSSH 9.2); the fingerprints are what `ssh-keygen -lf` printed. */
const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILpL79jdW7UPZcCM633q03DM9lLSoA+/dRcs2IPmSbKe ana@laptop';
const ED25519_FP = 'SHA256:N9c2EIhD9toEo/rO31ZmQI14z7I3Q4mJxf6P/cTpPSA';
const ECDSA = 'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBDrl/xLzEEaS82kOtdjgsaUwwTWLchhYm4I0zrma73oE9ipkt23Ad14niKSgsYmYkwx+73NE3zMOHbJlCQDzOJE= ci@ecdsa';
const ECDSA_FP = 'SHA256:RkEeeEXAX0SecZ0IOh5ZDT3QPBQZ9i/FgNNi+mF8mWc';

interface SshKey {
  id: string;
  name: string;
  type: string;
  fingerprint: string;
  publicKey: string;
  createdAt: string;
  lastUsedAt: string | null;
}
interface Problem {
  status: number;
  detail?: string;
  errors?: Array<{ field: string; message: string }>;
}

let db: CountingDatabase;
let server: TestServer;
/** The same database, every write loading the whole organization. */
let fullPath: TestServer;

beforeAll(async () => {
  db = countQueries(await freshDatabase());
  server = await startTestServer({ db });
  fullPath = await startTestServer({ db, partialWrites: false });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await fullPath?.close();
  await db?.close();
});

const launchBody = (name: string, projectId: string) => ({
  name, projectId, gpuTypeId: 'l4', gpuCount: 1, regionId: 'ca-mtl-1', imageId: 'pytorch-2.9-cuda12.8', diskGb: 100, autoStopIdleMinutes: 30,
});

async function firstProjectId(client: ApiClient): Promise<string> {
  const session = await client.call<{ projects: Array<{ id: string }> }>('GET', '/v1/session');
  return session.body.projects[0]!.id;
}

/** The statement that loads a whole organization (state-store.ts loadState) reads its pods with no other condition. */
const loadsOrganization = (text: string): boolean => /FROM pods x WHERE x\.org_id = o\.id\) AS part_/.test(text);

describe('saved SSH keys on the server', () => {
  it('saves, lists newest first, refuses the same key twice and bad input, and removes', async () => {
    const felix = await server.signIn('felix@lumen.example');
    const laptop = await felix.call<SshKey>('POST', '/v1/ssh-keys', { name: ' Laptop ', publicKey: ED25519 });
    expect(laptop.status).toBe(201);
    expect(laptop.body).toMatchObject({ name: 'Laptop', type: 'ssh-ed25519', fingerprint: ED25519_FP, publicKey: ED25519, lastUsedAt: null });
    const ci = await felix.call<SshKey>('POST', '/v1/ssh-keys', { name: 'CI', publicKey: ECDSA });
    expect(ci.body.fingerprint).toBe(ECDSA_FP);
    expect((await felix.call<{ items: SshKey[] }>('GET', '/v1/ssh-keys')).body.items.map((k) => k.name)).toEqual(['CI', 'Laptop']);

    const twice = await felix.call<Problem>('POST', '/v1/ssh-keys', { name: 'Again', publicKey: ED25519.replace('ana@laptop', 'felix@desk') });
    expect(twice.status).toBe(409);
    expect(twice.headers.get('content-type')).toBe('application/problem+json');
    const bad = await felix.call<Problem>('POST', '/v1/ssh-keys', { name: '', publicKey: 'ssh-dss AAAA' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.field).sort()).toEqual(['name', 'publicKey']);

    expect((await felix.call('DELETE', `/v1/ssh-keys/${laptop.body.id}`)).status).toBe(204);
    expect((await felix.call<{ items: SshKey[] }>('GET', '/v1/ssh-keys')).body.items.map((k) => k.name)).toEqual(['CI']);
    expect((await felix.call('DELETE', `/v1/ssh-keys/${laptop.body.id}`)).status).toBe(404);
  });

  it('launches with a saved key on the partial write path: the pod gets the key, the key is marked used', async () => {
    const ana = await server.signIn('ana@lumen.example');
    const key = (await ana.call<SshKey>('POST', '/v1/ssh-keys', { name: 'Laptop', publicKey: ED25519 })).body;
    const projectId = await firstProjectId(ana);
    db.reset();
    const launched = await ana.call<{ id: string; sshPublicKey: string }>('POST', '/v1/pods', { ...launchBody('saved-key-partial', projectId), sshKeyId: key.id }, { 'Idempotency-Key': 'ssh-partial-1' });
    expect(launched.status, JSON.stringify(launched.body)).toBe(201);
    expect(launched.body.sshPublicKey).toBe(ED25519);
    expect(db.statements().some((s) => loadsOrganization(s.text)), 'the launch loaded the whole organization').toBe(false);
    const [row] = await db.query<{ last_used_at_ms: string | number | null }>('SELECT last_used_at_ms FROM ssh_keys WHERE id = $1', [key.id]);
    expect(row?.last_used_at_ms).not.toBeNull();
    expect((await ana.call<{ items: SshKey[] }>('GET', '/v1/ssh-keys')).body.items[0]?.lastUsedAt).not.toBeNull();
    // The same Idempotency-Key answers the same pod.
    const again = await ana.call<{ id: string }>('POST', '/v1/pods', { ...launchBody('saved-key-partial', projectId), sshKeyId: key.id }, { 'Idempotency-Key': 'ssh-partial-1' });
    expect(again.body.id).toBe(launched.body.id);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
  });

  it('launches with a saved key on the full write path too', async () => {
    const priya = await fullPath.signIn('priya@lumen.example');
    const key = (await priya.call<SshKey>('POST', '/v1/ssh-keys', { name: 'Desk', publicKey: ECDSA })).body;
    const launched = await priya.call<{ sshPublicKey: string }>('POST', '/v1/pods', { ...launchBody('saved-key-full', await firstProjectId(priya)), sshKeyId: key.id }, { 'Idempotency-Key': 'ssh-full-1' });
    expect(launched.status, JSON.stringify(launched.body)).toBe(201);
    expect(launched.body.sshPublicKey).toBe(ECDSA);
    expect((await priya.call<{ items: SshKey[] }>('GET', '/v1/ssh-keys')).body.items[0]?.lastUsedAt).not.toBeNull();
  });

  it('keeps a key to its user: another organization, or a colleague, cannot see, remove or launch with it', async () => {
    const jonas = await server.signIn('jonas@lumen.example');
    const key = (await jonas.call<SshKey>('POST', '/v1/ssh-keys', { name: 'Jonas laptop', publicKey: ED25519 })).body;
    for (const [email, onServer] of [['hana@orbit.example', server], ['li@lumen.example', server], ['hana@orbit.example', fullPath]] as const) {
      const other = await onServer.signIn(email);
      const listed = await other.call<{ items: SshKey[] }>('GET', '/v1/ssh-keys');
      expect(listed.body.items.map((k) => k.id), email).not.toContain(key.id);
      expect((await other.call('DELETE', `/v1/ssh-keys/${key.id}`)).status, email).toBe(404);
      const launched = await other.call<Problem>('POST', '/v1/pods', { ...launchBody(`stolen-key-${email.split('@')[0]}`, await firstProjectId(other)), sshKeyId: key.id }, { 'Idempotency-Key': `stolen-${email}-${onServer === server ? 'partial' : 'full'}` });
      expect(launched.status, email).toBe(400);
      expect(launched.body.errors?.map((e) => e.field), email).toEqual(['sshKeyId']);
    }
    const rows = await db.query<{ org_id: string; last_used_at_ms: unknown }>('SELECT org_id, last_used_at_ms FROM ssh_keys WHERE id = $1', [key.id]);
    expect(rows).toEqual([{ org_id: 'org-lumen', last_used_at_ms: null }]);
    expect((await jonas.call<{ items: SshKey[] }>('GET', '/v1/ssh-keys')).body.items.map((k) => k.id)).toEqual([key.id]);
  });

  it('needs exactly one of sshPublicKey and sshKeyId at launch', async () => {
    const sam = await server.signIn('sam@lumen.example');
    const projectId = await firstProjectId(sam);
    const neither = await sam.call<Problem>('POST', '/v1/pods', launchBody('no-key', projectId), { 'Idempotency-Key': 'ssh-neither' });
    expect(neither.status).toBe(400);
    expect(neither.body.errors?.map((e) => e.field)).toEqual(['sshPublicKey']);
    const key = (await sam.call<SshKey>('POST', '/v1/ssh-keys', { name: 'Sam', publicKey: ECDSA })).body;
    const both = await sam.call<Problem>('POST', '/v1/pods', { ...launchBody('two-keys', projectId), sshKeyId: key.id, sshPublicKey: ED25519 }, { 'Idempotency-Key': 'ssh-both' });
    expect(both.status).toBe(400);
    expect(both.body.errors?.map((e) => e.field)).toEqual(['sshPublicKey']);
  });
});
