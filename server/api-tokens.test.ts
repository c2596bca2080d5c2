/**
 * API tokens on the real server: created with the session, shown once, kept hashed, and used as
 * `Authorization: Bearer` on the same contract with no cookie and no CSRF header. A read-only
 * token is refused every write; a token's role and projects narrow its owner; a revoked,
 * expired or demoted token stops at once; nothing crosses organizations.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Answer, type ApiClient, type TestServer } from './testing/harness';

const DAY = 24 * 60 * 60 * 1000;
let now = 1_800_000_000_000;
let server: TestServer;
let ana: ApiClient;
let maya: ApiClient;
let orbit: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ realNow: () => now });
  [ana, maya, orbit] = await Promise.all([server.signIn('ana@lumen.example'), server.signIn('maya@lumen.example'), server.signIn('ines@orbit.example')]);
});
afterAll(() => server?.close());

interface Token {
  id: string;
  name: string;
  role: string;
  readOnly: boolean;
  prefix: string;
  status: string;
  projectIds: string[] | null;
  lastUsedAt: string | null;
  lastUsedAddress: string | null;
  revokedAt: string | null;
}
interface Created {
  token: Token;
  secret: string;
}

const LAUNCH = {
  name: 'token-pod', projectId: 'p-vision', gpuTypeId: 'l4', gpuCount: 1, regionId: 'ca-mtl-1', imageId: 'pytorch-2.9-cuda12.8', diskGb: 100,
  autoStopIdleMinutes: null, sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf me@laptop',
};

async function createToken(client: ApiClient, body: Partial<Record<string, unknown>> = {}): Promise<Created> {
  const res = await client.call<Created>('POST', '/v1/api-tokens', { name: `token ${Math.random()}`, kind: 'personal', role: 'engineer', projectIds: null, readOnly: false, expiresInDays: 30, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** A call as a script makes it: the token, and no cookie, no CSRF header, no Origin. */
