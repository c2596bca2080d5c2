// Bench: the real server under local load. Starts `server/main.ts` on a fresh embedded database
// (or DATABASE_URL's PostgreSQL, which it then seeds if empty) on a free port, signs in as
// Lumen's admin, and runs autocannon on loopback against listing pods and the utilization
// summary. Every request does the full work of one: session lookup, the organization's state
// loaded from its tables, the cloud service's answer, contract validation of the answer.
// Usage: npm run bench:server [-- --duration 10 --connections 10]
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' } } });
const duration = Number(values.duration);
const connections = Number(values.connections);
const dataDir = mkdtempSync(join(tmpdir(), 'nl-bench-'));
const password = process.env.DEMO_PASSWORD ?? 'bench-password';

const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
  env: { ...process.env, PORT: '0', PGLITE_DIR: dataDir, LOG_LEVEL: 'error', DEMO_PASSWORD: password, NODE_ENV: 'production', HOST: '127.0.0.1' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const stop = () => {
  if (child.exitCode === null) child.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
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

const signIn = await fetch(`${api}/v1/auth/sign-in`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: 'maya@lumen.example', password }),
});
if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

const targets = [
  ['GET /v1/pods', '/v1/pods'],
  ['GET /v1/utilization/summary', '/v1/utilization/summary?range=7d'],
];

console.log(`server: ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'PGlite, fresh data directory'}; ${connections} connections, ${duration} s each, loopback, after a 2 s warm-up`);
console.log('| request | requests/s (mean) | latency p50 | latency p99 | non-2xx |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const [label, path] of targets) {
  const run = (seconds) => autocannon({ url: `${api}${path}`, connections, duration: seconds, headers: { cookie } });
  await run(2);
  const r = await run(duration);
  console.log(`| ${label} | ${r.requests.average.toFixed(0)} | ${r.latency.p50} ms | ${r.latency.p99} ms | ${r.non2xx + r.errors} |`);
}
stop();
process.exit(0);
