/**
 * The MCP server over Streamable HTTP, mounted by server/app.ts at /api/mcp: stateless (a fresh
 * server and transport per request, answers as JSON, no session to keep, so any replica serves
 * any call), behind an API token. `Authorization: Bearer <token>` is checked by the API itself
 * (GET /v1/session) before the body is read: without a valid token, the API's 401 (or 403)
 * problem+json. The tools then call the app's own /api/v1/... in process with the same header,
 * so the token's organization, role, projects and read-only flag, and the audit log, apply as
 * to any other call. Request bodies are bounded.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { northlightApi } from './api';
import { createNorthlightMcpServer } from './tools';

/** JSON-RPC messages are small; a launch with a pasted SSH key is the largest (about 17 KiB). */
export const MCP_MAX_BODY_BYTES = 64 * 1024;

export interface McpHttpOptions {
  /** Answers an API request in process: the server's own app (`app.fetch`), with the outer request's env (its socket, for the audit log's address). */
  fetchApi: (request: Request, env: unknown) => Response | Promise<Response>;
  /** Where the API is mounted on this origin (default /api). */
  apiPath?: string;
}

const PROBLEM = { 'content-type': 'application/problem+json', 'cache-control': 'no-store' };

function problem(status: number, slug: string, title: string, detail: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ type: `https://northlight.example/problems/${slug}`, title, status, detail }), { status, headers: { ...PROBLEM, ...headers } });
}

/** What the API's audit log and origin checks read about the client behind a proxy, passed on to the in-process calls. */
function forwardedHeaders(request: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['x-forwarded-for', 'x-forwarded-host']) {
    const value = request.headers.get(name);
    if (value) out[name] = value;
  }
  return out;
}

export function mcpHttp(options: McpHttpOptions): Hono {
  const apiPath = options.apiPath ?? '/api';
  const app = new Hono();

  // The token, checked by the API itself: none or malformed → 401 here; revoked, expired or unknown → the API's own 401 (a demoted owner → 403).
  app.use('/', async (c, next) => {
    const authorization = c.req.header('authorization') ?? '';
    if (!/^Bearer\s+\S+\s*$/i.test(authorization)) {
      return problem(401, 'unauthenticated', 'Token required', 'The MCP endpoint needs an API token: send “Authorization: Bearer nlt_…”. Create one on the console\'s Account page.', { 'www-authenticate': 'Bearer' });
    }
    const check = await options.fetchApi(new Request(`${new URL(c.req.url).origin}${apiPath}/v1/session`, { headers: { authorization, ...forwardedHeaders(c.req.raw) } }), c.env);
    if (check.status !== 200) {
      const headers = new Headers(check.headers);
      if (check.status === 401) headers.set('www-authenticate', 'Bearer');
      return new Response(check.body, { status: check.status, headers });
    }
    await check.body?.cancel();
    if (c.req.method !== 'POST') {
      // Stateless: no server-initiated stream (GET) and no session to end (DELETE).
      return problem(405, 'method-not-allowed', 'Method not allowed', 'This MCP endpoint is stateless: send each JSON-RPC message with POST.', { allow: 'POST' });
    }
    await next();
  });

  app.post(
    '/',
    bodyLimit({
      maxSize: MCP_MAX_BODY_BYTES,
      onError: () => problem(413, 'too-large', 'Request too large', `MCP messages are at most ${MCP_MAX_BODY_BYTES / 1024} KiB.`),
    }),
    async (c) => {
      const api = northlightApi({
        baseUrl: `${new URL(c.req.url).origin}${apiPath}`,
        token: (c.req.header('authorization') ?? '').trim().replace(/^Bearer\s+/i, ''),
        fetch: (request) => Promise.resolve(options.fetchApi(request, c.env)),
        headers: forwardedHeaders(c.req.raw),
      });
      const server = createNorthlightMcpServer(api);
      const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true, maxRequestBodySize: MCP_MAX_BODY_BYTES });
      try {
        await server.connect(transport);
        const res = await transport.handleRequest(c.req.raw);
        res.headers.set('cache-control', 'no-store');
        return res;
      } finally {
        await server.close();
      }
    },
  );
  return app;
}
