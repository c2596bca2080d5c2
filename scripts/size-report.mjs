// Reports the JavaScript a first visit to the Overview downloads (gzip -9), for the demo build
// (dist/) and the real-API build (dist-real/), measured in a real browser: what it fetched, not
// what we think. Two figures per build:
//   initial  — scripts requested before the Overview's headline figures were on screen
//              (the app marks that moment: performance.mark('northlight:overview-figures'));
//   deferred — scripts the page fetched after that, for secondary sections loaded when idle
//              (the top savings), until the network went quiet.
// With --check, fails when the demo build's initial JavaScript passes its budget, or when the
// real-API build carries mock code.
import { chromium } from '@playwright/test';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { serveStatic } from './static-server.mjs';
import { chromiumLaunchOptions } from './browser.mjs';

const BUDGET_KIB = 150;
const check = process.argv.includes('--check');
const MARK = 'northlight:overview-figures';

async function firstVisit(dir) {
  const server = await serveStatic(dir);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch(chromiumLaunchOptions());
  const page = await browser.newPage();
  await page.goto(`${origin}/`);
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor({ timeout: 30_000 });
  // The real-API build has no API to answer here, so its figures never arrive: count what loaded.
  const marked = await page
    .waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, MARK, { timeout: dir.includes('real') ? 3_000 : 30_000 })
    .then(() => true)
    .catch(() => false);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
  await page.waitForLoadState('networkidle');
  const { entries, markAt } = await page.evaluate((mark) => ({
    entries: performance.getEntriesByType('resource').map((e) => ({ name: e.name, startTime: e.startTime })),
    markAt: performance.getEntriesByName(mark)[0]?.startTime ?? Infinity,
  }), MARK);
  await browser.close();
  server.close();
  const files = entries
    .map((e) => ({ url: new URL(e.name), startTime: e.startTime }))
    .filter((e) => e.url.origin === origin && e.url.pathname.endsWith('.js') && !e.url.pathname.endsWith('mockServiceWorker.js'))
    .map((e) => {
      const raw = readFileSync(join(dir, e.url.pathname.replace(/^\//, '')));
      return { file: e.url.pathname, rawBytes: raw.length, gzipBytes: gzipSync(raw, { level: 9 }).length, initial: e.startTime < markAt };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
  const sum = (xs) => xs.reduce((a, f) => a + f.gzipBytes, 0);
  return { files, marked, initialGzip: sum(files.filter((f) => f.initial)), deferredGzip: sum(files.filter((f) => !f.initial)) };
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const demoDir = process.env.SIZE_DEMO_DIR ?? 'dist';
const realDir = process.env.SIZE_REAL_DIR ?? 'dist-real';
const results = {};
for (const [name, dir] of [[`demo build (${demoDir}/)`, demoDir], [`real-API build (${realDir}/)`, realDir]]) {
  if (!existsSync(dir)) {
    console.log(`${name}: not built, skipped`);
    continue;
  }
  const r = await firstVisit(dir);
  results[dir] = r;
  console.log(`${name}: first visit to the Overview: ${kib(r.initialGzip)} initial JavaScript (gzip -9)${r.deferredGzip ? `, then ${kib(r.deferredGzip)} deferred (total ${kib(r.initialGzip + r.deferredGzip)})` : ''}`);
  for (const f of r.files) console.log(`  ${f.initial ? 'initial ' : 'deferred'} ${f.file.padEnd(46)} ${kib(f.rawBytes).padStart(10)} raw ${kib(f.gzipBytes).padStart(9)} gzip`);
}
const realAssets = join(realDir, 'assets');
if (existsSync(realAssets)) {
  const leaked = readdirSync(realAssets).filter((f) => f.endsWith('.js') && /setupWorker|mockServiceWorker|northlight\.simulator/.test(readFileSync(join(realAssets, f), 'utf8')));
  console.log(leaked.length ? `real-API build carries mock code in: ${leaked.join(', ')}` : 'real-API build carries no mock code');
  if (check && leaked.length) process.exitCode = 1;
}
const demo = results[demoDir];
if (check && demo) {
  if (!demo.marked) {
    console.error('The Overview never showed its figures in the demo build.');
    process.exitCode = 1;
  } else if (demo.initialGzip > BUDGET_KIB * 1024) {
    console.error(`Over budget: the demo build's first visit needs ${kib(demo.initialGzip)} of JavaScript before the Overview's figures show; the budget is ${BUDGET_KIB} KiB.`);
    process.exitCode = 1;
  } else {
    console.log(`Within budget: ${kib(demo.initialGzip)} (${demo.initialGzip} bytes) of ${BUDGET_KIB} KiB.`);
  }
}
