// Bench: the watched figures' checks (src/cloud/notify-reconcile.ts) as the simulator runs them in
// its reconcile pass, on a preset (default: large, 10,000 pods, 2,000 GPUs running), in Node: the
// hourly egress check (every project's meter) and the daily recommendation review, cold (the usage
// ledger's rows built on the way) and warm. The server runs them in server/figure-watch.ts instead;
// this is what a demo in the browser pays when its clock crosses an hour or a UTC midnight.
// Usage: node scripts/bench-figure-checks.mjs [--preset large]
import { importBundled } from './bundle-source.mjs';

const i = process.argv.indexOf('--preset');
const preset = i > 0 ? process.argv[i + 1] : 'large';
const { createCloud, projectMeter, reviewRecommendations } = await importBundled('figure-checks', [
  "export { createCloud } from './src/cloud/service.ts';",
  "export { projectMeter } from './src/cloud/ops/egress.ts';",
  "export { reviewRecommendations } from './src/cloud/ops/recommendations.ts';",
]);

// A stopped clock (as the tests run it), so runs compare.
const cloud = createCloud({ preset, realNow: () => 0 });
const ctx = cloud.context;
const now = ctx.now();
ctx.state.currentUserId = ctx.state.users.find((u) => u.role === 'admin').id;
console.log(`${preset} preset: ${ctx.state.pods.length} pods in ${ctx.state.projects.length} projects (Node ${process.version})`);
const time = (label, f) => {
  const t = performance.now();
  const out = f();
  console.log(`${label}: ${(performance.now() - t).toFixed(0)} ms`);
  return out;
};
time('egress check (every project’s meter)', () => ctx.state.projects.map((p) => projectMeter(ctx, p, now)));
const review = time('recommendation review, cold', () => reviewRecommendations(ctx));
time('recommendation review, warm', () => reviewRecommendations(ctx));
console.log(`${review.judged.length} recommendations judged`);
