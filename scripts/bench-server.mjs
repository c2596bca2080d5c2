// Bench: the real server under local load. Starts `server/main.ts` on a fresh embedded database
// (or DATABASE_URL's PostgreSQL, which it then seeds if empty) on a free port, signs in as
// Lumen's admin, and runs autocannon on loopback against listing pods and the utilization
// summary. Every request does the full work of one: session lookup, the organization's state
// (or, for the reads server/direct-reads.ts answers, the rows the answer needs), the cloud
// service's answer, contract validation of the answer.
//
// --large: a 10,000-pod organization made through the testing endpoint (the server runs with
// ALLOW_TEST_ORGANIZATIONS=1 and ALLOW_SIMULATION=1, so not NODE_ENV=production), its admin
// signed in, and the first page of its pods and its session under load. With DATABASE_URL, a
// fresh database is created on that server for the run (and dropped after), so runs compare.
// With --large, writes too: a PATCH, keep-running, stop and start of running pods, launches.
// Prints requests/s, p50, p99 and the server's resident memory (now and its peak).
// Usage: npm run bench:server [-- --duration 10 --connections 10] [-- --large [--utilization | --due-figures] [--keep-database]]
import autocannon from 'autocannon';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    large: { type: 'boolean', default: false },
    'due-figures': { type: 'boolean', default: false },
    utilization: { type: 'boolean', default: false },
    'keep-database': { type: 'boolean', default: false },
  },
});
// --due-figures (with --large and DATABASE_URL): before each request's run, the large organization's
// watched-figure marks (server/figure-watch.ts) are set back a day, so its egress and recommendation
// checks are due while the requests run (the job looks every second); each row says whether a check ran.
const dueFigures = values['due-figures'];
// --utilization (with --large and DATABASE_URL): the server rolls the large organization's usage up
// (server/usage-reconciler.ts, a round a second), the bench waits for its 62 days of history
// (printing the rollup's progress and time), then puts the 7- and 30-day utilization summaries
// under load: SQL sums over usage_days and usage_hours.
const utilization = values.utilization;
if (utilization && !(values.large && process.env.DATABASE_URL)) throw new Error('--utilization needs --large and DATABASE_URL');
if (dueFigures && !(values.large && process.env.DATABASE_URL)) throw new Error('--due-figures needs --large and DATABASE_URL');
const duration = Number(values.duration);
const connections = Number(values.connections);
const large = values.large;
const dataDir = mkdtempSync(join(tmpdir(), 'nl-bench-'));
const password = process.env.DEMO_PASSWORD ?? 'bench-password';

/** --large on PostgreSQL: a database of its own on DATABASE_URL's server. */
let benchDb = null;
let databaseUrl = process.env.DATABASE_URL;
const psql = (sql) => execFileSync('psql', [process.env.DATABASE_URL, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { stdio: ['ignore', 'ignore', 'inherit'] });
if (large && databaseUrl) {
  benchDb = `nl_bench_${randomBytes(4).toString('hex')}`;
  psql(`CREATE DATABASE ${benchDb}`);
  const url = new URL(databaseUrl);
  url.pathname = `/${benchDb}`;
  databaseUrl = url.toString();
}

const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
  env: {
    ...process.env,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    PORT: '0',
    PGLITE_DIR: dataDir,
    LOG_LEVEL: 'error',
    DEMO_PASSWORD: password,
    HOST: '127.0.0.1',
    ...(large ? { ALLOW_TEST_ORGANIZATIONS: '1', ALLOW_SIMULATION: '1', NODE_ENV: 'development' } : { NODE_ENV: 'production' }),
    ...(dueFigures ? { FIGURE_WATCH_INTERVAL_S: '1' } : {}),
    ...(utilization ? { USAGE_ROLLUP: '1', USAGE_ROLLUP_INTERVAL_S: '1', USAGE_ROLLUP_DELAY_S: '0' } : {}),
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let stopped = false;
const stop = () => {
  if (stopped) return;
  stopped = true;
  if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  if (benchDb && values['keep-database']) console.log(`kept the bench database ${benchDb} (DROP DATABASE ${benchDb} when done)`);
  else if (benchDb) {
    try {
      psql(`DROP DATABASE IF EXISTS ${benchDb} WITH (FORCE)`);
    } catch {
      console.error(`could not drop the bench database ${benchDb}`);
    }
  }
};
process.on('exit', stop);

const api = await new Promise((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    const m = /listening on (http:\/\/\S+\/api)/.exec(out);
    if (m) resolve(m[1]);
  });
  child.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
});

