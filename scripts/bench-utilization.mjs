// Measures the utilization page's cost at scale, for the closing note of issue 5:
// 1. Node: the 30-day waste ledger of the large preset (10,000 pods, 2,000 GPUs running) in the
//    simulator, cold and warm, and each utilization call the page makes.
// 2. Browser (with --dist DIR, a demo build, e.g. npx vite build --outDir dist-bench): fresh visits
//    to the page on ?preset=large and on the default world: navigation → summary figures shown,
//    and the page's (main thread's) longest task from when the world exists until then; the
//    simulator computes in its own Web Worker (--interact: scrolling the heatmap).
// Usage: npm run bench:utilization [-- --dist dist-bench] [--browser-only] [--range 7d]
//        [--presets large,default] [--interact]
import { tsImport } from 'tsx/esm/api';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const ms = (t) => `${t.toFixed(0)} ms`;

async function nodeBench() {
  const { createCloud } = await tsImport('../src/cloud/service.ts', import.meta.url);
  let t = performance.now();
  const cloud = createCloud({ preset: 'large', realNow: () => 0 });
  const ctx = cloud.context;
  console.log(`large preset: ${ctx.state.pods.length} pods, world generated in ${ms(performance.now() - t)}`);
  const call = async (path, query) => {
    const started = performance.now();
    const res = await cloud.handle({ method: 'GET', path, query: new URLSearchParams(query), headers: new Headers(), body: undefined });
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return { ms: performance.now() - started, body: res.body, bytes: JSON.stringify(res.body).length };
  };
  const range = arg('range', '30d');
  const cpuBefore = process.cpuUsage();
  const cold = await call('/v1/utilization/summary', { range });
  const cpu = process.cpuUsage(cpuBefore);
  const f = cold.body.current;
  // CPU time as well as wall time: on a shared machine the wall clock includes waiting for a core.
  console.log(`${range} ledger (current + previous period), cold: ${ms(cold.ms)} wall, ${ms((cpu.user + cpu.system) / 1000)} CPU`);
  console.log(`  ${cold.body.podCount} pods ran; ${(f.allocatedGpuSeconds / 3600).toFixed(0)} GPU-hours allocated; spend $${(f.spendCents / 100).toFixed(2)}; waste $${(f.wasteCents / 100).toFixed(2)}; sampled every ${cold.body.window.sampleMs / 60000} min`);
  const warm = await call('/v1/utilization/summary', { range });
  console.log(`${range} summary, warm (cached analyses): ${ms(warm.ms)}`);
  for (const [path, query] of [
    ['/v1/utilization/timeseries', { range, maxPoints: '480' }],
    ['/v1/utilization/breakdown', { range, by: 'pod', limit: '100' }],
    ['/v1/utilization/breakdown', { range, by: 'project' }],
    ['/v1/utilization/heatmap', { range, maxColumns: '720' }],
    ['/v1/utilization/idle-now', {}],
  ]) {
    const r = await call(path, query);
    console.log(`${path}?${new URLSearchParams(query)}: ${ms(r.ms)}, ${(r.bytes / 1024).toFixed(0)} KiB of JSON`);
  }
  const week = await call('/v1/utilization/heatmap', { range: '7d', maxColumns: '720' });
  console.log(`7d heatmap (cold): ${ms(week.ms)}, ${week.body.gpuCount} GPUs × ${week.body.columns} columns, ${(week.bytes / 1024).toFixed(0)} KiB of JSON`);
}

/**
 * One fresh visit (new browser context: no stored world, a new service worker) to the Utilization
 * page: navigation → the summary's figures on screen (ready), and the page's longest task from
 * when the world exists (scripts/browser.mjs) until ready.
 */
