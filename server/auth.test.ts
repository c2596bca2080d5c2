/**
 * Sessions, CSRF and roles on the server: sign-in sets an httpOnly session cookie and a CSRF
 * cookie, only hashes are stored, every operation needs the session, every write the CSRF
 * token, and the three roles are the cloud's own rules applied to the signed-in user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { startTestServer, type TestServer } from './testing/harness';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const LAUNCH = {
  name: 'auth-pod', projectId: 'p-vision', gpuTypeId: 'l4', gpuCount: 1, regionId: 'ca-mtl-1', imageId: 'pytorch-2.9-cuda12.8', diskGb: 100,
  autoStopIdleMinutes: null, sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf me@laptop',
};

describe('sign-in and sessions', () => {
  it('signs in with the right password, sets the cookies and answers the session', async () => {
    const res = await server.client().call<{ user: { id: string; role: string } }>('POST', '/v1/auth/sign-in', { email: 'Maya@Lumen.example', password: 'test-password' });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: 'u-maya', role: 'admin' });
    const [session, csrf] = res.headers.getSetCookie();
    expect(session).toMatch(/^__Host-nl_session=[\w-]{43}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Lax; Secure$/);
    expect(csrf).toMatch(/^__Host-nl_csrf=[\w-]{43}; Path=\/; Max-Age=43200; SameSite=Lax; Secure$/);
  });

  it('refuses a wrong password and an unknown e-mail alike', async () => {
    const wrong = await server.client().call<{ detail: string }>('POST', '/v1/auth/sign-in', { email: 'maya@lumen.example', password: 'nope' });
    const unknown = await server.client().call<{ detail: string }>('POST', '/v1/auth/sign-in', { email: 'nobody@lumen.example', password: 'nope' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expect(wrong.headers.getSetCookie()).toEqual([]);
    const malformed = await server.client().call<{ errors: Array<{ field: string }> }>('POST', '/v1/auth/sign-in', { email: 'maya@lumen.example' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e) => e.field)).toEqual(['password']);
  });

  it('stores only hashes of the session and CSRF tokens', async () => {
    const maya = await server.signIn('maya@lumen.example');
    const token = /__Host-nl_session=([^;]+)/.exec(maya.cookie)?.[1] ?? '';
    const rows = await server.db.query<{ token_hash: string; csrf_hash: string }>('SELECT token_hash, csrf_hash FROM sessions');
    const text = JSON.stringify(rows);
    expect(text).not.toContain(token);
    expect(text).not.toContain(maya.csrf);
    expect(rows.map((r) => r.token_hash)).toContain(createHash('sha256').update(token).digest('base64url'));
    const stored = await server.db.query<{ password_hash: string }>("SELECT password_hash FROM users WHERE id = 'u-maya'");
    expect(stored[0]?.password_hash).toMatch(/^scrypt\$16384\$8\$5\$/);
  });

  it('answers 401 without a session, with a forged one, and after signing out', async () => {
    expect((await server.client().call('GET', '/v1/session')).status).toBe(401);
    const forged = { ...server.client(), cookie: '__Host-nl_session=forged' };
    expect((await server.client().call('GET', '/v1/pods', undefined, { cookie: forged.cookie })).status).toBe(401);
    const maya = await server.signIn('maya@lumen.example');
    expect((await maya.call('GET', '/v1/overview')).status).toBe(200);
    const out = await maya.call('POST', '/v1/auth/sign-out');
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().every((c) => c.includes('Max-Age=0'))).toBe(true);
    expect((await maya.call('GET', '/v1/overview')).status).toBe(401);
  });

  it('refuses writes without the CSRF token, with another one, or with a header that is not the cookie', async () => {
    const maya = await server.signIn('maya@lumen.example');
    const other = await server.signIn('maya@lumen.example');
    const body = { warningThresholdPercent: 70 };
    const path = '/v1/egress/thresholds/p-llm';
    expect((await maya.call('PUT', path, body, { 'X-CSRF-Token': '' })).status).toBe(403);
    // Another session's token, even echoed in its cookie, is not this session's.
    expect((await maya.call('PUT', path, body, { 'X-CSRF-Token': other.csrf, cookie: `${maya.cookie.replace(/__Host-nl_csrf=[^;]+/, `__Host-nl_csrf=${other.csrf}`)}` })).status).toBe(403);
    expect((await maya.call('PUT', path, body, { cookie: maya.cookie.replace(/__Host-nl_csrf=[^;]+/, '__Host-nl_csrf=x') })).status).toBe(403);
    expect((await maya.call('PUT', path, body)).status).toBe(200);
    // Reads need no token.
    expect((await maya.call('GET', '/v1/egress/meter', undefined, { 'X-CSRF-Token': '' })).status).toBe(200);
  });

  it('refuses a sign-in posted from another site (login CSRF)', async () => {
    const res = await server.client().call('POST', '/v1/auth/sign-in', { email: 'maya@lumen.example', password: 'test-password' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    const same = await server.client().call('POST', '/v1/auth/sign-in', { email: 'maya@lumen.example', password: 'test-password' }, { origin: server.url });
    expect(same.status).toBe(200);
  });

  it('marks cookies Secure everywhere, plain http on localhost included (a __Host- cookie must be)', async () => {
    const signIn = (host: string) =>
      server.app.request('/api/v1/auth/sign-in', {
        method: 'POST',
        headers: { host, 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'maya@lumen.example', password: 'test-password' }),
      });
    for (const host of ['console.example.com', 'localhost:8787', '127.0.0.1:4206']) {
      const res = await signIn(host);
      expect(res.status).toBe(200);
      expect(res.headers.getSetCookie()).toHaveLength(2);
      expect(res.headers.getSetCookie().every((c) => c.endsWith('; Secure'))).toBe(true);
    }
  });
});

describe('roles on the server', () => {
  it('lets finance read spend but not launch pods', async () => {
    const oskar = await server.signIn('oskar@lumen.example');
    expect((await oskar.call('GET', '/v1/billing/summary')).status).toBe(200);
    const launch = await oskar.call<{ detail: string }>('POST', '/v1/pods', LAUNCH, { 'Idempotency-Key': 'finance-1' });
    expect(launch.status).toBe(403);
    expect(launch.body.detail).toMatch(/finance/);
  });

  it('shows an engineer only the projects they belong to, and their pods', async () => {
    const ana = await server.signIn('ana@lumen.example');
    const session = await ana.call<{ projects: Array<{ id: string }> }>('GET', '/v1/session');
    expect(session.body.projects.map((p) => p.id).sort()).toEqual(['p-serving', 'p-vision']);
    const pods = await ana.call<{ items: Array<{ projectId: string }> }>('GET', '/v1/pods?limit=500');
    expect(new Set(pods.body.items.map((p) => p.projectId))).toEqual(new Set(['p-serving', 'p-vision']));
    const llmPod = (await (await server.signIn('maya@lumen.example')).call<{ items: Array<{ id: string }> }>('GET', '/v1/pods?projectId=p-llm&limit=1')).body.items[0]!;
    expect((await ana.call('GET', `/v1/pods/${llmPod.id}`)).status).toBe(404);
    expect((await ana.call('POST', `/v1/pods/${llmPod.id}/stop`)).status).toBe(404);
  });

  it('keeps the simulation controls to admins, and off unless allowed', async () => {
    const ana = await server.signIn('ana@lumen.example');
    expect((await ana.call('POST', '/v1/simulation/advance', { durationMs: 1000 })).status).toBe(403);
    expect((await ana.call('POST', '/v1/simulation/act-as', { userId: 'u-maya' })).status).toBe(403);
    const production = await startTestServer({ db: server.db, allowSimulation: false });
    try {
      const maya = await production.signIn('maya@lumen.example');
      expect((await maya.call('GET', '/v1/simulation')).status).toBe(404);
      expect((await maya.call('POST', '/v1/simulation/advance', { durationMs: 1000 })).status).toBe(404);
    } finally {
      await production.close();
    }
  });

  it('acts as another user of the same organization for the demo, and an admin can come back', async () => {
    const maya = await server.signIn('maya@lumen.example');
    expect((await maya.call<{ user: { id: string } }>('POST', '/v1/simulation/act-as', { userId: 'u-oskar' })).body.user.id).toBe('u-oskar');
    expect((await maya.call('POST', '/v1/pods', LAUNCH, { 'Idempotency-Key': 'as-finance' })).status).toBe(403);
    // The signed-in person is still an admin: the simulation controls stay theirs.
    expect((await maya.call<{ user: { id: string } }>('POST', '/v1/simulation/act-as', { userId: 'u-maya' })).body.user.id).toBe('u-maya');
    expect((await maya.call('POST', '/v1/simulation/act-as', { userId: 'u-ines' })).status).toBe(404);
  });
});
