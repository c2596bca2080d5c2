/**
 * Starts the usage ledger's prebuild for the browser's simulator (cloud/usage-prebuild.ts): a
 * Web Worker (cloud/usage-worker.ts, its own chunk) builds the closed history's GPU-hour rows,
 * newest first, and this side ingests each batch into the shared ledger of the default
 * thresholds. Loaded lazily by browser.ts once the first page has rendered; nothing depends on
 * it: a read that finds a day not ingested yet builds it itself, as without the worker.
 */
import type { CloudState } from '../cloud/model';
import type { CloudService } from '../cloud/service';
import type { FromWorker } from '../cloud/usage-prebuild';

/** Pods per message: each chunk is encoded and cloned in a few milliseconds. */
const PODS_PER_MESSAGE = 400;

/** What the prebuild did, for benches and the console (window.__northlightPrebuild). */
export interface PrebuildProgress {
  startedAtMs: number;
  podDays: number;
  ingestMs: number;
  longestIngestMs: number;
  doneAtMs: number | null;
  workerBuildMs: number | null;
}

/** Yields to the page between chunks: a new task, after whatever else is queued (as the reads' slices do). */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** The prebuild running or done, and the world it is for. */
let current: { state: CloudState; stop: () => void } | null = null;

/**
 * Starts the worker for the cloud's current world, unless one was started for it already (the
 * page calls this after every burst of requests). A world replaced (a scenario reset) stops the
 * old one: its rows belong to pods that are gone. What this needs is imported here, not
 * statically, so that browser.ts's import of this module costs the first visit no list of
 * chunks to preload.
 */
export default async function startUsagePrebuild(cloud: CloudService): Promise<void> {
  const state = cloud.context.state;
  if (current?.state === state || typeof Worker !== 'function') return;
  current?.stop();
  let stopped = false;
  let worker: Worker | null = null;
  const stop = (): void => {
    stopped = true;
    worker?.terminate();
  };
  current = { state, stop };
  const [{ usageLedgerFor }, { encodePods, ingestDays, transferablesOf }, { DEFAULT_WASTE_SETTINGS }] = await Promise.all([
    import('../cloud/usage-ledger'),
    import('../cloud/usage-prebuild'),
    import('../domain/waste'),
  ]);
  if (stopped) return;
  const pods = state.pods.slice();
  const now = cloud.context.now();
  // The reads' closed mark (ops/utilization.ts): hours before it cannot change any more.
  const closedUntilMs = Math.min(now, state.reconciledAtMs ?? state.anchorMs);
  const keys = pods.map((p) => usageLedgerFor(DEFAULT_WASTE_SETTINGS).podKey(p));
  const progress: PrebuildProgress = { startedAtMs: performance.now(), podDays: 0, ingestMs: 0, longestIngestMs: 0, doneAtMs: null, workerBuildMs: null };
  (globalThis as { __northlightPrebuild?: PrebuildProgress }).__northlightPrebuild = progress;
  const w = new Worker(new URL('../cloud/usage-worker.ts', import.meta.url), { type: 'module', name: 'usage-prebuild' });
  worker = w;
  w.onmessage = (e: MessageEvent<FromWorker>) => {
    if (stopped) return;
    const m = e.data;
    if (m.type === 'done') {
      progress.doneAtMs = performance.now();
      progress.workerBuildMs = m.buildMs;
      w.terminate();
      return;
    }
    const t = performance.now();
    progress.podDays += ingestDays(usageLedgerFor(DEFAULT_WASTE_SETTINGS), keys, m);
    const spent = performance.now() - t;
    progress.ingestMs += spent;
    progress.longestIngestMs = Math.max(progress.longestIngestMs, spent);
  };
  w.onerror = stop;
  // The pods go over a chunk per task, so the page stays responsive while they are packed.
  for (let i = 0; i < pods.length && !stopped; i += PODS_PER_MESSAGE) {
    const m = encodePods(pods, i, Math.min(pods.length, i + PODS_PER_MESSAGE));
    w.postMessage(m, transferablesOf(m));
    await nextTask();
  }
  if (!stopped) w.postMessage({ type: 'build', settings: DEFAULT_WASTE_SETTINGS, closedUntilMs });
}

/**
 * Starts the prebuild half a second after the mock's last answer with nothing asked since (the
 * page is on screen), and again after later bursts of requests (a no-op unless the world was
 * replaced). Loaded a little after the first page, so the first visit carries none of this.
 */
export function watch(cloud: CloudService): void {
  const handle = cloud.handle;
  let quiet: ReturnType<typeof setTimeout> | undefined;
  const later = (): void => {
    clearTimeout(quiet);
    quiet = setTimeout(() => void startUsagePrebuild(cloud), 500);
  };
  cloud.handle = (req) => {
    clearTimeout(quiet);
    return handle(req).finally(later);
  };
  later();
}
