// Bench: the Inference tab's calls on a preset (default: large, 10,000 pods), in Node, through the
// simulator's own handler (the code MSW and the server's full path run): the week's summary and its
// days (GET /v1/inference/summary, GET /v1/inference/over-time), each cold then warm, wall time.
// With --dist DIR (a demo build), also the tab in Chromium, a fresh visit per preset: navigation →
// the world exists → the headline figure "GPU spend on serving" shows an amount, and the longest
// main-thread task in between.
// Usage: node scripts/bench-inference.mjs [--preset large] [--range 7d] [--dist DIR] [--browser-only]
import { importBundled } from './bundle-source.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const preset = arg('preset', 'large');
const range = arg('range', '7d');

async function nodeBench() {
  const { createCloud } = await importBundled('inference', ["export { createCloud } from './src/cloud/service.ts';"]);
  const cloud = createCloud({ preset, realNow: () => 0 });
  console.log(`${preset} preset: ${cloud.context.state.pods.length} pods (Node ${process.version})`);
  const call = async (path, query) => {
    const started = performance.now();
    const res = await cloud.handle({ method: 'GET', path, query: new URLSearchParams(query), headers: new Headers(), body: undefined });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return { ms: performance.now() - started, body: res.body };
  };
  for (const [path, query] of [['/v1/inference/summary', `range=${range}&limit=50`], ['/v1/inference/over-time', `range=${range}`]]) {
    const cold = await call(path, query);
    const warm = await call(path, query);
    const what = cold.body.days ? `${cold.body.days.length} days, ${cold.body.podCount} pods` : `${cold.body.podTotal} serving pods, ${cold.body.models.length} models`;
    console.log(`${path}?${query}: cold ${cold.ms.toFixed(0)} ms, warm ${warm.ms.toFixed(0)} ms (${what})`);
  }
}

async function browserBench(dist) {
  const { watchLongTasksAndWorld, withDemoInBrowser } = await import('./browser.mjs');
  await withDemoInBrowser(dist, async ({ browser, origin }) => {
    for (const p of ['large', 'default']) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.addInitScript(watchLongTasksAndWorld);
      const query = new URLSearchParams({ ...(p === 'large' ? { preset: 'large' } : {}), range, view: 'inference' });
      await page.goto(`${origin}/utilization?${query}`);
      const readyAt = await page
        .waitForFunction(
          () => {
            const dt = [...document.querySelectorAll('dt')].find((d) => d.textContent === 'GPU spend on serving');
            return /^\$[\d,]+\.\d\d/.test(dt?.nextElementSibling?.textContent ?? '') ? performance.now() : null;
          },
          null,
          { polling: 'raf', timeout: 300_000 },
        )
        .then((h) => h.jsonValue());
      const worldAt = await page.evaluate(() => window.__worldAt ?? 0);
      const tasks = (await page.evaluate(() => window.__longTasks)).filter((t) => t.start >= worldAt && t.start < readyAt);
      const longest = tasks.reduce((m, t) => Math.max(m, t.duration), 0);
      console.log(
        `browser, /utilization?${query}: world at ${worldAt.toFixed(0)} ms, "GPU spend on serving" shown at ${readyAt.toFixed(0)} ms (${(readyAt - worldAt).toFixed(0)} ms after the world); longest task in between ${longest.toFixed(0)} ms (${tasks.length} over 50 ms)`,
      );
      await context.close();
    }
  });
}

if (!process.argv.includes('--browser-only')) await nodeBench();
const dist = arg('dist', null);
if (dist) await browserBench(dist);
