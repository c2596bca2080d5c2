/**
 * The cloud's transport-neutral request/response shapes and a tiny router, so that MSW
 * (in the browser and in tests) and a Node server are both thin adapters over one service.
 */
import type { CloudContext } from './context';
import { Problem, problem } from './problem';

export interface CloudRequest {
  method: string;
  /** Path below the API base, e.g. "/v1/pods/pod-123". */
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

export interface CloudResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteInput {
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

export type RouteHandler = (ctx: CloudContext, input: RouteInput) => CloudResponse | Promise<CloudResponse>;

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** e.g. "/v1/pods/:podId" */
  path: string;
  handler: RouteHandler;
}

export const ok = (body: unknown, headers?: Record<string, string>): CloudResponse => ({ status: 200, body, ...(headers ? { headers } : {}) });
export const created = (body: unknown, headers?: Record<string, string>): CloudResponse => ({ status: 201, body, ...(headers ? { headers } : {}) });

export interface CompiledRoute extends Route {
  pattern: RegExp;
  names: string[];
}

export function compileRoutes(routes: Route[]): CompiledRoute[] {
  return routes.map((r) => {
    const names: string[] = [];
    const source = r.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { ...r, pattern: new RegExp(`^${source}$`), names };
  });
}

export async function dispatch(ctx: CloudContext, routes: CompiledRoute[], req: CloudRequest): Promise<CloudResponse> {
  const path = req.path.replace(/\/+$/, '') || '/';
  let pathMatched = false;
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (r.method !== req.method.toUpperCase()) continue;
    const params: Record<string, string> = {};
    r.names.forEach((name, i) => {
      params[name] = decodeURIComponent(m[i + 1] ?? '');
    });
    try {
      const input: RouteInput = { params, query: req.query, headers: req.headers, body: req.body };
      // A change is recorded in the audit log (loaded with the first change, not with the first page).
      return await (r.method === 'GET' ? r.handler(ctx, input) : (await import('./audit')).audited(ctx, r, input));
    } catch (e) {
      if (e instanceof Problem) return { status: e.status, body: e.body };
      throw e;
    }
  }
  const p = pathMatched
    ? problem(405, 'method-not-allowed', 'Method not allowed', `${req.method} is not allowed on ${path}.`)
    : problem(404, 'not-found', 'Not found', `There is no API operation at ${path}.`);
  return { status: p.status, body: p.body };
}
