/**
 * Single sign-on against a real OpenID provider (oidc-provider, in-process): the authorization code
 * flow with PKCE from the console's start to its callback, a new member made just in time with the
 * role their group claim maps to, and each way it must fail: a state that is not this browser's, a
 * nonce the ID token does not carry, an expired code, a person of another domain, a domain another
 * organization claims.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from './sessions';
import { SSO_COOKIE } from './sso';
import { startTestServer, type ApiClient, type TestServer } from './testing/harness';
import { CookieJar, startTestProvider, step, throughProvider, type TestProvider } from './testing/oidc-provider';

let server: TestServer;
let provider: TestProvider;
let maya: ApiClient;
let ines: ApiClient;

const CODE_TTL_S = 3;

beforeAll(async () => {
  server = await startTestServer({ realNow: () => 1_800_000_000_000 });
  provider = await startTestProvider({ redirectUris: [`${server.url}/api/v1/auth/sso/callback`], codeTtlS: CODE_TTL_S });
  provider.accounts.set('lea@lumen.example', { email: 'lea@lumen.example', name: 'Léa Martin', groups: ['ml-engineers'] });
  provider.accounts.set('fin@lumen.example', { email: 'fin@lumen.example', name: 'Finn Berg', groups: ['nl-finance', 'everyone'] });
  provider.accounts.set('boss@lumen.example', { email: 'boss@lumen.example', name: 'Bo Ss', groups: ['nl-admins'] });
  provider.accounts.set('eve@elsewhere.example', { email: 'eve@elsewhere.example', name: 'Eve' });
  [maya, ines] = await Promise.all([server.signIn('maya@lumen.example'), server.signIn('ines@orbit.example')]);
  const saved = await maya.call('PUT', '/v1/sso', {
    issuer: provider.issuer,
    clientId: provider.clientId,
    clientSecret: provider.clientSecret,
    scopes: 'openid email profile groups',
    allowedDomains: ['lumen.example'],
    roleClaim: 'groups',
    adminGroups: ['nl-admins'],
    financeGroups: ['nl-finance'],
    defaultRole: 'engineer',
    defaultProjectIds: ['p-vision'],
    enabled: true,
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
});
afterAll(async () => {
  await provider?.close();
  await server?.close();
});

const start = (email: string, next = '/pods') => `${server.url}/api/v1/auth/sso/start?email=${encodeURIComponent(email)}&next=${encodeURIComponent(next)}`;

/** The whole flow; returns where the console sent the browser at the end, and the jar. */
async function signInAs(login: string, email = login, tamper?: (callbackUrl: string, jar: CookieJar) => Promise<string | void>) {
  const jar = new CookieJar();
  let callback = await throughProvider(jar, start(email), login);
  callback = (await tamper?.(callback, jar)) ?? callback;
  const done = await step(jar, callback);
  return { done, jar };
}

async function sessionOf(jar: CookieJar) {
  const res = await fetch(`${server.url}/api/v1/session`, { headers: { cookie: jar.header(server.url) } });
  return { status: res.status, body: (await res.json()) as { user: { name: string; email: string; role: string }; projects: { id: string }[] } };
}

