/**
 * Single sign-on with OpenID Connect (issue 15), the protocol's side, with openid-client: the
 * authorization code flow with PKCE (S256), a state bound to the browser by the short-lived
 * __Host-nl_sso cookie, and a nonce the ID token must carry. openid-client checks the ID token
 * (signature, issuer, audience, expiry, nonce); then the cloud decides who the person is
 * (cloud/ops/sso.ts ssoMember: a member, an invitee, or a new member of an allowed domain).
 *
 * Both legs are browser navigations, so they answer with redirects: to the provider, then to the
 * page the person came for, or to /sign-in?sso=<reason> with the reason in words there.
 *
 * The logins in flight live in sso_logins (state hashed, at most 10 minutes, used once), so any
 * number of server instances can share a sign-in. The provider's metadata is cached a few minutes.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import * as oidc from 'openid-client';
import type { SsoConnectionRecord } from '../src/cloud/model';
import { SsoRefusal, ssoMember, SSO_CALLBACK_PATH } from '../src/cloud/ops/sso';
import { emailDomain, isEmail, normalEmail } from '../src/domain/members';
import { recordSignIn } from './audit-store';
import type { Database } from './db';
import type { Logger } from './log';
import { inOrganizationAsNobody } from './people';
import { createSession, parseCookies, sessionCookies } from './sessions';
import { clientAddress } from './sign-in-limit';

export const SSO_COOKIE = '__Host-nl_sso';
const LOGIN_TTL_MS = 10 * 60 * 1000;
const METADATA_TTL_MS = 5 * 60 * 1000;

export type SsoReason = 'not-configured' | 'unavailable' | 'state' | 'expired' | 'denied' | 'failed' | 'domain' | 'other-organization' | 'email';

export interface SsoOptions {
  db: Database;
  log: Logger;
  realNow: () => number;
  wallNow: () => number;
  nodeEnv: string | undefined;
  trustedProxies: number;
  /** The API's mount path before /v1 (the server mounts it at /api). */
  apiBase: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

/** A path on this console only: "/pods?x=1", never "//evil.example" or "/\\evil". */
export function safeNextPath(next: string | undefined | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || /[\u0000-\u001f]/.test(next)) return '/';
  return next.length > 2048 ? '/' : next;
}

function ssoCookie(value: string, maxAgeS: number): string {
  return [`${SSO_COOKIE}=${value}`, 'Path=/', `Max-Age=${maxAgeS}`, 'HttpOnly', 'SameSite=Lax', 'Secure'].join('; ');
}

function redirect(location: string, cookies: string[] = []): Response {
  const headers = new Headers({ Location: location, 'Cache-Control': 'no-store' });
  for (const c of cookies) headers.append('Set-Cookie', c);
  return new Response(null, { status: 302, headers });
}

const refuse = (reason: SsoReason, next = '/') =>
  redirect(`/sign-in?sso=${reason}${next !== '/' ? `&next=${encodeURIComponent(next)}` : ''}`, [ssoCookie('', 0)]);

/** Where the console is, as the browser sees it: the provider sends the browser back here. */
function publicOrigin(c: Context, trustedProxies: number): string {
  const url = new URL(c.req.url);
  if (trustedProxies > 0) {
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
    const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
    if (proto === 'https' || proto === 'http') url.protocol = `${proto}:`;
    if (host) url.host = host;
  }
  return url.origin;
}

const metadata = new Map<string, { config: Promise<oidc.Configuration>; atMs: number }>();

/** The provider's configuration (discovery), cached a few minutes per issuer and client. */
function providerConfig(connection: SsoConnectionRecord, nodeEnv: string | undefined, nowMs: number): Promise<oidc.Configuration> {
  const key = JSON.stringify([connection.issuer, connection.clientId, connection.clientSecret]);
  const cached = metadata.get(key);
  if (cached && nowMs - cached.atMs < METADATA_TTL_MS) return cached.config;
  const issuer = new URL(connection.issuer);
  const loopbackHttp = issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname) && nodeEnv !== 'production';
  const config = oidc.discovery(
    issuer,
    connection.clientId,
    undefined,
    connection.clientSecret === null ? oidc.None() : oidc.ClientSecretBasic(connection.clientSecret),
    loopbackHttp ? { execute: [oidc.allowInsecureRequests] } : {},
  );
  metadata.set(key, { config, atMs: nowMs });
  config.catch(() => metadata.delete(key));
  return config;
}

async function connectionOf(db: Database, orgId: string): Promise<SsoConnectionRecord | null> {
  const [row] = await db.query<{ value: unknown }>("SELECT value FROM state_extras WHERE org_id = $1 AND key = 'ssoConnection'", [orgId]);
  if (!row) return null;
  return (typeof row.value === 'string' ? JSON.parse(row.value) : row.value) as SsoConnectionRecord;
}

/** The organization that signs this e-mail in with SSO: the member's own, else the one whose domains include it. */
async function organizationFor(db: Database, email: string): Promise<{ orgId: string; connection: SsoConnectionRecord } | null> {
  const [member] = await db.query('SELECT org_id FROM users WHERE lower(email) = $1', [email]);
  const candidates = member
    ? [String(member.org_id)]
    : (
        await db.query<{ org_id: string }>(
          "SELECT org_id FROM state_extras x WHERE x.key = 'ssoConnection' AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(x.value -> 'allowedDomains') d WHERE d = $1) ORDER BY org_id LIMIT 2",
          [emailDomain(email)],
        )
      ).map((r) => String(r.org_id));
  if (candidates.length !== 1) return null;
  const connection = await connectionOf(db, candidates[0]!);
  return connection?.enabled ? { orgId: candidates[0]!, connection } : null;
}

