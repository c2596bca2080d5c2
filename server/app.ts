/**
 * The whole server as one Hono app: the API under /api and, when a console build is given
 * (VITE_API_BASE_URL=/api, see `npm run build:server`), its static files at /, so the session
 * cookie is same-origin. Also what the server needs at start: migrations and the seeded tenants.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { serveStatic } from '@hono/node-server/serve-static';
import { createApi, type ApiOptions } from './api';
import type { Database } from './db';
import { contentSecurityPolicy, PERMISSIONS_POLICY, STRICT_TRANSPORT_SECURITY } from './hardening';
import { migrate } from './migrate';
import { seedTenants } from './tenants';
import { testOrganizationsApi } from './test-organizations';
import { mcpHttp } from '../mcp/http';

export interface AppOptions extends ApiOptions {
  /** A console build to serve at / (absent or missing: API only). */
  staticDir?: string | null;
  /** Serve POST /api/testing/organizations (a fresh organization per Playwright journey); never in production. */
  testOrganizations?: boolean;
}

/** JSON bodies of this API are small; refuse anything larger before reading it. */
const MAX_BODY_BYTES = 256 * 1024;

export function createApp(options: AppOptions): Hono {
  const app = new Hono();
  // In production the console is only ever reached over https (TLS at the Ingress): browsers remember to stay there.
  if ((options.nodeEnv ?? process.env.NODE_ENV) === 'production') {
    app.use('*', async (c, next) => {
      await next();
      c.header('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
    });
  }
  app.use('/api/*', bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) =>
      c.json({ type: 'https://northlight.example/problems/too-large', title: 'Request too large', status: 413, detail: `Request bodies are at most ${MAX_BODY_BYTES / 1024} KiB.` }, 413, {
        'content-type': 'application/problem+json',
      }),
  }));
  if (options.testOrganizations) app.route('/api/testing', testOrganizationsApi(options));
  // --- MCP server (issue 16, mcp/http.ts): Streamable HTTP at /api/mcp behind an API token; its tools call
  // this app's own /api/v1/... in process with the caller's Authorization header (tenancy, read-only, audit log).
  app.route('/api/mcp', mcpHttp({ fetchApi: (request, env) => app.fetch(request, env as Parameters<typeof app.fetch>[1]) }));
  // --- end MCP
  app.route('/api', createApi(options));
  app.get('/healthz', (c) => c.text('ok'));
  const dir = options.staticDir ? resolve(options.staticDir) : null;
  if (dir && existsSync(resolve(dir, 'index.html'))) {
    // The policy the build wrote into the page's meta tag, as a header with frame-ancestors (server/hardening.ts).
    const policy = contentSecurityPolicy(readFileSync(resolve(dir, 'index.html'), 'utf8'));
    app.use('*', async (c, next) => {
      await next();
      c.header('X-Content-Type-Options', 'nosniff');
      c.header('Referrer-Policy', 'same-origin');
      c.header('X-Frame-Options', 'DENY');
      c.header('Permissions-Policy', PERMISSIONS_POLICY);
      if (c.res.headers.get('content-type')?.startsWith('text/html')) c.header('Content-Security-Policy', policy);
      // Hashed file names never change; the page itself is checked on every visit.
      c.header('Cache-Control', c.req.path.startsWith('/assets/') && c.res.status === 200 ? 'public, max-age=31536000, immutable' : 'no-cache');
    });
    // The build's Brotli and gzip copies (vite.config.ts, precompress) to a browser that accepts them.
    app.use('*', serveStatic({ root: dir, precompressed: true }));
    // A file of another build (a page open across a deploy asks for its old chunk): 404, never the page
    // under an asset's name, which the browser would run as script or cache for a year.
    app.get('/assets/*', (c) =>
      c.json(
        { type: 'https://northlight.example/problems/not-found', title: 'Not found', status: 404, detail: `There is no file at ${c.req.path}. The console may have been updated since this page loaded: reload it.` },
        404,
        { 'content-type': 'application/problem+json' },
      ),
    );
    // Client-side routes (/pods/pod-123) get the console's page; the router takes it from there.
    app.get('*', async (c) => c.html(await readFile(resolve(dir, 'index.html'), 'utf8')));
  }
  return app;
}

export interface StartOptions {
  /** Seed the demo tenants into an empty database. */
  seed: boolean;
  demoPassword: string;
  realNowMs: number;
}

/** Brings the schema up to date and seeds an empty database. */
export async function prepareDatabase(db: Database, options: StartOptions): Promise<{ migrations: string[]; seeded: boolean }> {
  const migrations = await migrate(db);
  const seeded = options.seed ? await seedTenants(db, { realNowMs: options.realNowMs, password: options.demoPassword }) : false;
  return { migrations, seeded };
}
