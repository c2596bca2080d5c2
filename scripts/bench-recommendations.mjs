// Bench: GET /v1/recommendations on the large preset (10,000 pods, 2,000 GPUs running), in Node,
// through the simulator's own handler (the code MSW and the server's full path run): the first
// (cold: the usage ledger's rows of the 30-day window built on the way, or observations sampled)
// and the following (warm) calls, wall time each, and the answer's size.
// The simulator is bundled with esbuild first (scripts/bundle-source.mjs).
// Usage: npm run bench:recommendations [-- --preset large] [--runs 3]
import { importBundled } from './bundle-source.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const { createCloud } = await importBundled('recommendations', ["export { createCloud } from './src/cloud/service.ts';"]);

const preset = arg('preset', 'large');
const runs = Number(arg('runs', '3'));
// A stopped clock (as the tests run it: src/testing/server.ts TEST_REAL_NOW), so runs compare.
const realNow = () => 0;
let t = performance.now();
const cloud = createCloud({ preset, realNow });
console.log(`${preset} preset: ${cloud.context.state.pods.length} pods, world in ${(performance.now() - t).toFixed(0)} ms (Node ${process.version})`);
const call = async () => {
  const started = performance.now();
  const res = await cloud.handle({ method: 'GET', path: '/v1/recommendations', query: new URLSearchParams('limit=500'), headers: new Headers(), body: undefined });
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`status ${res.status}: ${JSON.stringify(res.body)}`);
  return { ms, body: res.body };
};
for (let i = 0; i < runs; i++) {
  const { ms, body } = await call();
  console.log(`call ${i + 1} (${i === 0 ? 'cold' : 'warm'}): ${ms.toFixed(0)} ms; ${body.total} open, ${body.podsAwaitingData} awaiting data, $${(body.totalMonthlySavingsCents / 100).toFixed(2)} a month`);
}
const mem = process.memoryUsage();
console.log(`memory: rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, array buffers ${(mem.arrayBuffers / 2 ** 20).toFixed(0)} MiB`);
