/**
 * `npm run server`: the API (and the console, when built into dist-server/) on one port, on the
 * embedded database unless DATABASE_URL names a PostgreSQL server. Settings are environment
 * variables; the README lists them.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { createApp, prepareDatabase } from './app';
import { Contract } from './contract';
import { createDcgmExporter } from './dcgm-exporter';
import { DIRECT_READS } from './direct-reads';
import { openDatabase } from './db';
import { jsonLogger } from './log';
import { prometheusTelemetry } from './prometheus-telemetry';
import { RECOMMENDATION_READS } from './recommendation-reads';
import { trustedProxiesFrom } from './sign-in-limit';
import { startUsageReconciler } from './usage-reconciler';
import { startLiveRowsBuild } from './usage-reads';
import { stateReconciler } from './state-reconciler';
import { figureWatch } from './figure-watch';
import { startNotifyWorker } from './notify-worker';

const env = process.env;
const log = jsonLogger();

async function main(): Promise<void> {
  const dataDir = env.PGLITE_DIR ?? '.data/pglite';
  if (!env.DATABASE_URL) mkdirSync(dataDir, { recursive: true });
  const db = await openDatabase({ url: env.DATABASE_URL, dataDir });
  const { migrations, seeded } = await prepareDatabase(db, {
    seed: env.SEED_DEMO !== '0',
    demoPassword: env.DEMO_PASSWORD ?? 'northlight-demo',
    realNowMs: Date.now(),
  });
  const staticDir = env.STATIC_DIR ?? 'dist-server';
  const testOrganizations = env.ALLOW_TEST_ORGANIZATIONS === '1';
  if (testOrganizations && env.NODE_ENV === 'production') throw new Error('ALLOW_TEST_ORGANIZATIONS=1 is for tests: it lets anyone create an organization. Refused with NODE_ENV=production.');
  const app = createApp({
    db,
    contract: Contract.fromFile(),
    log,
    realNow: () => Date.now(),
    allowSimulation: env.ALLOW_SIMULATION === '1',
    telemetry: env.PROMETHEUS_URL ? prometheusTelemetry(env.PROMETHEUS_URL) : null,
    staticDir: existsSync(staticDir) ? staticDir : null,
    testOrganizations,
    trustedProxies: trustedProxiesFrom(env.TRUST_PROXY),
    partialWrites: env.PARTIAL_WRITES !== '0',
    // RECOMMENDATION_READS=0: recommendations on the full path (their evidence built in process), for comparison.
    ...(env.RECOMMENDATION_READS === '0' ? { directReads: DIRECT_READS.filter((e) => !RECOMMENDATION_READS.includes(e)) } : {}),
  });
  const hostname = env.HOST ?? '127.0.0.1';
  // Requests being answered: a stop lets them finish (up to a few seconds) before the database closes.
  let inFlight = 0;
  // The second argument carries the socket (the client's address for the sign-in limit).
  const fetch = async (request: Request, bindings: unknown) => {
    inFlight++;
    try {
      return await app.fetch(request, bindings);
    } finally {
      inFlight--;
    }
  };
  const server = serve({ fetch, port: Number(env.PORT ?? 8787), hostname }, (info) => {
    // Tests and scripts read the port from this line (PORT=0 picks a free one).
    console.log(`Northlight API listening on http://${hostname === '0.0.0.0' ? '127.0.0.1' : hostname}:${info.port}/api`);
    log.info('started', {
      port: info.port,
      database: db.description,
      migrations,
      seeded,
      console: existsSync(staticDir) ? staticDir : null,
      simulation: env.ALLOW_SIMULATION === '1',
      telemetry: env.PROMETHEUS_URL ?? 'simulator',
    });
  });
  // The usage rollup (server/usage-reconciler.ts): each organization's closed hours into
  // usage_hours/usage_days, every USAGE_ROLLUP_INTERVAL_S seconds (15) from USAGE_ROLLUP_DELAY_S
  // (30) after the start, two organizations at a time; USAGE_ROLLUP=0 turns it off (the
  // utilization reads then take the full path).
  const rollups =
    env.USAGE_ROLLUP === '0'
      ? null
      : startUsageReconciler({
          db,
          log,
          intervalS: Number(env.USAGE_ROLLUP_INTERVAL_S ?? 15),
          delayS: Number(env.USAGE_ROLLUP_DELAY_S ?? 30),
          ...(env.PROMETHEUS_URL ? { prometheusUrl: env.PROMETHEUS_URL } : {}),
        });
  // The open hour's utilization rows (server/usage-reads.ts) of the organizations read lately, built
  // every LIVE_ROWS_INTERVAL_S seconds (10), the next 5-minute period's a minute before it starts, so
  // no read builds the running pods' rows itself; 0 turns it off (reads build what they miss).
  const liveRowsIntervalS = Number(env.LIVE_ROWS_INTERVAL_S ?? 10);
  const liveRows = liveRowsIntervalS > 0 && !env.PROMETHEUS_URL ? startLiveRowsBuild({ db, log, intervalS: liveRowsIntervalS }) : null;
  // The cloud's reconcilers (auto-stop, budgets) for each organization someone is signed in to, in
  // the background (server/state-reconciler.ts), every RECONCILE_INTERVAL_S seconds (10); 0 turns
  // it off (requests then run them when due, loading the whole organization).
  const reconcileIntervalS = Number(env.RECONCILE_INTERVAL_S ?? 10);
  const reconcilers = reconcileIntervalS > 0 ? stateReconciler({ db, log, intervalS: reconcileIntervalS }) : null;
  // The watched figures (server/figure-watch.ts): egress past its thresholds hourly, recommendations
  // worth telling of daily, from the stored rows, off every request; looked at every
  // FIGURE_WATCH_INTERVAL_S seconds (30); 0 turns it off (nobody is told of them).
  const figureWatchIntervalS = Number(env.FIGURE_WATCH_INTERVAL_S ?? 30);
  const figures = figureWatchIntervalS > 0 ? figureWatch({ db, log, intervalS: figureWatchIntervalS }) : null;
  // Notifications (server/notify-worker.ts): the outbox's webhooks, and its e-mails over SMTP_URL
  // (without it they wait in the outbox), every NOTIFY_INTERVAL_S seconds (5); 0 turns it off.
  const notifyIntervalS = Number(env.NOTIFY_INTERVAL_S ?? 5);
  const notifier =
    notifyIntervalS > 0
      ? startNotifyWorker({
          db,
          log,
          ...(env.SMTP_URL ? { smtpUrl: env.SMTP_URL } : {}),
          from: env.NOTIFY_FROM ?? 'Northlight <notifications@northlight.example>',
          consoleUrl: env.CONSOLE_URL ?? `http://127.0.0.1:${env.PORT ?? 8787}`,
          intervalMs: notifyIntervalS * 1000,
        })
      : null;
  const exporter = env.DCGM_EXPORTER_PORT
    ? serve({ fetch: createDcgmExporter(db).fetch, port: Number(env.DCGM_EXPORTER_PORT), hostname }, (info) => log.info('dcgm-exporter started', { port: info.port }))
    : null;
  let closing: Promise<void> | null = null;
  const stop = () => {
    closing ??= new Promise<void>((resolve) => {
      exporter?.close();
      server.close();
      // Idle keep-alive connections would hold close() open.
      if ('closeIdleConnections' in server) server.closeIdleConnections();
      const deadline = Date.now() + 5000;
      const wait = () => (inFlight === 0 || Date.now() > deadline ? resolve() : setTimeout(wait, 20));
      wait();
    })
      .then(() => Promise.all([rollups?.stop(), liveRows?.stop(), reconcilers?.stop(), figures?.stop(), notifier?.stop()]))
      .then(() => db.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  log.error('could not start', { error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  process.exit(1);
});