export async function startSso(c: Context, options: SsoOptions): Promise<Response> {
  const email = normalEmail(c.req.query('email') ?? '');
  const next = safeNextPath(c.req.query('next'));
  if (!isEmail(email)) return refuse('email', next);
  const found = await organizationFor(options.db, email);
  if (!found) return refuse('not-configured', next);
  let config: oidc.Configuration;
  try {
    config = await providerConfig(found.connection, options.nodeEnv, options.wallNow());
  } catch (e) {
    options.log.error('single sign-on: the provider did not answer discovery', { org: found.orgId, issuer: found.connection.issuer, error: e instanceof Error ? e.message : String(e) });
    return refuse('unavailable', next);
  }
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const verifier = oidc.randomPKCECodeVerifier();
  const redirectUri = `${publicOrigin(c, options.trustedProxies)}${options.apiBase}${SSO_CALLBACK_PATH}`;
  const nowMs = options.wallNow();
  await options.db.transaction(async (tx) => {
    await tx.query('DELETE FROM sso_logins WHERE expires_at_ms <= $1', [nowMs]);
    await tx.query(
      'INSERT INTO sso_logins (state_hash, org_id, nonce, code_verifier, redirect_uri, next_path, created_at_ms, expires_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [sha256(state), found.orgId, nonce, verifier, redirectUri, next, nowMs, nowMs + LOGIN_TTL_MS],
    );
  });
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: found.connection.scopes,
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    login_hint: email,
  });
  return redirect(url.href, [ssoCookie(state, LOGIN_TTL_MS / 1000)]);
}

interface Login {
  org_id: string;
  nonce: string;
  code_verifier: string;
  redirect_uri: string;
  next_path: string;
  expires_at_ms: number;
}

export async function finishSso(c: Context, options: SsoOptions): Promise<Response> {
  const url = new URL(c.req.url);
  const state = url.searchParams.get('state') ?? '';
  const cookieState = parseCookies(c.req.header('cookie')).get(SSO_COOKIE);
  // The answer must come back to the browser that asked for it (a login CSRF otherwise).
  if (!state || !cookieState || cookieState !== state) {
    options.log.info('single sign-on refused: the state is not this browser’s', { hasCookie: Boolean(cookieState) });
    return refuse('state');
  }
  const [login] = await options.db.transaction((tx) => tx.query<Login & Record<string, unknown>>('DELETE FROM sso_logins WHERE state_hash = $1 RETURNING *', [sha256(state)]));
  if (!login) return refuse('state');
  const next = safeNextPath(String(login.next_path));
  if (Number(login.expires_at_ms) <= options.wallNow()) return refuse('expired', next);
  if (url.searchParams.get('error')) {
    options.log.info('single sign-on: the provider refused', { org: login.org_id, error: url.searchParams.get('error') });
    return refuse('denied', next);
  }
  const orgId = String(login.org_id);
  const connection = await connectionOf(options.db, orgId);
  if (!connection?.enabled) return refuse('not-configured', next);
  let claims: Record<string, unknown>;
  try {
    const config = await providerConfig(connection, options.nodeEnv, options.wallNow());
    const current = new URL(String(login.redirect_uri));
    current.search = url.search;
    const tokens = await oidc.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: String(login.code_verifier),
      expectedState: state,
      expectedNonce: String(login.nonce),
      idTokenExpected: true,
    });
    claims = { ...(tokens.claims() ?? {}) };
    // Some providers put the e-mail and groups only in the UserInfo answer.
    if (typeof claims.email !== 'string' || !(connection.roleClaim in claims)) {
      const info = await oidc.fetchUserInfo(config, tokens.access_token, String(claims.sub));
      claims = { ...info, ...claims, ...(typeof claims.email === 'string' ? {} : { email: info.email, email_verified: info.email_verified }) };
      if (!(connection.roleClaim in claims) && connection.roleClaim in info) claims[connection.roleClaim] = (info as Record<string, unknown>)[connection.roleClaim];
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const code = (e as { error?: string }).error;
    options.log.info('single sign-on failed at the code exchange or the ID token check', { org: orgId, error: message, code });
    return refuse(code === 'invalid_grant' ? 'expired' : 'failed', next);
  }
  const address = clientAddress(c, options.trustedProxies);
  try {
    const signedIn = await options.db.transaction(async (tx) => {
      const user = await inOrganizationAsNobody(tx, orgId, options, async (run) => {
        const member = await ssoMember(run.ctx, connection, claims);
        for (const entry of run.ctx.state.auditLog ?? []) entry.address = address.slice(0, 64);
        return member;
      });
      if (!user) return null;
      await recordSignIn(tx, orgId, { id: user.id, name: user.name }, true, address, options.realNow(), 'single sign-on');
      return createSession(tx, orgId, user.id, options.wallNow());
    });
    if (!signedIn) return refuse('failed', next);
    return redirect(next, [...sessionCookies(signedIn.sessionToken, signedIn.csrfToken), ssoCookie('', 0)]);
  } catch (e) {
    if (e instanceof SsoRefusal) {
      options.log.info('single sign-on refused', { org: orgId, reason: e.reason, detail: e.message });
      return refuse(e.reason, next);
    }
    throw e;
  }
}
