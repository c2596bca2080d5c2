/**
 * The typed API client. Types come from openapi.yaml (schema.d.ts, generated); the calling
 * convention and its types are openapi-fetch's (`api.GET('/v1/pods/{podId}', { params })` →
 * `{ data, error, response }`). The runtime is the few lines below rather than openapi-fetch's
 * own: the console uses only plain JSON calls, and the 2 KiB saved keep the demo's first visit
 * inside its size budget. The base URL is the one build setting VITE_API_BASE_URL; without
 * it the embedded simulator answers at <base path>api.
 */
import type { Client } from 'openapi-fetch';
import type { paths } from './schema';
import { ApiError, isProblem } from './problem';

export function apiBaseUrl(): string {
  const configured = import.meta.env.VITE_API_BASE_URL;
  if (configured) return configured.replace(/\/$/, '');
  const origin = typeof location === 'undefined' ? 'http://localhost' : location.origin;
  return `${origin}${import.meta.env.BASE_URL}api`;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type ApiClient = Pick<Client<paths>, Method>;

interface CallInit {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, unknown> };
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal | null;
}

/** Query values as openapi-fetch sends them by default: arrays exploded (`status=a&status=b`). */
function queryString(query: Record<string, unknown> | undefined): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    for (const v of Array.isArray(value) ? value : [value]) search.append(name, String(v));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

/** The double-submit CSRF token a real server sets as a readable cookie (see server/); absent in the demo. */
function csrfToken(): string | null {
  if (typeof document === 'undefined') return null;
  const match = /(?:^|;\s*)__Host-nl_csrf=([^;]+)/.exec(document.cookie);
  return match ? decodeURIComponent(match[1] ?? '') : null;
}

export function createApiClient(baseUrl: string = apiBaseUrl()): ApiClient {
  const call = async (method: Method, path: string, init: CallInit = {}) => {
    const url = baseUrl + path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(init.params?.path?.[name] ?? ''))) + queryString(init.params?.query);
    const headers = new Headers(init.headers);
    for (const [name, value] of Object.entries(init.params?.header ?? {})) if (value !== undefined && value !== null) headers.set(name, String(value));
    if (init.body !== undefined) headers.set('content-type', 'application/json');
    // Only a real server sets the CSRF cookie; the demo's bundle carries none of this.
    const csrf = __USE_MOCK__ || method === 'GET' ? null : csrfToken();
    if (csrf) headers.set('x-csrf-token', csrf);
    // Resolve fetch per call so test interceptors (msw/node) installed later are used.
    const response = await globalThis.fetch(
      new Request(url, {
        method,
        headers,
        credentials: 'include',
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        ...(init.signal ? { signal: init.signal } : {}),
      }),
    );
    // A real server answers 401 without a session (server/): to its sign-in page, and back after. Not in the demo's bundle.
    // Not while the user signs out: the page's own reads then meet the ended session, and sign-out goes to the sign-in page itself.
    if (!__USE_MOCK__ && response.status === 401 && !signingOut && !path.startsWith('/v1/auth/') && typeof location !== 'undefined') {
      location.assign(`${import.meta.env.BASE_URL}sign-in?next=${encodeURIComponent(location.pathname + location.search)}`);
    }
    const text = response.status === 204 ? '' : await response.text();
    let parsed: unknown = undefined;
    if (text) {
      try {
        parsed = JSON.parse(text) as unknown;
      } catch {
        parsed = text;
      }
    }
    return response.ok ? { data: parsed, response } : { error: parsed ?? response.statusText, response };
  };
  const method = (m: Method) => (path: string, init?: CallInit) => call(m, path, init);
  return Object.fromEntries((['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).map((m) => [m, method(m)])) as unknown as ApiClient;
}

export const api = createApiClient();

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Returns the data or throws an ApiError carrying the problem the API sent. */
let signingOut = false;

/** The user is signing out (true) or stays signed in after all (false): a 401 then sends nobody to sign in again. */
export function setSigningOut(value: boolean): void {
  signingOut = value;
}

export function unwrap<T>(result: FetchResult<T>): T {
  if (result.error !== undefined || !result.response.ok) {
    const err = result.error;
    if (isProblem(err)) throw new ApiError(err);
    throw new ApiError({
      type: 'about:blank',
      title: result.response.statusText || 'Request failed',
      status: result.response.status,
      detail: `The API answered ${result.response.status}${result.response.statusText ? ` ${result.response.statusText}` : ''}.`,
    });
  }
  return result.data as T;
}
