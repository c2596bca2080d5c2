/**
 * A Web Worker that builds part of the usage ledger's closed history for the browser's
 * simulator, beside the simulator's own worker: that worker sends its pods and the closed mark,
 * this one builds the pod-days with UsageLedger.podDay (the code the reads run) newest first
 * and posts them back in batches as transferable buffers, which the simulator ingests
 * (usage-prebuild.ts: what is sent, why the pods and not a regenerated world, which hours are
 * safe). Started by mocks/ledger-prebuild.ts, as its own chunk.
 */
import type { Pod } from './model';
import { yieldToEventLoop } from './next-task';
import { decodePods, prebuildBatches, transferablesOf, type BuildMessage, type FromWorker, type ToWorker } from './usage-prebuild';

interface WorkerScope {
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;
const pods: Pod[] = [];

/** Passes the page said its reads have built (SkipMessage). */
const skipped = new Set<number>();

scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'pods') {
    for (const pod of decodePods(m)) pods.push(pod);
    return;
  }
  if (m.type === 'skip') {
    skipped.add(m.pass);
    return;
  }
  void build(m);
};

/**
 * The build, a batch at a time, with a turn of the event loop after each (next-task.ts), so the
 * page's word that its reads have the rest of a pass arrives while there is still work to spare.
 */
async function build(m: BuildMessage): Promise<void> {
  const started = performance.now();
  let podDays = 0;
  let hoursBuilt = 0;
  const batches = prebuildBatches(pods, { settings: m.settings, closedUntilMs: m.closedUntilMs, skipped: (pass) => skipped.has(pass), ...(m.days === undefined ? {} : { days: m.days }), ...(m.batchPodDays === undefined ? {} : { batchPodDays: m.batchPodDays }) });
  for (const batch of batches) {
    podDays += batch.podIndex.length;
    hoursBuilt += batch.hoursBuilt;
    scope.postMessage(batch, transferablesOf(batch));
    await yieldToEventLoop();
  }
  scope.postMessage({ type: 'done', podDays, hoursBuilt, buildMs: performance.now() - started });
}
