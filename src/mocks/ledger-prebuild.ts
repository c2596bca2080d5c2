/**
 * A second builder for a large world's usage ledger (issue 14). On the large preset (10,000 pods,
 * 2,000 GPUs running) the Utilization page's first summary needs two weeks of pod-days, seconds
 * of work on one core. On a large world's first usage read, the simulator's worker
 * (cloud-worker.ts) starts a Web Worker of its own (cloud/usage-worker.ts) that builds the same
 * days from the other end of the pod list (cloud/usage-prebuild.ts), and ingests what it sends
 * into the ledger the reads use: the two meet in the middle, on two cores. Nothing depends on
 * it: a read that finds a day not ingested yet builds it itself, as without the worker.
 * Small worlds (the default demo) build fast enough alone and never start it, so the second
 * builder never competes with the page for the CPU there.
 */
import type { CloudState } from '../cloud/model';
import type { CloudService } from '../cloud/service';
import { usageLedgerFor } from '../cloud/usage-ledger';
import { encodePods, ingestDays, transferablesOf, type BuildMessage, type FromWorker, type SkipMessage } from '../cloud/usage-prebuild';
import { DEFAULT_WASTE_SETTINGS } from '../domain/waste';
import { takeLedgerBuilder } from './ledger-builder';

/** Worlds with this many pods get a second builder. */
export const LARGE_WORLD_PODS = 2_000;
/** Days back from today it builds: today, the last 7 and the 7 before (the default window and the one it is compared with). */
const PREBUILD_DAYS = 15;
/** Pods per message: each chunk is encoded in a few milliseconds. */
const PODS_PER_MESSAGE = 1_000;

/** What the second builder did, for benches (globalThis.__northlightPrebuild in the simulator's worker). */
export interface PrebuildProgress {
  podDays: number;
  /** Hours the reads' own ledger had built when the last batch came (what the second builder did not spare them). */
  hoursBuiltByReads: number;
  longestIngestMs: number;
  workerBuildMs: number | null;
  /** Passes the worker left because the reads had built them. */
  passesSkipped: number;
}

let current: { state: CloudState; stop: () => void } | null = null;

/**
 * Starts the second builder for the cloud's world, unless it runs (or ran) for this world
 * already or the world is small. A world replaced (a scenario reset) stops the old one.
 */
export function startLedgerPrebuild(cloud: CloudService, options: { minPods?: number; days?: number; batchPodDays?: number } = {}): void {
  const state = cloud.context.state;
  if (current?.state === state || state.pods.length < (options.minPods ?? LARGE_WORLD_PODS) || typeof Worker !== 'function') return;
  current?.stop();
  const w = takeLedgerBuilder();
  const stop = (): void => w.terminate();
  current = { state, stop };
  const pods = state.pods.slice();
  const ledger = usageLedgerFor(DEFAULT_WASTE_SETTINGS);
  const keys = pods.map((p) => ledger.podKey(p));
  const progress: PrebuildProgress = { podDays: 0, hoursBuiltByReads: 0, longestIngestMs: 0, workerBuildMs: null, passesSkipped: 0 };
  (globalThis as { __northlightPrebuild?: PrebuildProgress }).__northlightPrebuild = progress;
  const skipped = new Set<number>();
  w.onmessage = (e: MessageEvent<FromWorker>) => {
    const m = e.data;
    if (cloud.context.state !== state) return stop();
    if (m.type === 'done') {
      progress.workerBuildMs = m.buildMs;
      return stop();
    }
    const t = performance.now();
    // The ledger the reads use for the default thresholds (ops/utilization.ts).
    const reads = usageLedgerFor(DEFAULT_WASTE_SETTINGS);
    const taken = ingestDays(reads, keys, m);
    progress.podDays += m.podIndex.length;
    // Not one of its days was new: the reads, walking the pods from the other end, have built the
    // rest of this pass. The worker goes on to the next instead of building it again.
    if (taken === 0 && m.podIndex.length > 0 && !skipped.has(m.pass)) {
      skipped.add(m.pass);
      const skip: SkipMessage = { type: 'skip', pass: m.pass };
      w.postMessage(skip);
      progress.passesSkipped++;
    }
    progress.hoursBuiltByReads = reads.hoursBuilt;
    progress.longestIngestMs = Math.max(progress.longestIngestMs, performance.now() - t);
  };
  w.onerror = stop;
  for (let i = 0; i < pods.length; i += PODS_PER_MESSAGE) {
    const m = encodePods(pods, i, Math.min(pods.length, i + PODS_PER_MESSAGE));
    w.postMessage(m, transferablesOf(m));
  }
  // The reads' closed mark (ops/utilization.ts readOptions): hours before it cannot change any more.
  const now = cloud.context.now();
  const build: BuildMessage = { type: 'build', settings: DEFAULT_WASTE_SETTINGS, closedUntilMs: Math.min(now, state.reconciledAtMs ?? now), days: options.days ?? PREBUILD_DAYS, ...(options.batchPodDays ? { batchPodDays: options.batchPodDays } : {}) };
  w.postMessage(build);
}
