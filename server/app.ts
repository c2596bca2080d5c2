/**
 * The whole server as one Hono app: the API under /api and, when a console build is given
 * (VITE_API_BASE_URL=/api, see `npm run build:server`), its static files at /, so the session
 * cookie is same-origin. Also what the server needs at start: migrations and the seeded tenants.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { serveStatic } from '@hono/node-server/serve-static';
import { createApi, type ApiOptions } from './api';
import type { Database } from './db';
import { migrate } from './migrate';
import { seedTenants } from './tenants';
import { testOrganizationsApi } from './test-organizations';

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
  app.use('/api/*', bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) =>
      c.json({ type: 'https://northlight.example/problems/too-large', title: 'Request too large', status: 413, detail: `Request bodies are at most ${MAX_BODY_BYTES / 1024} KiB.` }, 413, {
        'content-type': 'application/problem+json',
      }),
  }));
  if (options.testOrganizations) app.route('/api/testing', testOrganizationsApi(options));
  app.route('/api', createApi(options));
  app.get('/healthz', (c) => c.text('ok'));
  const dir = options.staticDir ? resolve(options.staticDir) : null;
  if (dir && existsSync(resolve(dir, 'index.html'))) {
    app.use('*', async (c, next) => {
      await next();
      c.header('X-Content-Type-Options', 'nosniff');
      c.header('Referrer-Policy', 'same-origin');
      c.header('X-Frame-Options', 'DENY');
      // Hashed file names never change; the page itself is checked on every visit.
      c.header('Cache-Control', c.req.path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    });
    app.use('*', serveStatic({ root: dir }));
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
