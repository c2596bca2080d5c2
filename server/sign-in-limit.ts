/**
 * The sign-in rate limit: at most 5 failed sign-ins per e-mail and 50 per client address in any
 * 15 minutes; past either, sign-in answers 429 with Retry-After, even for the right password.
 * The failures live in the database (002-sign-in-attempts.sql), so every instance counts the
 * same ones and a restart forgets none.
 *
 * The limits: NIST SP 800-63B §5.2.2 asks for at most 100 consecutive failures per account;
 * 5 in 15 minutes leaves a person who mistypes room and a guesser about 480 tries a day. 50 per
 * address catches one client spraying a common password across many accounts, and still lets
 * an office behind one NAT mistype now and then. A sliding window, not a lockout: each failure
 * stops counting 15 minutes after it happened, so nobody needs an admin to be let back in.
 */
import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { CloudResponse } from '../src/cloud/http';
import type { Database, Tx } from './db';

export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_ADDRESS = 50;

/** Advisory lock classes (two-int keys), one per kind of key, so an e-mail never shares a lock with an address. */
const EMAIL_LOCK_CLASS = 726_101;
const ADDRESS_LOCK_CLASS = 726_102;

export type Admission = { admitted: true; emailHash: string } | { admitted: false; retryAfterS: number };

const emailHashOf = (email: string) => createHash('sha256').update(email.toLowerCase()).digest('base64url');

/**
 * Before a password is checked: refused while the e-mail or the address is over its limit, else
 * admitted with its failure already recorded (signInSucceeded takes it back). Recording first
 * means parallel guesses cannot all slip in before any of them is counted; the advisory locks
 * make the count and the record one step per e-mail and per address, across instances. A
 * refused attempt is not recorded: hammering does not push the end of the wait further out.
 * Known and unknown e-mails go through the same steps, so the answer tells nothing about which
 * accounts exist.
 */
export async function admitSignIn(db: Database, email: string, address: string, nowMs: number): Promise<Admission> {
  const emailHash = emailHashOf(email);
  return db.transaction(async (tx) => {
    // Always the e-mail's lock first, then the address's: no two attempts wait on each other in a circle.
    await tx.query(`SELECT pg_advisory_xact_lock(${EMAIL_LOCK_CLASS}, hashtext($1))`, [emailHash]);
    await tx.query(`SELECT pg_advisory_xact_lock(${ADDRESS_LOCK_CLASS}, hashtext($1))`, [address]);
    const untilMs = Math.max(
      await limitedUntil(tx, 'email_hash', emailHash, MAX_FAILURES_PER_EMAIL, nowMs),
      await limitedUntil(tx, 'address', address, MAX_FAILURES_PER_ADDRESS, nowMs),
    );
    if (untilMs > nowMs) return { admitted: false, retryAfterS: Math.max(1, Math.ceil((untilMs - nowMs) / 1000)) };
    // Pruning on every write keeps the table at one window's failures; the at_ms index makes it a short range scan.
    await tx.query('DELETE FROM sign_in_failures WHERE at_ms <= $1', [nowMs - SIGN_IN_WINDOW_MS]);
    await tx.query('INSERT INTO sign_in_failures (email_hash, address, at_ms) VALUES ($1, $2, $3)', [emailHash, address, nowMs]);
    return { admitted: true, emailHash };
  });
}

/**
 * When the key's failures in the window are at the limit: the time the limit-th newest leaves
 * the window (the count then drops below the limit); otherwise 0.
 */
async function limitedUntil(tx: Tx, column: 'email_hash' | 'address', key: string, limit: number, nowMs: number): Promise<number> {
  const [row] = await tx.query<{ at_ms: number | string }>(
    `SELECT at_ms FROM sign_in_failures WHERE ${column} = $1 AND at_ms > $2 ORDER BY at_ms DESC LIMIT 1 OFFSET $3`,
    [key, nowMs - SIGN_IN_WINDOW_MS, limit - 1],
  );
  return row ? Number(row.at_ms) + SIGN_IN_WINDOW_MS : 0;
}

/** The password was right: the e-mail's failures (this attempt's included) no longer count. */
export async function signInSucceeded(db: Database, admission: { emailHash: string }): Promise<void> {
  await db.query('DELETE FROM sign_in_failures WHERE email_hash = $1', [admission.emailHash]);
}

export function tooManyAttempts(retryAfterS: number): CloudResponse {
  const minutes = Math.ceil(retryAfterS / 60);
  return {
    status: 429,
    headers: { 'Retry-After': String(retryAfterS) },
    body: {
      type: 'https://northlight.example/problems/too-many-attempts',
      title: 'Too many sign-in attempts',
      status: 429,
      detail: `There were too many failed sign-ins for this e-mail address or from your network. Try again in ${minutes === 1 ? '1 minute' : `${minutes} minutes`}.`,
    },
  };
}

/**
 * TRUST_PROXY: how many proxies in front of the server add to X-Forwarded-For (0 or unset: the
 * server is reached directly, and the header, which anyone can send, is ignored).
 */
export function trustedProxiesFrom(setting: string | undefined): number {
  if (setting === undefined || setting === '') return 0;
  if (!/^\d+$/.test(setting)) throw new Error(`TRUST_PROXY must be a number of proxies (0, 1, 2…), not "${setting}"`);
  return Number(setting);
}

/** The client's address as the limit counts it. */
export function clientAddress(c: Context, trustedProxies: number): string {
  let socket: string | undefined;
  try {
    socket = getConnInfo(c).remote.address;
  } catch {
    socket = undefined; // a request made in process (app.request): no socket
  }
  return addressKey(pickAddress(socket, c.req.header('x-forwarded-for'), trustedProxies));
}

/**
 * Which address is the client's. Each proxy appends the address it was reached from, so the
 * entries a client can forge are on the left: with n trusted proxies the client is the n-th
 * entry from the right (the one our outermost proxy wrote), as Express's `trust proxy` counts.
 */
export function pickAddress(socket: string | undefined, forwardedFor: string | undefined, trustedProxies: number): string {
  const hops = trustedProxies > 0 ? (forwardedFor ?? '').split(',').map((s) => s.trim()).filter(Boolean) : [];
  return hops[Math.max(0, hops.length - trustedProxies)] ?? socket ?? 'unknown';
}

/**
 * One key per client: IPv4 as is (also when written IPv4-mapped, ::ffff:a.b.c.d, as a dual-stack
 * socket reports it); IPv6 by its /64, the block one subscriber gets and can roam freely in.
 * Anything else (a proxy that adds a port, an unknown) is kept as sent, capped in length.
 */
export function addressKey(raw: string): string {
  const address = raw.trim().toLowerCase().replace(/^\[(.+)\](:\d+)?$/, '$1').replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address)?.[1];
  if (mapped && isIPv4(mapped)) return mapped;
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return address.slice(0, 100);
  const [head = '', tail] = address.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  // An embedded IPv4 tail (…:1.2.3.4) stands for two groups; it is past the /64 either way.
  const width = (parts: string[]) => parts.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const zeros = tail === undefined ? [] : Array<string>(8 - width(groups(head)) - width(groups(tail))).fill('0');
  const all = [...groups(head), ...zeros, ...groups(tail)];
  return `${all.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}