/** The server's resident memory, now and its peak (Linux). */
function rss() {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return `${(kb('VmRSS') / 1024).toFixed(0)} MiB (peak ${(kb('VmHWM') / 1024).toFixed(0)} MiB)`;
  } catch {
    return 'n/a';
  }
}

/**
 * Writes on the large organization (--large): one PATCH of a stopped pod (auto-stop 60/120
 * minutes, alternating), keep-running on running pods with auto-stop, a stop of distinct running
 * pods (each once, then again: a stop of a stopping pod answers it as it is), then, once they
 * have stopped, a start of the same pods, and launches (a fresh Idempotency-Key and name each).
 */
async function writeTargets(cookie) {
  const csrf = /(?:^|; )[^=;]*csrf[^=;]*=([^;]+)/i.exec(cookie)?.[1] ?? '';
  const headers = { cookie, 'x-csrf-token': decodeURIComponent(csrf), 'content-type': 'application/json' };
  const page = async (query) => (await (await fetch(`${api}/v1/pods?${query}`, { headers: { cookie } })).json()).items ?? [];
  const stopped = (await page('status=stopped&limit=1'))[0];
  const running = [];
  for (let cursor = null, i = 0; i < 4; i++) {
    const res = await (await fetch(`${api}/v1/pods?status=running&limit=500${cursor ? `&cursor=${cursor}` : ''}`, { headers: { cookie } })).json();
    running.push(...res.items);
    cursor = res.nextCursor;
    if (!cursor) break;
  }
  const withAutoStop = running.filter((p) => p.autoStopIdleMinutes !== null);
  const [project] = (await (await fetch(`${api}/v1/projects`, { headers: { cookie } })).json()).items ?? [];
  const cycle = (ids, path) => {
    let i = 0;
    return (req) => ({ ...req, path: path(ids[i++ % ids.length]) });
  };
  let patch = 0;
  let launch = 0;
  const launchBody = (n) => JSON.stringify({
    name: `bench-${process.pid}-${n}`, projectId: project?.id, gpuTypeId: 'l4', gpuCount: 1, regionId: ['ca-mtl-1', 'ca-tor-1', 'se-bod-1', 'py-itp-1'][n % 4],
    imageId: 'pytorch-2.9-cuda12.8', diskGb: 100, autoStopIdleMinutes: null, sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf bench@host',
  });
  const stopIds = running.map((p) => p.id);
  console.log(`write targets: stopped pod ${stopped?.id}, ${running.length} running pods (${withAutoStop.length} with auto-stop), project ${project?.id}`);
  const probe = await fetch(`${api}/v1/pods/${stopped?.id}`, { method: 'PATCH', headers, body: JSON.stringify({ autoStopIdleMinutes: 120 }) });
  if (probe.status !== 200) console.log(`a write answers ${probe.status}: ${(await probe.text()).slice(0, 300)}`);
  return [
    ['PATCH /v1/pods/{stopped} (auto-stop)', `/v1/pods/${stopped?.id}`, {
      method: 'PATCH', headers, setupRequest: (req) => ({ ...req, body: JSON.stringify({ autoStopIdleMinutes: patch++ % 2 === 0 ? 60 : 120 }) }),
    }],
    ['POST /v1/pods/{running}/keep-running', '/v1/pods/{id}/keep-running', {
      method: 'POST', headers, body: JSON.stringify({ snoozeMinutes: 30 }), setupRequest: cycle(withAutoStop.map((p) => p.id), (id) => `/api/v1/pods/${id}/keep-running`),
    }],
    ['POST /v1/pods/{running}/stop (distinct pods)', '/v1/pods/{id}/stop', {
      method: 'POST', headers, setupRequest: cycle(stopIds, (id) => `/api/v1/pods/${id}/stop`), waitAfterMs: 10_000,
    }],
    ['POST /v1/pods/{stopped}/start (the same pods)', '/v1/pods/{id}/start', {
      method: 'POST', headers, setupRequest: cycle(stopIds, (id) => `/api/v1/pods/${id}/start`),
    }],
    ['POST /v1/pods (launch)', '/v1/pods', {
      method: 'POST', headers, setupRequest: (req) => {
        const n = launch++;
        return { ...req, headers: { ...req.headers, 'idempotency-key': `bench-${process.pid}-${n}` }, body: launchBody(n) };
      },
    }],
  ];
}

