/**
 * The page's side of the simulated cloud's Web Worker (cloud-worker.ts): a `handle` that posts
 * each call and resolves with its answer, the state the worker asks to keep written to the store,
 * and a promise of the moment the world exists.
 */
import type { CloudResponse } from '../cloud/http';
import type { StateStore } from '../cloud/service';
import type { FromCloudWorker, ToCloudWorker } from './cloud-protocol';
import type { CloudHandle } from './handlers';

/** What the page needs of a Worker (a test passes an in-process stand-in). */
export interface WorkerPort {
  postMessage(message: ToCloudWorker): void;
  onmessage: ((e: MessageEvent<FromCloudWorker>) => void) | null;
}

/** The cloud in its Web Worker, as the MSW handler calls it: each call posted, its answer awaited. */
export function workerCloud(worker: WorkerPort, store: StateStore): { handle: CloudHandle; ready: Promise<void> } {
  const waiting = new Map<number, { resolve: (r: CloudResponse) => void; reject: (e: Error) => void }>();
  let next = 0;
  let ready: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => {
    ready = resolve;
  });
  worker.onmessage = (e: MessageEvent<FromCloudWorker>) => {
    const m = e.data;
    if (m.type === 'ready') ready();
    else if (m.type === 'save') store.save(m.state);
    else {
      const call = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.response) call?.resolve(m.response);
      else call?.reject(new Error(m.error ?? 'The simulator failed.'));
    }
  };
  const handle: CloudHandle = (req) =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      const message: ToCloudWorker = { type: 'call', id, method: req.method, path: req.path, query: req.query.toString(), headers: [...req.headers], body: req.body };
      worker.postMessage(message);
    });
  return { handle, ready: readyPromise };
}
