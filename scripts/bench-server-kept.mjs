// Bench: the server again on a database that `bench:server --large --utilization --keep-database`
// kept (it prints the name): no seeding and no rollup to wait for, so a change to the reads is
// measured against the same 62 days of rows in seconds. Starts server/main.ts on it (the usage
// rollup off unless --rollup; --prof writes a CPU profile to .bench/prof), signs in as the large
// organization's admin and runs autocannon on each path (after --warm seconds), printing
// requests/s, p50, p99 and the slowest answer, then the server's memory (now and its peak).
// Usage: node scripts/bench-server-kept.mjs --db nl_bench_x [--duration 5] [--connections 10]
//        [--paths '/v1/pods?limit=50,/v1/utilization/summary?range=30d'] [--rollup] [--prof]
import autocannon from 'autocannon';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    prof: { type: 'boolean', default: false },
    rollup: { type: 'boolean', default: false },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    paths: { type: 'string', default: '/v1/utilization/summary?range=7d,/v1/utilization/summary?range=30d,/v1/pods?limit=50' },
    warm: { type: 'string', default: '2' },
  },
});
if (!values.db) throw new Error('--db NAME: a database kept by bench:server --large --utilization --keep-database');
const url = `${(process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres').replace(/\/[^/]*$/, '')}/${values.db}`;
const psql = (sql) => execFileSync('psql', [url, '-Atqc', sql], { encoding: 'utf8' }).trim();
const email = psql("SELECT u.email FROM users u JOIN organizations o ON o.id = u.org_id WHERE o.preset = 'large' AND u.role = 'admin' ORDER BY u.position LIMIT 1");
mkdirSync('.bench/prof', { recursive: true });
const child = spawn(process.execPath, [...(values.prof ? ['--cpu-prof', '--cpu-prof-dir=.bench/prof'] : []), '--import', 'tsx', 'server/main.ts'], {
  env: {
    ...process.env,
    DATABASE_URL: url,
    PORT: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    HOST: '127.0.0.1',
    ALLOW_TEST_ORGANIZATIONS: '1',
    ALLOW_SIMULATION: '1',
    NODE_ENV: 'development',
    USAGE_ROLLUP: values.rollup ? '1' : '0',
    USAGE_ROLLUP_INTERVAL_S: '1',
    USAGE_ROLLUP_DELAY_S: '0',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const api = await new Promise((resolve) => {
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    const m = /listening on (http:\/\/\S+\/api)/.exec(out);
    if (m) resolve(m[1]);
  });
});
const res = await fetch(`${api}/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'northlight-test-organization' }) });
if (res.status !== 200) throw new Error(`sign-in ${res.status}`);
const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
for (const path of values.paths.split(',')) {
  const t0 = Date.now();
  const first = await fetch(`${api}${path}`, { headers: { cookie } });
  const firstBody = await first.text();
  console.log(`${path}: first ${first.status} in ${Date.now() - t0} ms (${firstBody.length} bytes)`);
  const run = (seconds) => autocannon({ url: `${api}${path}`, connections: Number(values.connections), duration: seconds, headers: { cookie } });
  if (Number(values.warm) > 0) await run(Number(values.warm));
  const r = await run(Number(values.duration));
  console.log(`| ${path} | ${r.requests.average.toFixed(1)} req/s | p50 ${r.latency.p50} ms | p99 ${r.latency.p99} ms | max ${r.latency.max} ms | non-2xx ${r.non2xx + r.errors + r.timeouts} |`);
}
// The server's resident memory now and at its peak (Linux).
try {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kib = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  console.log(`server memory: rss ${(kib('VmRSS') / 1024).toFixed(0)} MiB, peak ${(kib('VmHWM') / 1024).toFixed(0)} MiB`);
} catch {
  // Not Linux: no /proc.
}
child.kill('SIGINT');
await new Promise((resolve) => child.once('exit', resolve));
