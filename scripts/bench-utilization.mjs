// Measures the utilization page's cost at scale, for the closing note of issue 5:
// 1. Node: the 30-day waste ledger of the large preset (10,000 pods, 2,000 GPUs running) in the
//    simulator, cold and warm, and each utilization call the page makes.
// 2. Browser (with --dist DIR, a demo build): the page at ?preset=large, its longest task and
//    the JavaScript it downloads (gzip -9).
// Usage: npm run bench:utilization [-- --dist .e2e/utilization] [--range 30d]
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

async function browserBench(dist) {
  const { chromium } = await import('@playwright/test');
  const { serveStatic } = await import('./static-server.mjs');
  const { chromiumLaunchOptions } = await import('./browser.mjs');
  const server = await serveStatic(dist);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch(chromiumLaunchOptions());
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
  const range = arg('range', '7d');
  const started = Date.now();
  await page.goto(`${origin}/utilization?preset=large&range=${range}`);
  await page.getByRole('img', { name: /heatmap/i }).waitFor({ timeout: 300_000 });
  await page.waitForLoadState('networkidle');
  const loadedMs = Date.now() - started;
  const loadTasks = await page.evaluate(() => window.__longTasks.splice(0));
  // Interact: scroll the heatmap and point at it, switch the breakdown: what must stay responsive.
  const heatmap = page.getByRole('img', { name: /heatmap/i });
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
  await browser.close();
  server.close();
  const files = [...scripts].sort().map((p) => {
    const raw = readFileSync(join(dist, p.replace(/^\//, '')));
    return { file: p, gzipBytes: gzipSync(raw, { level: 9 }).length };
  });
  const total = files.reduce((a, f) => a + f.gzipBytes, 0);
  const longest = (tasks) => tasks.reduce((m, t) => Math.max(m, t.duration), 0);
  const top = (tasks) => [...tasks].sort((a, b) => b.duration - a.duration).slice(0, 5).map((t) => `${t.duration.toFixed(0)} ms at ${(t.start / 1000).toFixed(1)} s`).join(', ');
  console.log(`browser, /utilization?preset=large&range=${range}: ready in ${ms(loadedMs)} (includes generating the 10,000-pod world in the mock)`);
  console.log(`  loading: longest task ${ms(longest(loadTasks))} (${loadTasks.length} long tasks; longest: ${top(loadTasks)})`);
  console.log(`  scrolling and pointing at the heatmap, switching the breakdown: longest task ${ms(longest(interactionTasks))} (${interactionTasks.length} long tasks)`);
  console.log(`  JS downloaded ${(total / 1024).toFixed(1)} KiB gzip in ${files.length} files`);
  const route = files.filter((f) => /utilization|Utilization/.test(f.file));
  for (const f of route) console.log(`    ${f.file}: ${(f.gzipBytes / 1024).toFixed(1)} KiB gzip`);
}

if (!process.argv.includes('--browser-only')) await nodeBench();
const dist = arg('dist', null);
if (dist) {
  if (!existsSync(dist)) throw new Error(`no build at ${dist}: run npx vite build --outDir ${dist}`);
  await browserBench(dist);
}
