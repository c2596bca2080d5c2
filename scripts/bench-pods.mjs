// Bench: the Pods list with 10,000 pods (?preset=large) in a real browser. Reports the time to
// first render (navigation start → the first pod row on screen) and the longest main-thread
// task (PerformanceObserver "longtask"), during the load and while scrolling the whole list.
// The embedded simulator runs in the same page (it generates the 10,000-pod world on the first
// request), so load figures include its work; scroll figures are the list's own.
// Usage: node scripts/bench-pods.mjs [build dir, default dist] [runs, default 3]
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import { serveStatic } from './static-server.mjs';
import { chromiumLaunchOptions } from './browser.mjs';

const dir = process.argv[2] ?? 'dist';
const runs = Number(process.argv[3] ?? 3);
if (!existsSync(dir)) {
  console.error(`No build at ${dir}: run "npx vite build --outDir ${dir}" first.`);
  process.exit(1);
}

async function once(origin) {
  const browser = await chromium.launch(chromiumLaunchOptions());
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ startMs: e.startTime, durationMs: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${origin}/pods?preset=large`);
  const firstRow = page.locator('[role="table"] [aria-rowindex="2"] a').first();
  await firstRow.waitFor({ timeout: 120_000 });
  const firstRenderMs = await page.evaluate(() => performance.now());
  const total = await page.getByText(/^[\d,]+ pods$/).textContent();
  await page.waitForTimeout(500);
  const scrollStartMs = await page.evaluate(() => performance.now());
  // Scroll the whole list in 40 steps, waiting for each step's rows to load.
  const scroller = page.getByLabel('Pods, scrollable');
  for (let i = 1; i <= 40; i++) {
    await scroller.evaluate((el, f) => el.scrollTo({ top: (el.scrollHeight - el.clientHeight) * f }), i / 40);
    await page.waitForTimeout(60);
  }
  const lastIndex = await page.evaluate(() => Math.max(...[...document.querySelectorAll('[role="table"] [role="row"]')].map((r) => Number(r.getAttribute('aria-rowindex')))));
  await page.locator(`[role="table"] [aria-rowindex="${lastIndex}"] a`).waitFor({ timeout: 60_000 });
  const domRows = await page.locator('[role="table"] [role="row"]').count();
  const tasks = await page.evaluate(() => window.__longTasks);
  await browser.close();
  const longest = (list) => list.reduce((m, t) => Math.max(m, t.durationMs), 0);
  return {
    total,
    firstRenderMs,
    longestTaskLoadMs: longest(tasks.filter((t) => t.startMs < firstRenderMs)),
    longestTaskScrollMs: longest(tasks.filter((t) => t.startMs >= scrollStartMs)),
    longTasksDuringScroll: tasks.filter((t) => t.startMs >= scrollStartMs).length,
    domRows,
  };
}

const server = await serveStatic(dir);
const origin = `http://127.0.0.1:${server.address().port}`;
const results = [];
for (let i = 0; i < runs; i++) results.push(await once(origin));
server.close();
const median = (key) => [...results.map((r) => r[key])].sort((a, b) => a - b)[Math.floor(results.length / 2)];
const ms = (n) => `${Math.round(n)} ms`;
console.log(`Pods list, ${results[0].total}, ${runs} runs (${dir}):`);
for (const [i, r] of results.entries()) {
  console.log(`  run ${i + 1}: first render ${ms(r.firstRenderMs)}, longest task while loading ${ms(r.longestTaskLoadMs)}, longest task while scrolling ${ms(r.longestTaskScrollMs)} (${r.longTasksDuringScroll} long tasks), ${r.domRows} rows in the DOM`);
}
console.log(`  median: first render ${ms(median('firstRenderMs'))}, longest task loading ${ms(median('longestTaskLoadMs'))}, scrolling ${ms(median('longestTaskScrollMs'))}`);
