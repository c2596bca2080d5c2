// @vitest-environment node
/**
 * The simulated cloud in its Web Worker (cloud-worker.ts) and the page's side of it
 * (worker-cloud.ts), in one process: every message goes through structuredClone, as
 * postMessage would send it, so anything a worker could not receive fails here too.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CloudRequest } from '../cloud/http';
import { createCloud, memoryStore, type StateStore } from '../cloud/service';
import type { FromCloudWorker, ToCloudWorker } from './cloud-protocol';
import { workerCloud, type WorkerPort } from './worker-cloud';

type WorkerGlobal = { onmessage: ((e: { data: ToCloudWorker }) => void) | null; postMessage?: (m: FromCloudWorker) => void };
const worker = globalThis as unknown as WorkerGlobal;

/** A fresh worker module, wired to a port as the browser wires a Worker to the page. */
async function startWorker(): Promise<WorkerPort> {
  vi.resetModules();
  const port: WorkerPort = {
    onmessage: null,
    postMessage: (m) => queueMicrotask(() => worker.onmessage?.({ data: structuredClone(m) })),
  };
  worker.postMessage = (m) => queueMicrotask(() => port.onmessage?.({ data: structuredClone(m) } as MessageEvent<FromCloudWorker>));
  await import('./cloud-worker');
  return port;
}

const call = (method: string, path: string, query = '', body?: unknown): CloudRequest => ({ method, path, query: new URLSearchParams(query), headers: new Headers(), body });

const NOW = Date.UTC(2026, 11, 7, 9, 0, 0);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
  delete worker.postMessage;
  worker.onmessage = null;
});

describe('the simulated cloud in a Web Worker', () => {
  it('answers a call sent before its world exists, once it does, as the cloud itself answers it', async () => {
    const port = await startWorker();
    const cloud = workerCloud(port, memoryStore());
    const early = cloud.handle(call('GET', '/v1/pods', 'limit=5&status=running'));
    port.postMessage({ type: 'start', saved: null, preset: null, scenario: null });
    await cloud.ready;
    const direct = await createCloud().handle(call('GET', '/v1/pods', 'limit=5&status=running'));
    const answer = await early;
    expect(answer.status).toBe(200);
    expect((answer.body as { items: unknown[] }).items).toHaveLength(5);
    expect(answer).toEqual(direct);
  });

  it('keeps the state a write changed before answering it, and a new worker starts from it', async () => {
    const events: string[] = [];
    const kept = memoryStore();
    const store: StateStore = { load: () => kept.load(), save: (s) => (events.push('save'), kept.save(s)) };
    const port = await startWorker();
    const cloud = workerCloud(port, store);
    port.postMessage({ type: 'start', saved: null, preset: null, scenario: null });
    const running = (await cloud.handle(call('GET', '/v1/pods', 'limit=1&status=running'))).body as { items: Array<{ id: string }> };
    const id = running.items[0]!.id;
    events.length = 0;
    const stop = await cloud.handle(call('POST', `/v1/pods/${id}/stop`));
    events.push('answer');
    expect(stop.status).toBeLessThan(300);
    expect(events[0]).toBe('save');
    expect(events.at(-1)).toBe('answer');

    const again = await startWorker();
    const restored = workerCloud(again, memoryStore());
    again.postMessage({ type: 'start', saved: kept.load(), preset: null, scenario: null });
    const pod = (await restored.handle(call('GET', `/v1/pods/${id}`))).body as { status: string };
    expect(['stopping', 'stopped']).toContain(pod.status);
  });

  it('answers usage reads one after another; other calls do not wait for them', async () => {
    const port = await startWorker();
    const cloud = workerCloud(port, memoryStore());
    port.postMessage({ type: 'start', saved: null, preset: null, scenario: null });
    await cloud.ready;
    const order: string[] = [];
    const ask = (path: string, query = '') => cloud.handle(call('GET', path, query)).then((r) => (order.push(path), r));
    // The 30-day summary (two 30-day windows of ledger) is asked first: the 24-hour heatmap after it waits its turn.
    const answers = await Promise.all([ask('/v1/utilization/summary', 'range=30d'), ask('/v1/utilization/heatmap', 'range=24h&maxColumns=24'), ask('/v1/catalog')]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(order).toEqual(['/v1/catalog', '/v1/utilization/summary', '/v1/utilization/heatmap']);
  });

  it('answers the headline figures first when a page sends several usage reads at once, the long read-backs last', async () => {
    const port = await startWorker();
    const cloud = workerCloud(port, memoryStore());
    const order: string[] = [];
    const ask = (path: string, query = '') => cloud.handle(call('GET', path, query)).then((r) => (order.push(path), r));
    // The Utilization page's first reads, in the order its components happen to send them, before the world exists.
    const sent = [
      ask('/v1/utilization/idle-now', 'limit=10'),
      ask('/v1/utilization/breakdown', 'range=7d&by=project&limit=50'),
      ask('/v1/utilization/heatmap', 'range=24h&maxColumns=24'),
      ask('/v1/utilization/summary', 'range=7d'),
    ];
    port.postMessage({ type: 'start', saved: null, preset: null, scenario: null });
    const answers = await Promise.all(sent);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(order).toEqual(['/v1/utilization/summary', '/v1/utilization/breakdown', '/v1/utilization/idle-now', '/v1/utilization/heatmap']);
  });

  it('starts the scenario a link names, unless the kept world is of it already', async () => {
    const port = await startWorker();
    const cloud = workerCloud(port, memoryStore());
    port.postMessage({ type: 'start', saved: null, preset: null, scenario: 'startup' });
    const simulation = (await cloud.handle(call('GET', '/v1/simulation'))).body as { scenario: string };
    expect(simulation.scenario).toBe('startup');
  });
});
