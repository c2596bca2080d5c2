/**
 * Sessions: a random token in an httpOnly cookie (only its SHA-256 is stored), and a CSRF
 * token in a readable cookie that the console echoes in X-CSRF-Token on every state-changing
 * call (the double-submit pattern, bound to the session: the server keeps the token's hash).
 * A page on another site can send the session cookie (SameSite=Lax allows top-level
 * navigations) but can neither read the CSRF cookie nor set the header.
 *
 * Both cookies are named `__Host-…`: a browser stores such a cookie only with Secure, Path=/ and
 * no Domain, from a secure origin, so no sibling subdomain or plain-http page can plant or
 * overwrite one (cookie tossing, session fixation). They are therefore always Secure, also in
 * development over plain http: browsers count http://localhost and http://127.0.0.1 as secure
 * for cookies (Chromium does: the Playwright journeys sign in over http://127.0.0.1). A browser
 * that does not, or plain http to another address (a LAN IP), cannot sign in: put https in front,
 * as production has. Deliberately no fallback to names without the prefix: those are the very
 * cookies an attacker could plant.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Tx } from './db';

export const SESSION_COOKIE = '__Host-nl_session';
export const CSRF_COOKIE = '__Host-nl_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';
/** Sessions end 12 hours after sign-in (a working day), whatever happens meanwhile. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** …and after an hour with no request (an open console polls, so only a closed or idle one ends). */
export const SESSION_IDLE_MS = 60 * 60 * 1000;
/** How stale the last-seen time may get before a request writes it again. */
const SEEN_EVERY_MS = 60 * 1000;

export interface Session {
  tokenHash: string;
  orgId: string;
  userId: string;
  actingUserId: string | null;
  csrfHash: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');
const token = () => randomBytes(32).toString('base64url');

export function parseCookies(header: string | null | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    if (!out.has(name)) out.set(name, part.slice(i + 1).trim());
  }
  return out;
}

/** A `__Host-` cookie: Secure, Path=/ and no Domain, or the browser drops it. */
function cookie(name: string, value: string, maxAgeS: number, httpOnly: boolean): string {
  return [`${name}=${value}`, 'Path=/', `Max-Age=${maxAgeS}`, ...(httpOnly ? ['HttpOnly'] : []), 'SameSite=Lax', 'Secure'].join('; ');
}

export function sessionCookies(sessionToken: string, csrfToken: string): string[] {
  const maxAgeS = SESSION_TTL_MS / 1000;
  return [cookie(SESSION_COOKIE, sessionToken, maxAgeS, true), cookie(CSRF_COOKIE, csrfToken, maxAgeS, false)];
}

export function clearedCookies(): string[] {
  return [cookie(SESSION_COOKIE, '', 0, true), cookie(CSRF_COOKIE, '', 0, false)];
}

export async function createSession(tx: Tx, orgId: string, userId: string, nowMs: number): Promise<{ sessionToken: string; csrfToken: string }> {
  const sessionToken = token();
  const csrfToken = token();
  await tx.query('DELETE FROM sessions WHERE expires_at_ms <= $1', [nowMs]);
  await tx.query(
    'INSERT INTO sessions (token_hash, org_id, user_id, acting_user_id, csrf_hash, created_at_ms, expires_at_ms) VALUES ($1, $2, $3, NULL, $4, $5, $6)',
    [sha256(sessionToken), orgId, userId, sha256(csrfToken), nowMs, nowMs + SESSION_TTL_MS],
  );
  return { sessionToken, csrfToken };
}

export async function findSession(tx: Tx, sessionToken: string | undefined, nowMs: number): Promise<Session | null> {
  if (!sessionToken) return null;
  const [row] = await tx.query(
    'SELECT token_hash, org_id, user_id, acting_user_id, csrf_hash, coalesce(last_seen_at_ms, created_at_ms) AS seen_ms FROM sessions WHERE token_hash = $1 AND expires_at_ms > $2',
    [sha256(sessionToken), nowMs],
    { prepare: true }, // every request's first statement
  );
  if (!row) return null;
  const seenMs = Number(row.seen_ms);
  if (nowMs - seenMs >= SESSION_IDLE_MS) {
    await tx.query('DELETE FROM sessions WHERE token_hash = $1', [row.token_hash]);
    return null;
  }
  if (nowMs - seenMs >= SEEN_EVERY_MS) await tx.query('UPDATE sessions SET last_seen_at_ms = $2 WHERE token_hash = $1', [row.token_hash, nowMs]);
  return {
    tokenHash: String(row.token_hash),
    orgId: String(row.org_id),
    userId: String(row.user_id),
    actingUserId: row.acting_user_id === null ? null : String(row.acting_user_id),
    csrfHash: String(row.csrf_hash),
  };
}

export async function endSession(tx: Tx, session: Session): Promise<void> {
  await tx.query('DELETE FROM sessions WHERE token_hash = $1', [session.tokenHash]);
}

export async function setActingUser(tx: Tx, session: Session, actingUserId: string | null): Promise<void> {
  await tx.query('UPDATE sessions SET acting_user_id = $2 WHERE token_hash = $1', [session.tokenHash, actingUserId]);
}

/** The CSRF check: the header equals the cookie, and is the token this session was given. */
export function csrfHolds(session: Session, headerToken: string | null, cookieToken: string | undefined): boolean {
  if (!headerToken || !cookieToken || headerToken !== cookieToken) return false;
  const a = Buffer.from(sha256(headerToken));
  const b = Buffer.from(session.csrfHash);
  return a.length === b.length && timingSafeEqual(a, b);
}
