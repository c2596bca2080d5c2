/**
 * A real OpenID provider for tests (oidc-provider, a certified implementation), in-process on a
 * loopback port, with its development login page: any login name, any password. The accounts'
 * claims (e-mail, name, groups) are the test's to set. Consent is granted for the one client.
 *
 * `signInThrough` walks the authorization code flow as a browser would, with fetch and a cookie
 * jar per site, from the console's /v1/auth/sso/start to its callback, stopping where the test
 * wants to look (or tamper).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface Account {
  email: string;
  name?: string;
  email_verified?: boolean;
  groups?: string[];
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, Account>;
  close(): Promise<void>;
}

export const TEST_CLIENT_ID = 'northlight-console';
export const TEST_CLIENT_SECRET = 'a-client-secret-for-tests-only';

export async function startTestProvider(options: { redirectUris: string[]; codeTtlS?: number; port?: number }): Promise<TestProvider> {
  const accounts = new Map<string, Account>();
  let handler: ((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void) | null = null;
  const http: Server = createServer((req, res) => handler?.(req, res));
  await new Promise<void>((resolve) => http.listen(options.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: TEST_CLIENT_ID, client_secret: TEST_CLIENT_SECRET, redirect_uris: options.redirectUris, response_types: ['code'], grant_types: ['authorization_code'] }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    findAccount: async (_ctx, sub) => {
      const account = accounts.get(sub) ?? { email: sub };
      return { accountId: sub, claims: async () => ({ sub, email_verified: true, ...account }) };
    },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    ttl: { AuthorizationCode: options.codeTtlS ?? 60, Interaction: 600, Grant: 3600, Session: 3600, AccessToken: 600, IdToken: 600 },
    cookies: { keys: ['oidc-test-cookie-key'] },
    // The one client is first-party: no consent page.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope('openid email profile groups');
      await grant.save();
      return grant;
    },
  });
  handler = provider.callback();
  return {
    issuer,
    clientId: TEST_CLIENT_ID,
    clientSecret: TEST_CLIENT_SECRET,
    accounts,
    close: () => new Promise<void>((resolve) => http.close(() => resolve())),
  };
}

/** Cookies per origin, as a browser keeps them (enough for these two sites). */
export class CookieJar {
  private readonly jars = new Map<string, Map<string, string>>();

  take(url: string, res: Response): void {
    const jar = this.jars.get(new URL(url).origin) ?? new Map<string, string>();
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      if (/max-age=0/i.test(line) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    this.jars.set(new URL(url).origin, jar);
  }

  header(url: string): string {
    return [...(this.jars.get(new URL(url).origin) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get(url: string, name: string): string | undefined {
    return this.jars.get(new URL(url).origin)?.get(name);
  }

  set(url: string, name: string, value: string): void {
    const jar = this.jars.get(new URL(url).origin) ?? new Map<string, string>();
    jar.set(name, value);
    this.jars.set(new URL(url).origin, jar);
  }
}

/** One GET (or form POST) without following redirects; cookies in and out through the jar. */
export async function step(jar: CookieJar, url: string, form?: Record<string, string>): Promise<{ status: number; location: string | null; text: string }> {
  const res = await fetch(url, {
    method: form ? 'POST' : 'GET',
    redirect: 'manual',
    headers: { cookie: jar.header(url), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    ...(form ? { body: new URLSearchParams(form).toString() } : {}),
  });
  jar.take(url, res);
  const location = res.headers.get('location');
  return { status: res.status, location: location ? new URL(location, url).href : null, text: await res.text() };
}

/**
 * From the console's start to the provider's redirect back (the callback URL with code and state),
 * logging in at the provider as `login`. Returns that URL, not yet visited.
 */
export async function throughProvider(jar: CookieJar, startUrl: string, login: string): Promise<string> {
  const start = await step(jar, startUrl);
  if (start.status !== 302 || !start.location) throw new Error(`start answered ${start.status} ${start.location}`);
  let url = start.location;
  for (let i = 0; i < 10; i++) {
    const res = await step(jar, url);
    if (res.location && !res.location.startsWith(new URL(url).origin)) return res.location;
    if (res.status === 200 && res.text.includes('name="prompt" value="login"')) {
      const action = /action="([^"]+)"/.exec(res.text)?.[1] ?? '';
      const posted = await step(jar, new URL(action.replace(/&amp;/g, '&'), url).href, { prompt: 'login', login, password: 'any password' });
      if (!posted.location) throw new Error(`the provider's login answered ${posted.status}`);
      url = posted.location;
      continue;
    }
    if (!res.location) throw new Error(`the provider answered ${res.status} at ${url}: ${res.text.slice(0, 300)}`);
    url = res.location;
  }
  throw new Error('too many redirects at the provider');
}