async function signInAs(email, pass) {
  const res = await fetch(`${api}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: pass }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

/** A read-only API token of the signed-in user (issue 15): the same reads as a script makes them. */
async function readOnlyToken(cookieHeader) {
  const csrf = /__Host-nl_csrf=([^;]+)/.exec(cookieHeader)?.[1] ?? '';
  const res = await fetch(`${api}/v1/api-tokens`, {
    method: 'POST',
    headers: { cookie: cookieHeader, 'content-type': 'application/json', 'x-csrf-token': csrf },
    body: JSON.stringify({ name: `bench-${process.pid}`, kind: 'personal', role: 'admin', projectIds: null, readOnly: true, expiresInDays: 1 }),
  });
  if (res.status !== 201) throw new Error(`could not create a token: ${res.status} ${await res.text()}`);
  return (await res.json()).secret;
}

/** Reads added by issue 15: the audit log's first page, and the pods' first page with an API token. */
async function accessTargets(cookieHeader) {
  const secret = await readOnlyToken(cookieHeader);
  return [
    ['GET /v1/audit-log?limit=50', '/v1/audit-log?limit=50'],
    ['GET /v1/pods?limit=50 (API token)', '/v1/pods?limit=50', null, { authorization: `Bearer ${secret}` }],
  ];
}

let cookie;
let targets;
let largeOrgId = null;
const psqlBench = (sql) => execFileSync('psql', [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-Atqc', sql], { encoding: 'utf8' }).trim();
/** Sets the large organization's figure marks back a day: both checks are due. */
function figuresDue() {
  psqlBench(`INSERT INTO figure_watch (org_id, anchor_ms, egress_hour_ms, recommendation_day_ms)
    SELECT id, anchor_ms, anchor_ms - 86400000, anchor_ms - 2 * 86400000 FROM organizations WHERE id = '${largeOrgId}'
    ON CONFLICT (org_id) DO UPDATE SET egress_hour_ms = figure_watch.egress_hour_ms - 86400000, recommendation_day_ms = figure_watch.recommendation_day_ms - 86400000`);
  return psqlBench(`SELECT egress_hour_ms || '/' || recommendation_day_ms FROM figure_watch WHERE org_id = '${largeOrgId}'`);
}
/**
 * Waits until the organization's rollup holds its history (62 days back from the closed hours,
 * LARGE_HISTORY_DAYS), printing its progress; then the reads are SQL sums over stored rows.
 */
async function rolledUp(orgId) {
  const started = Date.now();
  const wanted = 61 * 86_400_000;
  for (let last = '';;) {
    const mark = psqlBench(`SELECT rolled_from_ms || '/' || rolled_until_ms FROM usage_rollup_marks WHERE org_id = '${orgId}'`);
    const [from, until] = mark.split('/').map(Number);
    const days = mark ? (until - from) / 86_400_000 : 0;
    if (mark !== last) console.log(`  rollup after ${((Date.now() - started) / 1000).toFixed(0)} s: ${days.toFixed(1)} days stored; server RSS ${rss()}`);
    if (mark && until - from >= wanted) break;
    last = mark;
    await new Promise((resolve) => setTimeout(resolve, 5_000));
  }
  const [rows] = psqlBench(`SELECT (SELECT count(*) FROM usage_hours WHERE org_id = '${orgId}') || ' hour rows, ' || (SELECT count(*) FROM usage_days WHERE org_id = '${orgId}') || ' day rows'`).split('\n');
  console.log(`usage rolled up: 61 days in ${((Date.now() - started) / 1000).toFixed(0)} s (${rows})`);
}

if (large) {
  const started = Date.now();
  const res = await fetch(`${api.replace(/\/api$/, '')}/api/testing/organizations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ preset: 'large' }),
  });
  if (res.status !== 201) throw new Error(`could not create the large organization: ${res.status} ${await res.text()}`);
  const org = await res.json();
  const admin = org.users.find((u) => u.role === 'admin');
  largeOrgId = org.organizationId;
  console.log(`large organization ${org.organizationId} created in ${((Date.now() - started) / 1000).toFixed(1)} s; server RSS ${rss()}`);
  cookie = await signInAs(admin.email, org.password);
  const first = await fetch(`${api}/v1/pods?limit=50`, { headers: { cookie } });
  const body = await first.json();
  console.log(`GET /v1/pods?limit=50: ${first.status}, total ${body.total}, ${body.items?.length} items`);
  // The console's pod page: its first visit sets up the organization's auto-stop watches (once,
  // on the full path), which the reconcilers otherwise do within the first simulated minute.
  const started2 = Date.now();
  const pod = await fetch(`${api}/v1/pods/${body.items?.[0]?.id}`, { headers: { cookie } });
  console.log(`GET /v1/pods/{id} (first visit): ${pod.status} in ${((Date.now() - started2) / 1000).toFixed(1)} s`);
  targets = utilization
    ? [
        ['GET /v1/utilization/summary?range=7d', '/v1/utilization/summary?range=7d'],
        ['GET /v1/utilization/summary?range=30d', '/v1/utilization/summary?range=30d'],
      ]
    : [
        ['GET /v1/pods?limit=50', '/v1/pods?limit=50'],
        ['GET /v1/session', '/v1/session'],
        ...(await accessTargets(cookie)),
        ...(await writeTargets(cookie)),
      ];
  if (utilization) await rolledUp(largeOrgId);
} else {
  cookie = await signInAs('maya@lumen.example', password);
  targets = [
    ['GET /v1/pods', '/v1/pods'],
    ['GET /v1/pods?limit=50', '/v1/pods?limit=50'],
    ['GET /v1/utilization/summary', '/v1/utilization/summary?range=7d'],
    ...(await accessTargets(cookie)),
  ];
}