describe('single sign-on through a real OpenID provider', () => {
  it('signs a new person of an allowed domain in, just in time, with the default role and projects, and back to the page they asked for', async () => {
    const { done, jar } = await signInAs('lea@lumen.example');
    expect(done.status).toBe(302);
    expect(done.location).toBe(`${server.url}/pods`);
    expect(jar.get(server.url, SESSION_COOKIE)).toBeTruthy();
    expect(jar.get(server.url, SSO_COOKIE)).toBeUndefined();
    const session = await sessionOf(jar);
    expect(session.body.user).toMatchObject({ name: 'Léa Martin', email: 'lea@lumen.example', role: 'engineer' });
    expect(session.body.projects.map((p) => p.id)).toEqual(['p-vision']);
    const members = await maya.call<{ items: { email: string; signsInWith: string }[] }>('GET', '/v1/members');
    expect(members.body.items.find((m) => m.email === 'lea@lumen.example')?.signsInWith).toBe('sso');
    const log = await maya.call<{ items: { action: string; summary: string }[] }>('GET', '/v1/audit-log?limit=5');
    expect(log.body.items.map((e) => e.summary)).toEqual(expect.arrayContaining(['Léa Martin signed in with single sign-on', 'Léa Martin joined as engineer through single sign-on (the default role)']));

    // The second time, the same member (not a second one).
    const again = await signInAs('lea@lumen.example');
    expect(again.done.location).toBe(`${server.url}/pods`);
    const after = await maya.call<{ items: { email: string }[] }>('GET', '/v1/members');
    expect(after.body.items.filter((m) => m.email === 'lea@lumen.example')).toHaveLength(1);
  });

  it('maps the group claim to a role: finance, or admin', async () => {
    const fin = await signInAs('fin@lumen.example');
    expect((await sessionOf(fin.jar)).body.user.role).toBe('finance');
    const boss = await signInAs('boss@lumen.example');
    expect((await sessionOf(boss.jar)).body.user.role).toBe('admin');
  });

  it('an invited person who signs in with SSO joins with the invitation’s role and projects', async () => {
    const res = await maya.call('POST', '/v1/invitations', { email: 'ivy@lumen.example', role: 'finance', projectIds: ['p-llm'], expiresInDays: 7 });
    expect(res.status).toBe(201);
    provider.accounts.set('ivy@lumen.example', { email: 'ivy@lumen.example', name: 'Ivy' });
    const { jar } = await signInAs('ivy@lumen.example');
    const session = await sessionOf(jar);
    expect(session.body.user.role).toBe('finance');
    const members = await maya.call<{ items: { email: string; projectIds: string[] }[] }>('GET', '/v1/members');
    expect(members.body.items.find((m) => m.email === 'ivy@lumen.example')?.projectIds).toEqual(['p-llm']);
    const invitations = await maya.call<{ items: { email: string; status: string }[] }>('GET', '/v1/invitations');
    expect(invitations.body.items.find((i) => i.email === 'ivy@lumen.example')?.status).toBe('accepted');
  });

  it('refuses an answer that comes back to another browser (the state is not the one this browser holds)', async () => {
    const { done, jar } = await signInAs('lea@lumen.example', 'lea@lumen.example', async (callback, jar) => {
      jar.set(server.url, SSO_COOKIE, 'a-state-this-browser-never-got');
      return callback;
    });
    // Which login it was is unknown: back to the sign-in page without a page to return to.
    expect(done.location).toBe(`${server.url}/sign-in?sso=state`);
    expect(jar.get(server.url, SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses an ID token without the nonce this sign-in sent', async () => {
    const { done, jar } = await signInAs('lea@lumen.example', 'lea@lumen.example', async () => {
      await server.db.query("UPDATE sso_logins SET nonce = 'not-the-nonce-the-provider-saw'");
    });
    expect(done.location).toBe(`${server.url}/sign-in?sso=failed&next=%2Fpods`);
    expect(jar.get(server.url, SESSION_COOKIE)).toBeUndefined();
    expect(server.log).toBeTruthy();
  });

  it('refuses an expired authorization code', async () => {
    const { done, jar } = await signInAs('lea@lumen.example', 'lea@lumen.example', async () => {
      await new Promise((resolve) => setTimeout(resolve, (CODE_TTL_S + 1) * 1000));
    });
    expect(done.location).toBe(`${server.url}/sign-in?sso=expired&next=%2Fpods`);
    expect(jar.get(server.url, SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses a person of a domain the organization does not allow, though the provider vouches for them', async () => {
    const { done, jar } = await signInAs('eve@elsewhere.example', 'someone@lumen.example');
    expect(done.location).toBe(`${server.url}/sign-in?sso=domain&next=%2Fpods`);
    expect(jar.get(server.url, SESSION_COOKIE)).toBeUndefined();
    const members = await maya.call<{ items: { email: string }[] }>('GET', '/v1/members');
    expect(members.body.items.some((m) => m.email === 'eve@elsewhere.example')).toBe(false);
  });

  it('sends an address no organization signs in with SSO back to the sign-in page, in words there', async () => {
    const jar = new CookieJar();
    const res = await step(jar, start('someone@nowhere.example'));
    expect(res.status).toBe(302);
    expect(res.location).toBe(`${server.url}/sign-in?sso=not-configured&next=%2Fpods`);
    const evil = await step(jar, `${server.url}/api/v1/auth/sso/start?email=lea%40lumen.example&next=${encodeURIComponent('//evil.example/x')}`);
    expect(evil.location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(new URL(evil.location!).origin).toBe(provider.issuer);
  });
});

describe('single sign-on across organizations', () => {
  it('another organization can neither see this one’s connection nor claim its domain', async () => {
    const theirs = await ines.call<{ connection: unknown }>('GET', '/v1/sso');
    expect(theirs.body.connection).toBeNull();
    const claim = await ines.call<{ errors: { field: string; message: string }[] }>('PUT', '/v1/sso', {
      issuer: provider.issuer,
      clientId: 'orbit',
      clientSecret: null,
      scopes: 'openid email',
      allowedDomains: ['lumen.example', 'orbit.example'],
      roleClaim: 'groups',
      adminGroups: [],
      financeGroups: [],
      defaultRole: 'engineer',
      defaultProjectIds: [],
      enabled: true,
    });
    expect(claim.status).toBe(409);
    expect(claim.body.errors[0]).toMatchObject({ field: 'allowedDomains', message: 'lumen.example is already used for single sign-on by another organization.' });
    const mine = await maya.call<{ connection: { clientSecretSet: boolean } }>('GET', '/v1/sso');
    expect(JSON.stringify(mine.body)).not.toContain(provider.clientSecret);
    expect(mine.body.connection.clientSecretSet).toBe(true);
  });
});