async function visit(browser, origin, { preset, range }) {
  const { watchLongTasksAndWorld } = await import('./browser.mjs');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(watchLongTasksAndWorld);
  const query = new URLSearchParams({ ...(preset === 'large' ? { preset } : {}), range });
  await page.goto(`${origin}/utilization?${query}`);
  // Ready: the summary's first figure shows an amount (polled every frame, timed in the page).
  const readyAt = await page.waitForFunction(
    () => {
      const dt = [...document.querySelectorAll('dt')].find((d) => d.textContent === 'GPU spend');
      return /^\$[\d,]+\.\d\d$/.test(dt?.nextElementSibling?.textContent ?? '') ? performance.now() : null;
    },
    null,
    { polling: 'raf', timeout: 300_000 },
  ).then((h) => h.jsonValue());
  await page.getByRole('img', { name: /heatmap/i }).waitFor({ timeout: 300_000 });
  const heatmapAt = await page.evaluate(() => performance.now());
  const worldAt = await page.evaluate(() => window.__worldAt ?? 0);
  const tasks = await page.evaluate(() => window.__longTasks.splice(0));
  const untilReady = tasks.filter((t) => t.start >= worldAt && t.start < readyAt);
  const world = tasks.filter((t) => t.start < worldAt);
  await context.close();
  return { readyAt, heatmapAt, worldAt, untilReady, world };
}

async function browserBench(dist) {
  const { chromium } = await import('@playwright/test');
  const { serveStatic } = await import('./static-server.mjs');
  const { chromiumLaunchOptions } = await import('./browser.mjs');
  const server = await serveStatic(dist);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch(chromiumLaunchOptions());
  const range = arg('range', '7d');
  const presets = (arg('presets', 'large,default')).split(',');
  const longest = (tasks) => tasks.reduce((m, t) => Math.max(m, t.duration), 0);
  const top = (tasks) => [...tasks].sort((a, b) => b.duration - a.duration).slice(0, 4).map((t) => `${t.duration.toFixed(0)} ms at ${(t.start / 1000).toFixed(1)} s`).join(', ');
  for (const preset of presets) {
    const r = await visit(browser, origin, { preset, range });
    console.log(`browser, /utilization?${preset === 'large' ? 'preset=large&' : ''}range=${range}:`);
    console.log(`  world exists at ${ms(r.worldAt)} (the page's longest task before: ${ms(longest(r.world))}); summary figures shown at ${ms(r.readyAt)} after navigation = ${ms(r.readyAt - r.worldAt)} after the world; heatmap at ${ms(r.heatmapAt)}`);
    console.log(`  world → ready: the page's longest task ${ms(longest(r.untilReady))} (${r.untilReady.length} tasks over 50 ms${r.untilReady.length ? `: ${top(r.untilReady)}` : ''})`);
  }
  if (process.argv.includes('--interact')) await interactionBench(browser, origin, dist, range);
  await browser.close();
  server.close();
}

/** The large preset's page once loaded: scrolling and pointing at the heatmap, switching the breakdown; the JavaScript downloaded. */
async function interactionBench(browser, origin, dist, range) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const scripts = new Set();
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (url.origin === origin && url.pathname.endsWith('.js') && !url.pathname.endsWith('mockServiceWorker.js')) scripts.add(url.pathname);
  });
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${origin}/utilization?preset=large&range=${range}`);
  const heatmap = page.getByRole('img', { name: /heatmap/i });
  await heatmap.waitFor({ timeout: 300_000 });
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => window.__longTasks.splice(0));
  await heatmap.scrollIntoViewIfNeeded();
  const box = await heatmap.boundingBox();
  for (let i = 0; i < 20; i++) {
    await page.mouse.move(box.x + 20 + i * 30, box.y + 50 + i * 10);
    await page.mouse.wheel(0, 400);
  }
  await page.getByRole('tab', { name: 'By pod' }).click();
  await page.getByRole('table', { name: /by pod/ }).waitFor({ timeout: 120_000 });
  await page.waitForTimeout(500);
  const interactionTasks = await page.evaluate(() => window.__longTasks.splice(0));
  await page.close();
  const files = [...scripts].sort().map((p) => {
    const raw = readFileSync(join(dist, p.replace(/^\//, '')));
    return { file: p, gzipBytes: gzipSync(raw, { level: 9 }).length };
  });
  const total = files.reduce((a, f) => a + f.gzipBytes, 0);
  console.log(`scrolling and pointing at the heatmap, switching the breakdown: longest task ${ms(interactionTasks.reduce((m, t) => Math.max(m, t.duration), 0))} (${interactionTasks.length} long tasks)`);
  console.log(`  JS downloaded ${(total / 1024).toFixed(1)} KiB gzip in ${files.length} files`);
}

if (!process.argv.includes('--browser-only')) await nodeBench();
const dist = arg('dist', null);
if (dist) {
  if (!existsSync(dist)) throw new Error(`no build at ${dist}: run npx vite build --outDir ${dist}`);
  await browserBench(dist);
}