async function bearer<T = unknown>(secret: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
  const res = await fetch(`${server.url}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${secret}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
}

const podIds = (a: Answer) => (a.body as { items: Array<{ id: string; projectId: string }> }).items;

describe('API tokens', () => {
  it('shows the secret once and keeps only its SHA-256', async () => {
    const { token, secret } = await createToken(ana, { name: 'laptop scripts', readOnly: true });
    expect(secret).toMatch(/^nlt_[\w-]{43}$/);
    expect(token).toMatchObject({ name: 'laptop scripts', kind: 'personal', ownerId: 'u-ana', role: 'engineer', readOnly: true, status: 'active', prefix: secret.slice(0, 12) });
    expect(token.lastUsedAt).toBeNull();
    const listed = await ana.call<{ items: Token[] }>('GET', '/v1/api-tokens');
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(listed.body.items[0]).toMatchObject({ id: token.id, name: 'laptop scripts' });
    const rows = await server.db.query('SELECT * FROM api_tokens WHERE id = $1', [token.id]);
    expect(rows[0]?.secret_hash).toBe(createHash('sha256').update(secret).digest('base64url'));
    expect(JSON.stringify(rows)).not.toContain(secret.slice(12));
  });

  it('reads with a read-only token, with no cookie and no CSRF header, and is refused every write', async () => {
    const { secret, token } = await createToken(ana, { readOnly: true });
    const viaToken = await bearer('' + secret, 'GET', '/v1/pods?limit=500');
    const viaSession = await ana.call('GET', '/v1/pods?limit=500');
    expect(viaToken.status).toBe(200);
    expect(podIds(viaToken).map((p) => p.id)).toEqual(podIds(viaSession).map((p) => p.id));

    const podsBefore = await server.db.query("SELECT count(*)::int AS n FROM pods WHERE org_id = 'org-lumen'");
    const launch = await bearer<{ type: string; detail: string }>(secret, 'POST', '/v1/pods', LAUNCH, { 'Idempotency-Key': 'read-only-1' });
    expect(launch.status).toBe(403);
    expect(launch.headers.get('content-type')).toBe('application/problem+json');
    expect(launch.body.type).toMatch(/read-only-token$/);
    expect(launch.body.detail).toMatch(/read-only/);
    expect(await server.db.query("SELECT count(*)::int AS n FROM pods WHERE org_id = 'org-lumen'")).toEqual(podsBefore);
    expect((await bearer(secret, 'DELETE', `/v1/api-tokens/${token.id}`)).status).toBe(403);
  });

  it('launches with a writable token and no CSRF header, even from a page on another site', async () => {
    const { secret } = await createToken(ana);
    const launch = await bearer<{ id: string; ownerId: string }>(secret, 'POST', '/v1/pods', { ...LAUNCH, name: 'via-token' }, { 'Idempotency-Key': 'token-launch-1', origin: 'https://evil.example' });
    expect(launch.status, JSON.stringify(launch.body)).toBe(201);
    expect(launch.body.ownerId).toBe('u-ana');
    // The same launch with a cookie and no CSRF header is refused: the exemption is the token's alone.
    const noCsrf = await fetch(`${server.url}/api/v1/pods`, { method: 'POST', headers: { cookie: ana.cookie, 'content-type': 'application/json', 'Idempotency-Key': 'cookie-1' }, body: JSON.stringify({ ...LAUNCH, name: 'via-cookie' }) });
    expect(noCsrf.status).toBe(403);
  });

  it('records the last use, its time and address', async () => {
    const { secret, token } = await createToken(ana);
    now += 5 * 60_000;
    expect((await bearer(secret, 'GET', '/v1/session')).status).toBe(200);
    const listed = await ana.call<{ items: Token[] }>('GET', '/v1/api-tokens');
    const seen = listed.body.items.find((t) => t.id === token.id)!;
    expect(seen.lastUsedAt).toBe(new Date(now).toISOString());
    expect(seen.lastUsedAddress).toBe('127.0.0.1');
  });

  it('narrows its owner: a finance token of an admin cannot launch, a project token sees only its project', async () => {
    const finance = await createToken(maya, { role: 'finance' });
    const session = await bearer<{ user: { id: string; role: string } }>(finance.secret, 'GET', '/v1/session');
    expect(session.body.user).toMatchObject({ id: 'u-maya', role: 'finance' });
    const launch = await bearer<{ detail: string }>(finance.secret, 'POST', '/v1/pods', { ...LAUNCH, name: 'finance-try' }, { 'Idempotency-Key': 'finance-token-1' });
    expect(launch.status).toBe(403);
    expect(launch.body.detail).toMatch(/finance/);

    const vision = await createToken(maya, { role: 'admin', projectIds: ['p-vision'] });
    const pods = podIds(await bearer(vision.secret, 'GET', '/v1/pods?limit=500'));
    expect(pods.length).toBeGreaterThan(0);
    expect(new Set(pods.map((p) => p.projectId))).toEqual(new Set(['p-vision']));
    const other = podIds(await maya.call('GET', '/v1/pods?limit=500&projectId=p-llm'))[0]!;
    expect((await bearer(vision.secret, 'GET', `/v1/pods/${other.id}`)).status).toBeGreaterThanOrEqual(403);
    expect((await bearer(vision.secret, 'POST', `/v1/pods/${other.id}/stop`)).status).toBeGreaterThanOrEqual(403);
  });

  it('never grants more than its owner has', async () => {
    const res = await ana.call<{ errors: Array<{ field: string; message: string }> }>('POST', '/v1/api-tokens', { name: 'escalate', kind: 'service', role: 'admin', projectIds: ['p-llm'], readOnly: false, expiresInDays: 30 });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e) => e.field).sort()).toEqual(['kind', 'projectIds', 'role']);
    // An admin's admin token stops when the admin is demoted.
    const admin = await createToken(maya, { role: 'admin' });
    await server.db.query("UPDATE users SET role = 'engineer' WHERE org_id = 'org-lumen' AND id = 'u-maya'");
    try {
      const refused = await bearer<{ detail: string }>(admin.secret, 'GET', '/v1/pods');
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toMatch(/owner is engineer now/);
    } finally {
      await server.db.query("UPDATE users SET role = 'admin' WHERE org_id = 'org-lumen' AND id = 'u-maya'");
    }
    expect((await bearer(admin.secret, 'GET', '/v1/pods')).status).toBe(200);
  });

  it('ends at once when revoked or expired, and a bad token is refused even beside a valid cookie', async () => {
    const revoked = await createToken(ana, { expiresInDays: 1 });
    expect((await ana.call('DELETE', `/v1/api-tokens/${revoked.token.id}`)).status).toBe(204);
    const afterRevoke = await bearer<{ detail: string }>(revoked.secret, 'GET', '/v1/pods');
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.body.detail).toMatch(/revoked/);

    const expiring = await createToken(ana, { expiresInDays: 1 });
    expect((await bearer(expiring.secret, 'GET', '/v1/session')).status).toBe(200);
    now += DAY;
    const expired = await bearer<{ detail: string }>(expiring.secret, 'GET', '/v1/session');
    expect(expired.status).toBe(401);
    expect(expired.body.detail).toMatch(/expired/);
    const listed = await ana.call<{ items: Token[] }>('GET', '/v1/api-tokens');
    expect(listed.body.items.find((t) => t.id === expiring.token.id)?.status).toBe('expired');
    expect(listed.body.items.find((t) => t.id === revoked.token.id)?.status).toBe('revoked');

    const forged = await fetch(`${server.url}/api/v1/session`, { headers: { authorization: `Bearer nlt_${'x'.repeat(43)}`, cookie: ana.cookie } });
    expect(forged.status).toBe(401);
    expect((await fetch(`${server.url}/api/v1/session`, { headers: { authorization: 'Basic YTpi' } })).status).toBe(401);
  });

  it('lists engineers their own tokens and admins every token; revoking another user’s token is the admin’s alone', async () => {
    const anas = await createToken(ana, { name: 'ana-only' });
    const felix = await server.signIn('felix@lumen.example');
    const felixList = await felix.call<{ items: Token[] }>('GET', '/v1/api-tokens');
    expect(felixList.body.items.map((t) => t.id)).not.toContain(anas.token.id);
    expect((await felix.call('DELETE', `/v1/api-tokens/${anas.token.id}`)).status).toBe(404);
    const mayaList = await maya.call<{ items: Token[] }>('GET', '/v1/api-tokens');
    expect(mayaList.body.items.map((t) => t.id)).toContain(anas.token.id);
    expect((await maya.call('DELETE', `/v1/api-tokens/${anas.token.id}`)).status).toBe(204);
  });

  it('keeps tokens inside their organization', async () => {
    const lumenToken = await createToken(maya, { role: 'admin' });
    // Orbit's admin neither sees nor revokes it.
    const orbitList = await orbit.call<{ items: Token[] }>('GET', '/v1/api-tokens');
    expect(orbitList.body.items.map((t) => t.id)).not.toContain(lumenToken.token.id);
    expect((await orbit.call('DELETE', `/v1/api-tokens/${lumenToken.token.id}`)).status).toBe(404);
    // The token reaches Lumen only: Orbit's pods are not found through it.
    const orbitPod = podIds(await orbit.call('GET', '/v1/pods?limit=1'))[0]!;
    expect((await bearer(lumenToken.secret, 'GET', `/v1/pods/${orbitPod.id}`)).status).toBe(404);
    const lumenPods = await bearer(lumenToken.secret, 'GET', '/v1/pods?limit=500');
    expect(JSON.stringify(lumenPods.body)).not.toContain('orbit');
    expect((await server.db.query("SELECT revoked_at_ms FROM api_tokens WHERE id = $1", [lumenToken.token.id]))[0]?.revoked_at_ms).toBeNull();
  });
});
