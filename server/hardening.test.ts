/**
 * The server hardened (issue 15, point 5), each guard with the request that got through before
 * it: `__Host-` cookies; writes from another origin refused even with a valid CSRF token;
 * the console's page sent with its CSP as a header (frame-ancestors), a Permissions-Policy and,
 * in production, HSTS; X-Forwarded-Host believed only behind a trusted proxy; broken
 * percent-encodings and NUL characters answered 400, not 500; a missing asset answered 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentSecurityPolicy } from './hardening';
import { DEMO_PASSWORD, startTestServer, type TestServer } from './testing/harness';

/** The policy vite.config.ts writes into a server build's page (VITE_API_BASE_URL=/api). */
const META_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

let server: TestServer;
let dist: string;

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'nl-hardening-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(
    join(dist, 'index.html'),
    `<!doctype html><html><head><meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${META_POLICY}" /><title>Northlight</title></head><body><div id="root"></div></body></html>`,
  );
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  server = await startTestServer({ staticDir: dist });
});
afterAll(async () => {
  await server?.close();
  rmSync(dist, { recursive: true, force: true });
});

type Problem = { type: string; title: string; status: number; detail: string };
const THRESHOLD = '/v1/egress/thresholds/p-llm';

describe('__Host- cookies', () => {
  it('names the session and CSRF cookies __Host-: Secure, Path=/, no Domain, on localhost too', async () => {
    const res = await server.client().call('POST', '/v1/auth/sign-in', { email: 'maya@lumen.example', password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie();
    expect(cookies.map((c) => c.split('=')[0])).toEqual(['__Host-nl_session', '__Host-nl_csrf']);
    for (const c of cookies) {
      const attributes = c.split('; ').slice(1);
      expect(attributes).toContain('Secure');
      expect(attributes).toContain('Path=/');
      expect(attributes.some((a) => /^domain=/i.test(a))).toBe(false);
    }
  });

  it('takes the session only from the __Host- cookie, not from a cookie of the old name', async () => {
    const maya = await server.signIn('maya@lumen.example');
    const token = /__Host-nl_session=([^;]+)/.exec(maya.cookie)?.[1] ?? '';
    expect(token).not.toBe('');
    expect((await server.client().call('GET', '/v1/session', undefined, { cookie: `__Host-nl_session=${token}` })).status).toBe(200);
    // A cookie without the prefix could have been planted by a sibling subdomain or over plain http.
    expect((await server.client().call('GET', '/v1/session', undefined, { cookie: `nl_session=${token}` })).status).toBe(401);
  });
});

describe('writes only from the console’s origin', () => {
  it('refuses a write with a valid CSRF token sent from another origin, in plain words', async () => {
    const maya = await server.signIn('maya@lumen.example');
    const res = await maya.call<Problem>('PUT', THRESHOLD, { warningThresholdPercent: 71 }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status: 403, title: 'Request refused' });
    expect(res.body.detail).toContain('evil.example');
    expect(res.body.detail).toMatch(/open it and try again/);
    const launch = await maya.call<Problem>('POST', '/v1/pods/pod-none/stop', undefined, { origin: 'https://evil.example' });
    expect(launch.status).toBe(403);
    // A page with an opaque origin (a sandboxed frame, a data: URL) is no console either.
    expect((await maya.call('PUT', THRESHOLD, { warningThresholdPercent: 71 }, { origin: 'null' })).status).toBe(403);
    // From the console's own origin the same write goes through; reads are not affected.
    expect((await maya.call('PUT', THRESHOLD, { warningThresholdPercent: 72 }, { origin: server.url })).status).toBe(200);
    expect((await maya.call('GET', '/v1/egress/meter', undefined, { origin: 'https://evil.example' })).status).toBe(200);
  });

  it('refuses a write whose Sec-Fetch-Site says another site sent it, with or without Origin', async () => {
    const maya = await server.signIn('maya@lumen.example');
    const body = { warningThresholdPercent: 73 };
    const crossSite = await maya.call<Problem>('PUT', THRESHOLD, body, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('content-type')).toBe('application/problem+json');
    expect(crossSite.body.detail).toMatch(/another site/);
    expect((await maya.call('PUT', THRESHOLD, body, { 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await maya.call('PUT', THRESHOLD, body, { 'sec-fetch-site': 'same-origin', origin: server.url })).status).toBe(200);
  });

  it('refuses sign-in and sign-out from another site (login CSRF, forced sign-out)', async () => {
    const signIn = await server.client().call('POST', '/v1/auth/sign-in', { email: 'maya@lumen.example', password: DEMO_PASSWORD }, { 'sec-fetch-site': 'cross-site' });
    expect(signIn.status).toBe(403);
    expect(signIn.headers.getSetCookie()).toEqual([]);
    const maya = await server.signIn('maya@lumen.example');
    expect((await maya.call('POST', '/v1/auth/sign-out', undefined, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await maya.call('GET', '/v1/session')).status).toBe(200);
  });
});

describe('X-Forwarded-Host', () => {
  const signInFrom = (s: TestServer, headers: Record<string, string>) =>
    s.client().call('POST', '/v1/auth/sign-in', { email: 'maya@lumen.example', password: DEMO_PASSWORD }, headers);

  it('is not believed without a trusted proxy (TRUST_PROXY=0): anyone can send it', async () => {
    const res = await signInFrom(server, { origin: 'https://console.example', 'x-forwarded-host': 'console.example' });
    expect(res.status).toBe(403);
    const maya = await server.signIn('maya@lumen.example');
    expect((await maya.call('PUT', THRESHOLD, { warningThresholdPercent: 74 }, { origin: 'https://evil.example', 'x-forwarded-host': 'evil.example' })).status).toBe(403);
  });

  it('names the console’s host behind a trusted proxy: the entry the outermost one wrote', async () => {
    const proxied = await startTestServer({ db: server.db, trustedProxies: 1 });
    try {
      expect((await signInFrom(proxied, { origin: 'https://console.example', 'x-forwarded-host': 'console.example' })).status).toBe(200);
      // A client's own X-Forwarded-Host is on the left; the proxy appended the real one.
      expect((await signInFrom(proxied, { origin: 'https://console.example', 'x-forwarded-host': 'evil.example, console.example' })).status).toBe(200);
      expect((await signInFrom(proxied, { origin: 'https://evil.example', 'x-forwarded-host': 'evil.example, console.example' })).status).toBe(403);
    } finally {
      await proxied.close();
    }
  });
});

describe('input the database cannot take', () => {
  it('answers a broken percent-encoding in the path with 400 problem+json, not 500', async () => {
    const maya = await server.signIn('maya@lumen.example');
    for (const client of [maya, server.client()]) {
      const res = await client.call<Problem>('GET', '/v1/pods/%ff%fe');
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.body.detail).toMatch(/percent-encoding/);
    }
    expect((await maya.call('POST', '/v1/pods/%E0%A4%A/stop')).status).toBe(400);
  });

  it('answers a NUL character in the path, the query or any string of a body with 400, and stores nothing', async () => {
    const maya = await server.signIn('maya@lumen.example');
    const inPath = await maya.call<Problem>('GET', '/v1/pods/pod%00x');
    expect(inPath.status).toBe(400);
    expect(inPath.headers.get('content-type')).toBe('application/problem+json');
    expect(inPath.body.detail).toMatch(/NUL character/);
    expect((await maya.call('GET', '/v1/pods?projectId=p-llm%00')).status).toBe(400);
    const signIn = await server.client().call<Problem>('POST', '/v1/auth/sign-in', { email: 'maya\u0000@lumen.example', password: DEMO_PASSWORD });
    expect(signIn.status).toBe(400);
    expect(signIn.body.detail).toMatch(/body\.email holds a NUL character/);
    const recommendation = (await maya.call<{ items: Array<{ id: string }> }>('GET', '/v1/recommendations')).body.items[0]!;
    const dismiss = await maya.call<Problem>('POST', `/v1/recommendations/${recommendation.id}/dismiss`, { reason: 'other', note: 'not now\u0000' });
    expect(dismiss.status).toBe(400);
    expect(dismiss.headers.get('content-type')).toBe('application/problem+json');
    expect(dismiss.body.detail).toMatch(/body\.note holds a NUL character/);
    expect((await maya.call('GET', `/v1/recommendations/${recommendation.id}`)).status).toBe(200);
    const stillOpen = await maya.call<{ items: Array<{ id: string }> }>('GET', '/v1/recommendations');
    expect(stillOpen.body.items.map((r) => r.id)).toContain(recommendation.id);
  });
});

describe('the console’s page and files', () => {
  it('sends the page with its CSP as a header, frame-ancestors included, and a Permissions-Policy; the meta tag stays', async () => {
    for (const path of ['/', '/pods/pod-123']) {
      const page = await fetch(`${server.url}${path}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toBe(`${META_POLICY}; frame-ancestors 'none'`);
      expect(page.headers.get('permissions-policy')).toMatch(/camera=\(\).*microphone=\(\)/);
      expect(page.headers.get('strict-transport-security')).toBeNull();
      expect(await page.text()).toContain('http-equiv="Content-Security-Policy"');
    }
  });

  it('adds frame-ancestors to a page without a policy of its own, and keeps one the page already sets', () => {
    expect(contentSecurityPolicy('<!doctype html><title>x</title>')).toMatch(/^default-src 'self';.*; frame-ancestors 'none'$/);
    expect(contentSecurityPolicy(`<meta http-equiv="Content-Security-Policy" content="default-src 'self'; frame-ancestors 'self'" />`)).toBe(
      "default-src 'self'; frame-ancestors 'self'",
    );
  });

  it('sends Strict-Transport-Security in production only, on the page and the API', async () => {
    const production = await startTestServer({ db: server.db, staticDir: dist, nodeEnv: 'production' });
    try {
      for (const path of ['/', '/api/v1/session', '/healthz']) {
        expect((await fetch(`${production.url}${path}`)).headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      }
      expect((await fetch(`${server.url}/api/v1/session`)).headers.get('strict-transport-security')).toBeNull();
    } finally {
      await production.close();
    }
  });

  it('answers a missing file under /assets/ with 404, not the page cached for a year', async () => {
    const missing = await fetch(`${server.url}/assets/index-gone999.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    expect(missing.headers.get('cache-control')).not.toContain('immutable');
    expect(((await missing.json()) as Problem).detail).toMatch(/reload/);
    const present = await fetch(`${server.url}/assets/index-abc123.js`);
    expect(present.status).toBe(200);
    expect(present.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(present.headers.get('content-security-policy')).toBeNull();
  });
});
