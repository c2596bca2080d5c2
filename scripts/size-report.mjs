// Reports the JavaScript a first visit to the Overview downloads (gzip -9), for the demo
// build (dist/) and the real-API build (dist-real/). With --check, fails when the demo
// build's passes its budget. Measured in a real browser: what it fetched, not what we think.
import { chromium } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { serveStatic } from './static-server.mjs';
import { chromiumLaunchOptions } from './browser.mjs';

const BUDGET_KIB = 150;
const check = process.argv.includes('--check');

async function firstVisit(dir, { waitForData }) {
  const server = await serveStatic(dir);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch(chromiumLaunchOptions());
  const page = await browser.newPage();
  const scripts = new Set();
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (url.origin === origin && url.pathname.endsWith('.js') && !url.pathname.endsWith('mockServiceWorker.js')) scripts.add(url.pathname);
  });
  await page.goto(`${origin}/`);
  if (waitForData) await page.getByText('Running pods', { exact: true }).waitFor({ timeout: 30_000 });
  else await page.getByRole('heading', { name: 'Overview' }).waitFor({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  await browser.close();
  server.close();
  const files = [...scripts].sort().map((p) => {
    const raw = readFileSync(join(dir, p.replace(/^\//, '')));
    return { file: p, rawBytes: raw.length, gzipBytes: gzipSync(raw, { level: 9 }).length };
  });
  return { files, gzipBytes: files.reduce((a, f) => a + f.gzipBytes, 0) };
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const results = {};
const demoDir = process.env.SIZE_DEMO_DIR ?? 'dist';
const realDir = process.env.SIZE_REAL_DIR ?? 'dist-real';
for (const [name, dir, waitForData] of [[`demo build (${demoDir}/)`, demoDir, true], [`real-API build (${realDir}/)`, realDir, false]]) {
  if (!existsSync(dir)) {
    console.log(`${name}: not built, skipped`);
    continue;
  }
  const r = await firstVisit(dir, { waitForData });
  results[dir] = r;
  console.log(`${name}: first visit to Overview downloads ${kib(r.gzipBytes)} of JavaScript (gzip -9)`);
  for (const f of r.files) console.log(`  ${f.file.padEnd(48)} ${kib(f.rawBytes).padStart(10)} raw ${kib(f.gzipBytes).padStart(10)} gzip`);
}
const real = join(realDir, 'assets');
if (existsSync(real)) {
  const leaked = (await import('node:fs')).readdirSync(real).filter((f) => f.endsWith('.js') && /setupWorker|mockServiceWorker|northlight\.simulator/.test(readFileSync(join(real, f), 'utf8')));
  console.log(leaked.length ? `real-API build carries mock code in: ${leaked.join(', ')}` : 'real-API build carries no mock code');
  if (check && leaked.length) process.exitCode = 1;
}
if (check && results[demoDir] && results[demoDir].gzipBytes > BUDGET_KIB * 1024) {
  console.error(`Over budget: the demo build's first visit downloads ${kib(results[demoDir].gzipBytes)}; the budget is ${BUDGET_KIB} KiB.`);
  process.exitCode = 1;
}
