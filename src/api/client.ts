/**
 * The typed API client, generated from openapi.yaml (types in schema.d.ts). The base URL
 * is the one build setting VITE_API_BASE_URL; without it the embedded simulator answers
 * at <base path>api.
 */
import createClient from 'openapi-fetch';
import type { paths } from './schema';
import { ApiError, isProblem } from './problem';

export function apiBaseUrl(): string {
  const configured = import.meta.env.VITE_API_BASE_URL;
  if (configured) return configured.replace(/\/$/, '');
  const origin = typeof location === 'undefined' ? 'http://localhost' : location.origin;
  return `${origin}${import.meta.env.BASE_URL}api`;
}

export function createApiClient(baseUrl: string = apiBaseUrl()) {
  return createClient<paths>({
    baseUrl,
    credentials: 'include',
    // Resolve fetch per call so test interceptors (msw/node) installed later are used.
    fetch: (request) => globalThis.fetch(request),
  });
}

export const api = createApiClient();

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Returns the data or throws an ApiError carrying the problem the API sent. */
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
