/**
 * A Web Worker that builds part of the usage ledger's closed history for the browser's
 * simulator, beside the simulator's own worker: that worker sends its pods and the closed mark,
 * this one builds the pod-days with UsageLedger.podDay (the code the reads run) newest first
 * and posts them back in batches as transferable buffers, which the simulator ingests
 * (usage-prebuild.ts: what is sent, why the pods and not a regenerated world, which hours are
 * safe). Started by mocks/ledger-prebuild.ts, as its own chunk.
 */
import type { Pod } from './model';
import { decodePods, prebuildBatches, transferablesOf, type FromWorker, type ToWorker } from './usage-prebuild';

interface WorkerScope {
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;
const pods: Pod[] = [];

scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'pods') {
    for (const pod of decodePods(m)) pods.push(pod);
    return;
  }
  const started = performance.now();
  let podDays = 0;
  let hoursBuilt = 0;
  for (const batch of prebuildBatches(pods, { settings: m.settings, closedUntilMs: m.closedUntilMs, ...(m.days === undefined ? {} : { days: m.days }) })) {
    podDays += batch.podIndex.length;
    hoursBuilt += batch.hoursBuilt;
    scope.postMessage(batch, transferablesOf(batch));
  }
  scope.postMessage({ type: 'done', podDays, hoursBuilt, buildMs: performance.now() - started });
};
