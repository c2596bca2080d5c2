/**
 * The server's guards at the edge (issue 15, point 5): which host the console is served from,
 * whether a state-changing request comes from it (Origin, Sec-Fetch-Site), input PostgreSQL
 * cannot store (NUL) or nobody can read (a broken percent-encoding), and the headers the
 * console's page is sent with (CSP with frame-ancestors, Permissions-Policy, HSTS).
 */
import type { Context } from 'hono';

/**
 * The host the console is served from, as the browser saw it: the Host header, or with
 * TRUST_PROXY proxies in front, the X-Forwarded-Host entry the outermost one wrote (counted
 * from the right like X-Forwarded-For; a proxy that replaces the header leaves one entry).
 * Without a trusted proxy the header is ignored: anyone can send it.
 */
export function consoleHost(c: Context, trustedProxies: number): string | null {
  const forwarded = trustedProxies > 0 ? (c.req.header('x-forwarded-host') ?? '').split(',').map((s) => s.trim()).filter(Boolean) : [];
  return (forwarded[Math.max(0, forwarded.length - trustedProxies)] ?? c.req.header('host') ?? null)?.toLowerCase() ?? null;
}

/**
 * Why a state-changing request is refused as coming from another site, or null. Browsers send
 * Origin on every POST, PUT, PATCH and DELETE and Sec-Fetch-Site on every request; a request
 * with neither is not a browser's (a script with its own cookie), and the CSRF token still
 * applies to it. The hosts are compared, not the schemes: TLS usually ends at a proxy, which
 * the server may not know about (HSTS and Secure cookies keep the console on https).
 */
export function crossOriginRefusal(c: Context, trustedProxies: number): string | null {
  const fetchSite = c.req.header('sec-fetch-site')?.toLowerCase();
  // same-site is another origin all the same (a sibling subdomain); none is a user's own navigation.
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') return `This request was sent by another site (Sec-Fetch-Site: ${fetchSite})`;
  const origin = c.req.header('origin');
  if (origin === undefined) return null;
  const host = consoleHost(c, trustedProxies);
  let from: string;
  try {
    from = new URL(origin).host;
  } catch {
    return `This request was sent by a page with no origin of its own (Origin: ${origin.slice(0, 100)})`;
  }
  return from === host ? null : `This request was sent by ${from.slice(0, 100)}, not by the console at ${host ?? 'this server'}`;
}

/** The path is not valid percent-encoded UTF-8 (`/v1/pods/%ff%fe`): nothing could be found under it. */
export function malformedPath(path: string): boolean {
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

/**
 * The first place a NUL character (U+0000) is in a request's path, query or JSON body, or
 * null: PostgreSQL refuses NUL in text, and no name, note or id of this API has one.
 */
export function nulField(value: unknown, at: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? at : null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = nulField(v, `${at}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = k.includes('\u0000') ? `${at}.${k.replace(/\u0000/g, '\\u0000')}` : nulField(v, `${at}.${k}`);
      if (found) return found;
    }
  }
  return null;
}

/** A query's first parameter whose name or value holds a NUL, named for the answer. */
export function nulInQuery(query: URLSearchParams): string | null {
  for (const [k, v] of query) if (k.includes('\u0000') || v.includes('\u0000')) return `query parameter ${k.replace(/\u0000/g, '\\u0000')}`;
  return null;
}

/**
 * The console's policy when its page carries none (a build without the CSP meta tag): the one
 * vite.config.ts writes into a server build's page (VITE_API_BASE_URL=/api: connect-src 'self').
 */
const DEFAULT_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * The Content-Security-Policy header for the console's page: the policy its build wrote into the
 * meta tag (vite.config.ts, kept there for static hosts), plus what only a header can say:
 * `frame-ancestors 'none'` (browsers ignore it in a meta tag), so no other site can frame the console.
 */
export function contentSecurityPolicy(indexHtml: string): string {
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(indexHtml)?.[1];
  const policy = (meta ?? DEFAULT_POLICY).replace(/&#39;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').trim().replace(/;\s*$/, '');
  return /(^|;)\s*frame-ancestors\s/.test(policy) ? policy : `${policy}; frame-ancestors 'none'`;
}

/** Features the console never uses, off for it and anything it could embed. */
export const PERMISSIONS_POLICY = 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()';

/** HSTS in production: a year, subdomains included (the console's host serves nothing over plain http). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';
