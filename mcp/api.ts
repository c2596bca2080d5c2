/**
 * The MCP server's only way into Northlight: a typed fetch to the operations of the contract
 * (src/api/openapi.yaml, its types generated into src/api/schema.d.ts), with the caller's API
 * token as `Authorization: Bearer`. The same client serves both transports: over the network
 * for stdio (NORTHLIGHT_API_URL), or the server's own app in process for /api/mcp, so tenancy,
 * read-only tokens, token scope and the audit log apply exactly as to any other API call.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from '../src/api/schema';

export type NorthlightApi = Client<paths>;
export type Problem = components['schemas']['Problem'];

export interface ApiClientOptions {
  /** Where the contract's paths hang: `https://console.example/api` (the `/v1/...` paths follow it). */
  baseUrl: string;
  /** The API token (nlt_…); sent as `Authorization: Bearer <token>`. */
  token: string;
  /** Another fetch: the server's own app in process (server/app.ts). Default: the global fetch. */
  fetch?: (request: Request) => Promise<Response>;
  /** Extra headers on every call (the client's X-Forwarded-For, so the audit log names it). */
  headers?: Record<string, string>;
}

export function northlightApi(options: ApiClientOptions): NorthlightApi {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { ...options.headers, authorization: `Bearer ${options.token}`, 'user-agent': 'northlight-mcp' },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** An answer of the API that is a problem (RFC 9457): becomes a tool error with its words. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problemText(status, problem));
  }
}

export function problemText(status: number, p: Problem): string {
  const head = p.detail ? `${p.title}: ${p.detail}` : p.title;
  const fields = (p.errors ?? []).map((e) => `- ${e.field}: ${e.message}`);
  return [`${head} (HTTP ${status})`, ...fields].join('\n');
}

function asProblem(status: number, error: unknown): Problem {
  if (error && typeof error === 'object' && typeof (error as Problem).title === 'string') return error as Problem;
  const text = typeof error === 'string' && error.trim() ? error.trim().slice(0, 500) : `The API answered ${status}.`;
  return { type: 'about:blank', title: 'Request failed', status, detail: text };
}

/** The data of a successful answer, or an ApiProblem thrown with the problem's words. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok && result.error === undefined) return result.data as T;
  throw new ApiProblem(result.response.status, asProblem(result.response.status, result.error));
}
