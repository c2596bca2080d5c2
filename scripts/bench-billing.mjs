// Measures the Billing page's cost at scale (issue 8): each billing call on the large preset
// (10,000 pods, 2,000 GPUs running) in the simulator, and with --dist DIR (a demo build) the
// page at ?preset=large in a browser: when it is ready and its longest task.
// Usage: node scripts/bench-billing.mjs [--dist .e2e/billing]
import { tsImport } from 'tsx/esm/api';
import { existsSync } from 'node:fs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const ms = (t) => `${t.toFixed(0)} ms`;

async function nodeBench() {
  const { createCloud } = await tsImport('../src/cloud/service.ts', import.meta.url);
  const cloud = createCloud({ preset: 'large', realNow: () => 0 });
  const call = async (label, method, path, query = {}, body = undefined) => {
    const started = performance.now();
    const res = await cloud.handle({ method, path, query: new URLSearchParams(query), headers: new Headers(), body });
    if (res.status >= 300) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    console.log(`${label.padEnd(52)} ${ms(performance.now() - started).padStart(8)}  ${(JSON.stringify(res.body ?? '').length / 1024).toFixed(0)} KiB`);
  };
  console.log(`large preset: ${cloud.context.state.pods.length} pods`);
  await call('summary (first call, loads the operations)', 'GET', '/v1/billing/summary');
  await call('summary', 'GET', '/v1/billing/summary');
  await call('spend, month to date, by project, per day', 'GET', '/v1/billing/spend', { by: 'project' });
  await call('spend, last 90 days, by GPU type, per week', 'GET', '/v1/billing/spend', { by: 'gpuType', granularity: 'week', range: 'last-90-days' });
  await call('breakdown, month to date, by user', 'GET', '/v1/billing/breakdown', { by: 'user' });
  await call('breakdown items (one project)', 'GET', '/v1/billing/breakdown/items', { by: 'project', key: 'p-llm' });
  await call('invoices (every month)', 'GET', '/v1/invoices');
  await call('invoice for October', 'GET', '/v1/invoices/2026-10');
  await call('set an organization budget (checks it at once)', 'POST', '/v1/budgets', {}, { projectId: null, amountCents: 1_000_000_000, thresholdsPercent: [50, 80, 100], policy: 'notify' });
  await call('budgets', 'GET', '/v1/budgets');
  await call('any request a moment later (budget check throttled)', 'GET', '/v1/session');
  cloud.context.state.clock.offsetMs += 3 * 86_400_000;
  await call('any request 3 days later (budgets checked)', 'GET', '/v1/session');
}

async function browserBench(dist) {
  const { chromium } = await import('@playwright/test');
  const { serveStatic } = await import('./static-server.mjs');
  const { chromiumLaunchOptions } = await import('./browser.mjs');
  const server = await serveStatic(dist);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch(chromiumLaunchOptions());
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const started = Date.now();
  await page.goto(`${origin}/billing?preset=large`);
  await page.getByRole('table', { name: /^Spend by project/ }).waitFor({ timeout: 300_000 });
  await page.waitForLoadState('networkidle');
  const loaded = Date.now() - started;
  const loadTasks = await page.evaluate(() => window.__longTasks.splice(0));
  await page.getByLabel('Break down by').selectOption('gpuType');
  await page.getByRole('table', { name: /^Spend by GPU type/ }).waitFor({ timeout: 120_000 });
  await page.getByLabel('Range').selectOption('last-90-days');
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
  const switchTasks = await page.evaluate(() => window.__longTasks.splice(0));
  await browser.close();
  server.close();
  const longest = (tasks) => tasks.reduce((m, t) => Math.max(m, t), 0);
  console.log(`browser, /billing?preset=large: ready in ${ms(loaded)} (includes generating the 10,000-pod world in the mock)`);
  console.log(`  loading: longest task ${ms(longest(loadTasks))} (${loadTasks.length} long tasks)`);
  console.log(`  by GPU type, then the last 90 days: longest task ${ms(longest(switchTasks))} (${switchTasks.length} long tasks)`);
}

if (!process.argv.includes('--browser-only')) await nodeBench();
const dist = arg('dist', null);
if (dist) {
  if (!existsSync(dist)) throw new Error(`no build at ${dist}: run npx vite build --outDir ${dist}`);
  await browserBench(dist);
}
