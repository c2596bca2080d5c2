#!/usr/bin/env node
/**
 * The server's suite (vitest.server.config.ts) on both databases it supports: first on PGlite,
 * embedded, then on the PostgreSQL server named by TEST_DATABASE_URL (each test server gets a
 * database of its own there, dropped on close). Without TEST_DATABASE_URL it runs on PGlite only
 * and says so; with it but no server answering, it fails rather than pass on half the targets.
 *
 *   npm run test:server [-- vitest arguments]
 *   TEST_DATABASE_URL=postgres://root@127.0.0.1:5432/postgres npm run test:server
 *   TEST_TARGETS=pglite|postgres npm run test:server   (one of the two)
 */
import { spawnSync } from 'node:child_process';
import net from 'node:net';

const args = process.argv.slice(2);
const url = process.env.TEST_DATABASE_URL ?? '';
const only = process.env.TEST_TARGETS ?? '';

function vitest(label, env) {
  console.log(`\n--- server suite on ${label}`);
  const started = Date.now();
  const run = spawnSync('npx', ['vitest', 'run', '-c', 'vitest.server.config.ts', ...args], { stdio: 'inherit', env });
  console.log(`--- server suite on ${label}: ${run.status === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s`);
  return run.status ?? 1;
}

/** Whether something accepts connections at the URL's host and port (within 3 s). */
function answers(address) {
  const { hostname, port } = new URL(address);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname || '127.0.0.1', port: Number(port || 5432) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(3000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const withoutServer = { ...process.env };
delete withoutServer.TEST_DATABASE_URL;
let failed = 0;

if (only !== 'postgres') failed = vitest('PGlite (embedded)', withoutServer) || failed;

if (only !== 'pglite') {
  if (!url) {
    console.log('\n--- TEST_DATABASE_URL is not set: the server suite ran on PGlite only (set it to a PostgreSQL server to run it there too)');
  } else if (!(await answers(url))) {
    console.error(`\n--- TEST_DATABASE_URL names ${new URL(url).host}, where no server answers: start PostgreSQL or unset it`);
    failed = 1;
  } else {
    failed = vitest(`PostgreSQL (${new URL(url).host})`, { ...process.env }) || failed;
  }
}

process.exit(failed);
