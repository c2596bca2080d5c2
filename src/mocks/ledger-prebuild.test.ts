// @vitest-environment node
/**
 * The second ledger builder (ledger-prebuild.ts) with its Web Worker (cloud/usage-worker.ts) run
 * in this process: every message goes through structuredClone, as postMessage would send it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CloudRequest } from '../cloud/http';
import { MS_PER_DAY, startOfUtcDay } from '../domain/units';

type WorkerGlobal = { onmessage: ((e: { data: unknown }) => void) | null; postMessage?: (m: unknown) => void; Worker?: unknown };
const g = globalThis as unknown as WorkerGlobal;
const started: string[] = [];

/** A Worker whose module runs here (usage-worker.ts reads and answers through globalThis). */
class InProcessWorker {
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: (() => void) | null = null;
  terminated = false;
  private readonly loaded: Promise<unknown>;

  constructor(url: URL) {
    started.push(url.pathname.split('/').pop() ?? '');
    g.postMessage = (m) => queueMicrotask(() => !this.terminated && this.onmessage?.({ data: structuredClone(m) }));
    this.loaded = import('../cloud/usage-worker');
  }

  postMessage(m: unknown): void {
    const copy = structuredClone(m);
    void this.loaded.then(() => g.onmessage?.({ data: copy }));
  }

  terminate(): void {
    this.terminated = true;
  }
}

const call = (path: string, query: string): CloudRequest => ({ method: 'GET', path, query: new URLSearchParams(query), headers: new Headers(), body: undefined });

afterEach(() => {
  delete g.Worker;
  delete g.postMessage;
  g.onmessage = null;
  started.length = 0;
});

async function fresh() {
  vi.resetModules();
  const [{ createCloud }, { usageLedgerFor }, { DEFAULT_WASTE_SETTINGS }, prebuild] = await Promise.all([
    import('../cloud/service'),
    import('../cloud/usage-ledger'),
    import('../domain/waste'),
    import('./ledger-prebuild'),
  ]);
  return { cloud: createCloud(), ledger: usageLedgerFor(DEFAULT_WASTE_SETTINGS), prebuild };
}

describe('a second builder for a large world’s usage ledger', () => {
  it('builds the days a read needs in its worker, so the read builds none and answers the same', async () => {
    g.Worker = InProcessWorker;
    const { cloud, ledger, prebuild } = await fresh();
    prebuild.startLedgerPrebuild(cloud, { minPods: 1, days: 3 });
    expect(started).toEqual(['usage-worker.ts']);
    const progress = () => (globalThis as { __northlightPrebuild?: { podDays: number; workerBuildMs: number | null } }).__northlightPrebuild;
    await vi.waitFor(() => expect(progress()?.workerBuildMs).not.toBeNull(), { timeout: 20_000 });
    expect(progress()?.podDays).toBeGreaterThan(0);
    // Started once per world.
    prebuild.startLedgerPrebuild(cloud, { minPods: 1, days: 3 });
    expect(started).toHaveLength(1);

    const answer = await cloud.handle(call('/v1/utilization/summary', 'range=24h'));
    expect(answer.status).toBe(200);
    expect(ledger.hoursBuilt).toBe(0);

    delete g.Worker;
    const alone = await fresh();
    expect(await alone.cloud.handle(call('/v1/utilization/summary', 'range=24h'))).toEqual(answer);
    expect(alone.ledger.hoursBuilt).toBeGreaterThan(0);
  });

  it('tells its worker to leave a pass the reads have built, and the worker goes on to the next', async () => {
    g.Worker = InProcessWorker;
    const { cloud, ledger, prebuild } = await fresh();
    const pods = cloud.context.state.pods;
    const now = cloud.context.now();
    const closedUntilMs = Math.min(now, cloud.context.state.reconciledAtMs ?? now);
    const today = startOfUtcDay(closedUntilMs);
    // The reads have built the last 3 days of the lower half of the pods (the worker's second pass).
    const middle = Math.floor(pods.length / 2);
    let lowerHalfDays = 0;
    for (const pod of pods.slice(0, middle)) for (let back = 0; back < 3; back++) if (ledger.podDay(pod, today - back * MS_PER_DAY, closedUntilMs)) lowerHalfDays++;
    const built = ledger.hoursBuilt;
    prebuild.startLedgerPrebuild(cloud, { minPods: 1, days: 3, batchPodDays: 4 });
    const progress = () => (globalThis as { __northlightPrebuild?: { podDays: number; workerBuildMs: number | null; passesSkipped: number } }).__northlightPrebuild;
    await vi.waitFor(() => expect(progress()?.workerBuildMs).not.toBeNull(), { timeout: 20_000 });
    let upperHalfDays = 0;
    for (const pod of pods.slice(middle)) for (let back = 0; back < 3; back++) if (ledger.podDay(pod, today - back * MS_PER_DAY, closedUntilMs)) upperHalfDays++;
    // The upper half came from the worker (nothing built here), the lower half's pass was left after its first batch or two.
    expect(ledger.hoursBuilt).toBe(built);
    expect(upperHalfDays).toBeGreaterThan(10);
    expect(progress()?.passesSkipped).toBe(1);
    expect(progress()!.podDays).toBeGreaterThanOrEqual(upperHalfDays);
    expect(progress()!.podDays).toBeLessThanOrEqual(upperHalfDays + 2 * 4);
    expect(lowerHalfDays).toBeGreaterThan(2 * 4);
  });

  it('leaves a small world to its reads', async () => {
    g.Worker = InProcessWorker;
    const { cloud, prebuild } = await fresh();
    expect(cloud.context.state.pods.length).toBeLessThan(prebuild.LARGE_WORLD_PODS);
    prebuild.startLedgerPrebuild(cloud);
    expect(started).toEqual([]);
  });
});
