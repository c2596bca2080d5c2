/**
 * Small stand-ins for parts of MSW's browser bundle the simulator never exercises, so the
 * demo's first visit stays inside its 150 KiB budget. vite.config.ts swaps them in for the
 * browser build only; tests in Node use the real modules. Each names what it replaces.
 */

/** Replaces msw/lib/shims/statuses.mjs (the full HTTP status text table). */
const message: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};
export const statuses = { message };

/** Replaces msw/lib/shims/cookie.mjs: RFC 6265 cookie-header parsing, as handlers read it. */
export function parse(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in out) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}

export function serialize(name: string, value: string): string {
  return `${name}=${encodeURIComponent(value)}`;
}

