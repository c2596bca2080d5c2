// Bench: the Inference tab's calls on a preset (default: large, 10,000 pods), in Node, through the
// simulator's own handler (the code MSW and the server's full path run): the week's summary and its
// days (GET /v1/inference/summary, GET /v1/inference/over-time), each cold then warm, wall time.
// Usage: node scripts/bench-inference.mjs [--preset large] [--range 7d]
import { importBundled } from './bundle-source.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const { createCloud } = await importBundled('inference', ["export { createCloud } from './src/cloud/service.ts';"]);

const preset = arg('preset', 'large');
const range = arg('range', '7d');
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
