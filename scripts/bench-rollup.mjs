// The cold build of the usage ledger's closed history (src/cloud/usage-prebuild.ts: the code the
// browser's Web Worker runs) for the large preset (10,000 pods, 2,000 GPUs running, 90 days), in
// Node: wall and CPU time, rows, memory; on one thread, then split over worker_threads.
// The simulator is bundled with esbuild first (not run through tsx: tsx wraps every closure in a
// __name helper, which distorts both times and profiles).
// Usage: npm run bench:rollup [-- --days 8] [--preset default] [--threads 2] [--only single|threads]
// Profile: node --cpu-prof --cpu-prof-dir=.bench scripts/bench-rollup.mjs --only single
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { cpus } from 'node:os';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const root = fileURLToPath(new URL('..', import.meta.url));
const bundlePath = `${root}.bench/rollup-bundle.mjs`;

/** The simulator's world, the prebuild (worker's build and page's ingest), as one ES module. */
async function bundle() {
  mkdirSync(`${root}.bench`, { recursive: true });
  await build({
    stdin: {
      contents: [
        "export { generateWorld } from './src/cloud/world.ts';",
        "export { prebuildBatches, encodePods, decodePods, ingestDays, transferablesOf } from './src/cloud/usage-prebuild.ts';",
        "export { UsageLedger, FIELDS } from './src/cloud/usage-ledger.ts';",
        "export { DEFAULT_WASTE_SETTINGS } from './src/domain/waste.ts';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundlePath,
    logLevel: 'warning',
    // --ledger FILE: bundle another usage-ledger.ts (e.g. git show HEAD:src/cloud/usage-ledger.ts), to compare checksums.
    plugins: arg('ledger', null) ? [{ name: 'ledger', setup: (b) => b.onResolve({ filter: /usage-ledger(\.ts)?$/ }, () => ({ path: resolve(arg('ledger')) })) }] : [],
  });
  return import(pathToFileURL(bundlePath).href);
}

const mib = (b) => `${(b / 1024 / 1024).toFixed(0)} MiB`;
const ms = (t) => `${t.toFixed(0)} ms`;

/** GPU-hours allocated (rows with allocated seconds) and a checksum of every field, from a batch. */
function tally(m, FIELDS, into) {
  for (let i = 0; i < m.podIndex.length; i++) {
    const g = m.gpuCount[i];
    const at = m.offset[i];
    for (let r = 0; r < 24 * g; r++) {
      const o = at + r * FIELDS;
      if (m.rows[o] > 0) into.gpuHours++;
      for (let f = 0; f < FIELDS; f++) into.sums[f] += m.rows[o + f] * (f === 14 ? 0 : 1);
    }
    // A checksum of every row, in the order pods and days come (FNV-1a over the int32s).
    if (into.order) for (let k = at; k < at + 25 * g * FIELDS; k++) into.hash = Math.imul(into.hash ^ m.rows[k], 0x01000193) >>> 0;
  }
  into.podDays += m.podIndex.length;
  into.bytes += m.rows.byteLength;
  into.hoursBuilt += m.hoursBuilt;
}

const newTally = (FIELDS, order = false) => ({ podDays: 0, gpuHours: 0, hoursBuilt: 0, bytes: 0, sums: new Array(FIELDS).fill(0), order, hash: 0x811c9dc5 });

if (!isMainThread) {
  // A worker thread: the pods it is sent, built as the browser's worker builds them.
  const sim = await import(pathToFileURL(bundlePath).href);
  const { messages, settings, closedUntilMs, days } = workerData;
  const pods = messages.flatMap((m) => sim.decodePods(m));
  for (const batch of sim.prebuildBatches(pods, { settings, closedUntilMs, days })) parentPort.postMessage(batch, sim.transferablesOf(batch));
  parentPort.postMessage({ type: 'done' });
} else {
  const sim = await bundle();
  const preset = arg('preset', 'large');
  const days = arg('days', null) === null ? undefined : Number(arg('days'));
  const only = arg('only', null);
  const threads = Number(arg('threads', String(Math.min(2, cpus().length))));
  let t = performance.now();
  const world = sim.generateWorld({ preset, realNowMs: 0 });
  const closedUntilMs = world.anchorMs;
  console.log(`${preset} preset: ${world.pods.length} pods, world generated in ${ms(performance.now() - t)}; ${days ?? 'all'} days back from ${new Date(closedUntilMs).toISOString()} (esbuild bundle, Node ${process.version}, ${cpus().length} cores)`);
  const settings = sim.DEFAULT_WASTE_SETTINGS;
  const keys = world.pods.map((p) => new sim.UsageLedger(settings).podKey(p));
  const results = {};

  if (only !== 'threads') {
    global.gc?.();
    const heapBefore = process.memoryUsage();
    const cpu0 = process.cpuUsage();
    t = performance.now();
    const ledger = new sim.UsageLedger(settings);
    const sum = newTally(sim.FIELDS, true);
    let batches = 0;
    let firstBatchMs = null;
    let tier1Ms = null;
    let tallyMs = 0;
    for (const batch of sim.prebuildBatches(world.pods, { settings, closedUntilMs, days })) {
      firstBatchMs ??= performance.now() - t;
      batches++;
      const t0 = performance.now();
      tally(batch, sim.FIELDS, sum);
      tallyMs += performance.now() - t0;
      sim.ingestDays(ledger, keys, batch);
      // The passes after the first four (the two 7-day windows' tiers, each in two halves of the pods: usage-prebuild.ts passesOf).
      if (tier1Ms === null && batch.pass >= 4) tier1Ms = performance.now() - t;
    }
    const wall = performance.now() - t;
    const cpu = process.cpuUsage(cpu0);
    const mem = process.memoryUsage();
    results.single = sum;
    console.log(`one thread: ${ms(wall)} wall, ${ms((cpu.user + cpu.system) / 1000)} CPU, of which the bench's own checksum ${ms(tallyMs)} (build and ingest: ${ms(wall - tallyMs)} wall); first batch after ${ms(firstBatchMs ?? 0)}, the 7-day window and the one before it (15 days) done after ${ms(tier1Ms ?? wall)}; ${batches} batches`);
    console.log(`  ${sum.podDays} pod-days, ${sum.hoursBuilt} pod-hours built, ${sum.gpuHours} GPU-hour rows allocated; rows stored ${mib(sum.bytes)} (${sim.FIELDS} int32 per GPU-hour, 24 h per pod-day); checksum ${sum.hash.toString(16)}`);
    console.log(`  memory after: rss ${mib(mem.rss)}, heap ${mib(mem.heapUsed)}, array buffers ${mib(mem.arrayBuffers)} (before: rss ${mib(heapBefore.rss)}, array buffers ${mib(heapBefore.arrayBuffers)})`);
  }

  if (only !== 'single' && threads > 1) {
    // Pods dealt round-robin over the threads (their histories differ in length), sent as the page sends them.
    const cpu0 = process.cpuUsage();
    t = performance.now();
    const ledger = new sim.UsageLedger(settings);
    const sum = newTally(sim.FIELDS);
    const received = [];
    await Promise.all(
      Array.from({ length: threads }, (_, k) => {
        const mine = world.pods.map((_, i) => i).filter((i) => i % threads === k);
        const podsOf = mine.map((i) => world.pods[i]);
        const messages = [];
        for (let i = 0; i < podsOf.length; i += 500) messages.push(sim.encodePods(podsOf, i, Math.min(podsOf.length, i + 500)));
        return new Promise((resolve, reject) => {
          const w = new Worker(fileURLToPath(import.meta.url), { workerData: { messages, settings, closedUntilMs, days } });
          w.on('message', (m) => {
            if (m.type === 'done') {
              void w.terminate();
              resolve();
              return;
            }
            // Indexes are the thread's own: back to the world's. The checksum is taken after the clock stops.
            m.podIndex = m.podIndex.map((i) => mine[i]);
            received.push(m);
            sim.ingestDays(ledger, keys, m);
          });
          w.on('error', reject);
        });
      }),
    );
    const wall = performance.now() - t;
    const cpu = process.cpuUsage(cpu0);
    for (const m of received) tally(m, sim.FIELDS, sum);
    results.threads = sum;
    console.log(`${threads} worker_threads: ${ms(wall)} wall, ${ms((cpu.user + cpu.system) / 1000)} CPU (all threads, including each one's start); ${sum.podDays} pod-days, ${sum.gpuHours} GPU-hour rows`);
  }
  if (results.single && results.threads) {
    const same = results.single.podDays === results.threads.podDays && results.single.sums.every((v, f) => v === results.threads.sums[f]);
    console.log(same ? 'threads built the same rows (every field summed) as one thread' : 'THREADS DIFFER from one thread');
    if (!same) process.exitCode = 1;
  }
}