const where = databaseUrl ? `PostgreSQL (${benchDb ? `fresh database ${benchDb}` : 'DATABASE_URL'})` : 'PGlite, fresh data directory';
console.log(`server: ${where}; ${large ? '10,000-pod organization; ' : ''}${connections} connections, ${duration} s each, loopback, after a 2 s warm-up`);
if (dueFigures) console.log('figure checks due before each run (marks set back a day); "checked": the egress check ran, and the recommendation one, during the run');
console.log(`| request | requests/s (mean) | latency p50 | latency p99 | non-2xx | server RSS after |${dueFigures ? ' checked |' : ''}`);
console.log(`| --- | ---: | ---: | ---: | ---: | ---: |${dueFigures ? ' --- |' : ''}`);
for (const [label, path, write, headers] of targets) {
  const { waitAfterMs = 0, ...request } = write ?? {};
  const run = (seconds) =>
    autocannon({ url: `${api}${path}`, connections, duration: seconds, headers: headers ?? { cookie }, ...(write ? { requests: [request] } : {}) });
  const marks = dueFigures ? figuresDue().split('/') : null;
  await run(2);
  const r = await run(duration);
  let checked = '';
  if (marks) {
    const [egress, day] = psqlBench(`SELECT egress_hour_ms || '/' || recommendation_day_ms FROM figure_watch WHERE org_id = '${largeOrgId}'`).split('/');
    checked = ` ${egress !== marks[0] ? 'egress' : 'no egress'}, ${day !== marks[1] ? 'recommendations' : 'recommendations waiting'} |`;
  }
  console.log(`| ${label} | ${r.requests.average.toFixed(1)} | ${r.latency.p50} ms | ${r.latency.p99} ms | ${r.non2xx + r.errors + r.timeouts} | ${rss()} |${checked}`);
  if (waitAfterMs > 0) await new Promise((resolve) => setTimeout(resolve, waitAfterMs));
}
stop();
process.exit(0);
