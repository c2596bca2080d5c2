/**
 * Servers for tests: the whole app on an ephemeral port over a fresh in-memory PGlite, migrated
 * and seeded with both tenants, and a small client that signs in and carries its cookies and
 * CSRF token like the console does. Real time is pinned (0) unless a test says otherwise, so the
 * simulated clock moves only when a test advances it, as in the mock's tests.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { createApp, prepareDatabase } from '../app';
import { Contract } from '../contract';
import { openDatabase, type Database } from '../db';
import { memoryLogger, type Logger } from '../log';
import type { TelemetrySource } from '../prometheus-telemetry';
import { CSRF_COOKIE } from '../sessions';

export const DEMO_PASSWORD = 'test-password';
export const TEST_REAL_NOW = 0;

let template: Promise<Blob> | null = null;

/**
 * A migrated, seeded database: a copy of one PGlite template per test process (initdb takes
 * seconds), or with TEST_DATABASE_URL a new database on that PostgreSQL server, dropped on close.
 */
export async function freshDatabase(): Promise<Database> {
  const server = process.env.TEST_DATABASE_URL;
  if (server) return freshPostgres(server);
  template ??= (async () => {
    const db = await openDatabase({});
    await prepareDatabase(db, { seed: true, demoPassword: DEMO_PASSWORD, realNowMs: TEST_REAL_NOW });
    const dump = await db.dump?.();
    await db.close();
    if (!dump) throw new Error('the test database cannot be dumped');
    return dump;
  })();
  return openDatabase({ loadDataDir: await template });
}

async function freshPostgres(serverUrl: string): Promise<Database> {
  const name = `nl_test_${randomBytes(6).toString('hex')}`;
  const admin = await openDatabase({ url: serverUrl });
  await admin.exec(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString() });
  await prepareDatabase(db, { seed: true, demoPassword: DEMO_PASSWORD, realNowMs: TEST_REAL_NOW });
  return {
    ...db,
    close: async () => {
      await db.close();
      await admin.exec(`DROP DATABASE ${name}`);
      await admin.close();
    },
  };
}

export interface TestServerOptions {
  db?: Database;
  allowSimulation?: boolean;
  telemetry?: TelemetrySource | null;
  realNow?: () => number;
  /** Wall-clock time for sessions and the sign-in limit (default: the real one). */
  wallNow?: () => number;
  /** See ApiOptions.trustedProxies. */
  trustedProxies?: number;
  contract?: Contract;
  log?: Logger;
  staticDir?: string;
  nodeEnv?: string;
  testOrganizations?: boolean;
  /** See ApiOptions.partialWrites. */
  partialWrites?: boolean;
}

export interface TestServer {
  url: string;
  /** The app itself, for requests a real client cannot make (another Host header). */
  app: Hono;
  db: Database;
  log: ReturnType<typeof memoryLogger> | Logger;
  client(): ApiClient;
  signIn(email: string, password?: string): Promise<ApiClient>;
  close(): Promise<void>;
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface ApiClient {
  cookie: string;
  csrf: string;
  call<T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer<T>>;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const db = options.db ?? (await freshDatabase());
  const log = options.log ?? memoryLogger();
  const app = createApp({
    db,
    contract: options.contract ?? Contract.fromFile(),
    log,
    realNow: options.realNow ?? (() => TEST_REAL_NOW),
    allowSimulation: options.allowSimulation ?? true,
    telemetry: options.telemetry ?? null,
    staticDir: options.staticDir ?? null,
    testOrganizations: options.testOrganizations ?? false,
    ...(options.nodeEnv ? { nodeEnv: options.nodeEnv } : {}),
    ...(options.wallNow ? { wallNow: options.wallNow } : {}),
    ...(options.trustedProxies ? { trustedProxies: options.trustedProxies } : {}),
    ...(options.partialWrites === false ? { partialWrites: false } : {}),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  // A test may pause longer than Node's 5 s keep-alive (a schema compile on a loaded machine): the
  // server must not close the idle connection the client is about to reuse ("other side closed").
  if ('keepAliveTimeout' in server) {
    server.keepAliveTimeout = 120_000;
    server.headersTimeout = 121_000;
  }
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = (cookie = '', csrf = ''): ApiClient => ({
    cookie,
    csrf,
    async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
      const res = await fetch(`${url}/api${path}`, {
        method,
        // Single sign-on's legs answer with redirects: a test looks at them, it does not follow.
        redirect: 'manual',
        headers: {
          ...(cookie ? { cookie } : {}),
          ...(csrf && method !== 'GET' ? { 'X-CSRF-Token': csrf } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
    },
  });
  return {
    url,
    app,
    db,
    log,
    client: () => client(),
    async signIn(email, password = DEMO_PASSWORD) {
      const res = await client().call('POST', '/v1/auth/sign-in', { email, password });
      if (res.status !== 200) throw new Error(`sign-in as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
      const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0] ?? '');
      const csrf = cookies.find((c) => c.startsWith(`${CSRF_COOKIE}=`))?.slice(`${CSRF_COOKIE}=`.length) ?? '';
      return client(cookies.join('; '), csrf);
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      if (!options.db) await db.close();
    },
  };
}
