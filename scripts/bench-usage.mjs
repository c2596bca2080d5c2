// Bench: the 30-day utilization summary of a 10,000-pod organization, answered by SQL over the
// usage rollup (server/usage-reads.ts, rows by server/usage-reconciler.ts; issue 14).
// Starts `server/main.ts` (ALLOW_TEST_ORGANIZATIONS=1) on a fresh embedded database, or with
// DATABASE_URL on a scratch database created on that PostgreSQL server (dropped after), makes a
// large organization (POST /api/testing/organizations {"preset":"large"}), waits until the
// background reconciler has rolled up its history (its "usage rolled up … complete" log line),
// signs in as its admin and runs autocannon on loopback against GET /v1/utilization/summary?range=30d.
// Prints the rollup's time, hours and rows, requests/s, p50 and p99, and the server's RSS.
// Usage: node scripts/bench-usage.mjs [--duration 10] [--connections 10] [--path /v1/utilization/summary?range=30d]
// --compare-env NAME=VALUE (repeatable): then the same paths again through a second server on the
// same database started with those settings (e.g. RECOMMENDATION_READS=0: the full path), for a
// before/after on one rolled-up organization.
import autocannon from 'autocannon';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    path: { type: 'string', multiple: true, default: ['/v1/utilization/summary?range=30d'] },
    timeout: { type: 'string', default: '3600' },
    'compare-env': { type: 'string', multiple: true, default: [] },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const dataDir = mkdtempSync(join(tmpdir(), 'nl-bench-usage-'));

let benchDb = null;
let databaseUrl = process.env.DATABASE_URL;
const psql = (sql) => execFileSync('psql', [process.env.DATABASE_URL, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { stdio: ['ignore', 'ignore', 'inherit'] });
if (databaseUrl) {
  benchDb = `nl_bench_usage_${randomBytes(4).toString('hex')}`;
  psql(`CREATE DATABASE ${benchDb}`);
  const url = new URL(databaseUrl);
  url.pathname = `/${benchDb}`;
  databaseUrl = url.toString();
}

const spawnServer = (extraEnv = {}) => spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
  env: {
    ...process.env,
    ...extraEnv,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    PORT: '0',
    PGLITE_DIR: dataDir,
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    ALLOW_TEST_ORGANIZATIONS: '1',
    NODE_ENV: 'development',
    USAGE_ROLLUP_INTERVAL_S: '2',
    USAGE_ROLLUP_DELAY_S: '0',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let child = spawnServer();
let stopped = false;
const stop = () => {
  if (stopped) return;
  stopped = true;
  if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  if (benchDb) {
    try {
      psql(`DROP DATABASE IF EXISTS ${benchDb} WITH (FORCE)`);
    } catch {
      console.error(`could not drop the bench database ${benchDb}`);
    }
  }
};
process.on('exit', stop);
process.on('SIGINT', () => process.exit(130));

/** The reconciler's log lines, per organization: hours and rows so far, and when it said complete. */
const rollups = new Map();
const waiters = [];
createInterface({ input: child.stderr }).on('line', (line) => {
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return;
  }
  if (entry.level === 'error') console.error(line);
  if (entry.message !== 'usage rolled up') return;
  const r = rollups.get(entry.org) ?? { hours: 0, rows: 0, completeAt: null };
  r.hours += entry.hours;
  r.rows += entry.rows;
  if (entry.complete && r.completeAt === null) r.completeAt = Date.now();
  rollups.set(entry.org, r);
  for (const w of waiters.splice(0)) w();
});

const listening = (c) =>
  new Promise((resolve, reject) => {
    let out = '';
    c.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+\/api)/.exec(out);
      if (m) resolve(m[1]);
    });
    c.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });
let api = await listening(child);

function rss() {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return `${(kb('VmRSS') / 1024).toFixed(0)} MiB (peak ${(kb('VmHWM') / 1024).toFixed(0)} MiB)`;
  } catch {
    return 'n/a';
  }
}

const created = Date.now();
const res = await fetch(`${api}/testing/organizations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ preset: 'large' }) });
if (res.status !== 201) throw new Error(`could not create the large organization: ${res.status} ${await res.text()}`);
const org = await res.json();
console.log(`large organization ${org.organizationId} created in ${((Date.now() - created) / 1000).toFixed(1)} s`);

const deadline = Date.now() + Number(values.timeout) * 1000;
let lastReport = Date.now();
while (rollups.get(org.organizationId)?.completeAt == null) {
  if (Date.now() > deadline) throw new Error('the rollup did not complete in time');
  await new Promise((resolve) => {
    waiters.push(resolve);
    setTimeout(resolve, 5000);
  });
  if (Date.now() - lastReport > 30_000) {
    const r = rollups.get(org.organizationId);
    console.log(`  … rollup after ${((Date.now() - created) / 1000).toFixed(0)} s: ${r?.hours ?? 0} hours, ${r?.rows ?? 0} rows; RSS ${rss()}`);
    lastReport = Date.now();
  }
}
const rolled = rollups.get(org.organizationId);
console.log(`rollup complete ${((rolled.completeAt - created) / 1000).toFixed(1)} s after creation: ${rolled.hours} organization-hours, ${rolled.rows.toLocaleString('en')} GPU-hour rows; server RSS ${rss()}`);

const admin = org.users.find((u) => u.role === 'admin');
async function signInAdmin() {
  const signIn = await fetch(`${api}/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: admin.email, password: org.password }) });
  if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
  return signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}
let cookie = await signInAdmin();

const where = databaseUrl ? `PostgreSQL (scratch database ${benchDb})` : 'PGlite, fresh data directory';
console.log(`server: ${where}; 10,000-pod organization; ${connections} connections, ${duration} s each, loopback, after a 2 s warm-up`);
console.log('| request | first call | requests/s (mean) | latency p50 | latency p99 | non-2xx | server RSS after |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
async function benchPaths(label) {
for (const path of values.path) {
  const t = Date.now();
  const first = await fetch(`${api}${path}`, { headers: { cookie } });
  const body = await first.json();
  const firstMs = Date.now() - t;
  if (first.status !== 200) throw new Error(`${path}: ${first.status} ${JSON.stringify(body)}`);
  const run = (seconds) => autocannon({ url: `${api}${path}`, connections, duration: seconds, headers: { cookie } });
  await run(2);
  const r = await run(duration);
  console.log(`| GET ${path} (${label}) | ${firstMs} ms | ${r.requests.average.toFixed(1)} | ${r.latency.p50} ms | ${r.latency.p99} ms | ${r.non2xx + r.errors + r.timeouts} | ${rss()} |`);
  if (body.podCount !== undefined) console.log(`  (${body.podCount} pods ran; spend $${(body.current.spendCents / 100).toFixed(2)}, waste $${(body.current.wasteCents / 100).toFixed(2)})`);
  if (body.totalMonthlySavingsCents !== undefined) console.log(`  (${label}: ${body.total} recommendations, $${(body.totalMonthlySavingsCents / 100).toFixed(2)} a month; ${body.podsAwaitingData} pods awaiting data)`);
}
}
await benchPaths('as configured');
if (values['compare-env'].length > 0) {
  const extra = Object.fromEntries(values['compare-env'].map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  await new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  child = spawnServer(extra);
  api = await listening(child);
  cookie = await signInAdmin();
  console.log(`again, a server on the same database with ${values['compare-env'].join(' ')}:`);
  await benchPaths(values['compare-env'].join(' '));
}
stop();
process.exit(0);
