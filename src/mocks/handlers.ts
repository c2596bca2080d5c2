/**
 * The MSW handler: HTTP in, one call to the simulated cloud, HTTP out. Nothing else lives here.
 * One custom request handler serves every API path (the cloud routes by itself), which keeps
 * MSW's URL-pattern matcher out of the demo's first load.
 */
import { RequestHandler } from 'msw';
import type { CloudRequest, CloudResponse } from '../cloud/http';
import type { FaultConfig } from './fault-key';

export interface MockOptions {
  /** Added latency per request, so loading states are seen as they would be. */
  latencyMs?: number;
  /** Injected faults (mocks/faults.ts): errors, latency, lost answers; asked per request. */
  faults?: () => FaultConfig | null;
}

/** What the handler calls: the cloud's own `handle`, or the page's proxy to its Web Worker. */
export type CloudHandle = (req: CloudRequest) => Promise<CloudResponse>;

const API_PREFIX = '/api/v1/';

type Info = { header: string };

class CloudApiHandler extends RequestHandler<Info, undefined> {
  constructor(cloud: CloudHandle, options: MockOptions) {
    super({
      info: { header: `* ${API_PREFIX}*` },
      resolver: ({ request }) => answer(cloud, options, request),
    });
  }

  predicate({ request }: { request: Request }): boolean {
    return new URL(request.url).pathname.includes(API_PREFIX);
  }

  log(): void {
    // Quiet: the console's own network panel shows every request.
  }
}

async function answer(cloud: CloudHandle, options: MockOptions, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.slice(url.pathname.indexOf(API_PREFIX) + '/api'.length);
  const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      return json(400, { type: 'about:blank', title: 'Bad request', status: 400, detail: 'The request body is not valid JSON.' });
    }
  }
  if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
  const respond = async (): Promise<Response> => {
    const res = await cloud({ method: request.method, path, query: url.searchParams, headers: request.headers, body });
    if (res.body === undefined) return new Response(null, { status: res.status, headers: res.headers });
    return json(res.status, res.body, res.headers);
  };
  const faults = options.faults?.();
  if (!faults) return respond();
  // Fault injection is a test and demo tool: its code loads only when it is switched on.
  const { withFaults } = await import('./faults');
  return withFaults(faults, path, respond);
}

function json(status: number, body: unknown, extra: Record<string, string> = {}): Response {
  const headers = new Headers(extra);
  headers.set('content-type', status >= 400 ? 'application/problem+json' : 'application/json');
  return new Response(JSON.stringify(body), { status, headers });
}

export function cloudHandlers(cloud: CloudHandle, options: MockOptions = {}): RequestHandler[] {
  return [new CloudApiHandler(cloud, options)];
}
