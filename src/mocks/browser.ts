/**
 * Starts the embedded simulator in the browser: the cloud runs in a Web Worker, its state lives
 * in localStorage (simulated data only; no credentials), and MSW's service worker answers the API.
 */
import { setupWorker } from 'msw/browser';
import type { StateStore } from '../cloud/service';
import type { ToCloudWorker } from './cloud-protocol';
import { cloudHandlers } from './handlers';
import { workerCloud } from './worker-cloud';
import { storedFaults } from './fault-key';
import { withHandledUpdates } from './service-worker-updates';

const STORAGE_KEY = 'northlight.simulator.v1';

function localStore(): StateStore {
  return {
    load: () => {
      try {
        return localStorage.getItem(STORAGE_KEY);
      } catch {
        return null;
      }
    },
    save: (s) => {
      try {
        localStorage.setItem(STORAGE_KEY, s);
      } catch {
        // Storage full or blocked: the simulator keeps working in memory.
      }
    },
  };
}

export async function startMockApi(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const store = localStore();
  // The simulated cloud runs in a Web Worker of its own (cloud-worker.ts): its world and its
  // answers are computed off this thread, which only renders.
  const cloudWorker = new Worker(new URL('./cloud-worker.ts', import.meta.url), { type: 'module', name: 'simulator' });
  const cloud = workerCloud(cloudWorker, store);
  // A presenter's link can name a scenario (`?scenario=startup`): the worker starts that scenario
  // unless the kept world is of it already. The parameter then leaves the address, so a reload
  // after picking another scenario in the Demo menu keeps that one.
  const scenario = params.get('scenario');
  const start: ToCloudWorker = { type: 'start', saved: store.load(), preset: params.get('preset') === 'large' ? 'large' : null, scenario };
  cloudWorker.postMessage(start);
  if (scenario) {
    const url = new URL(location.href);
    url.searchParams.delete('scenario');
    history.replaceState(history.state, '', url);
  }
  const faultStorage = typeof sessionStorage === 'undefined' ? null : sessionStorage;
  // Fault injection (mocks/faults.ts) loads only when a URL parameter or this tab switched it on.
  if (/[?&](faults|latency|lose)=/.test(location.search)) await import('./faults').then((m) => m.faultConfig(location.search, faultStorage));
  const worker = setupWorker(...cloudHandlers(cloud.handle, { latencyMs: 80, faults: () => storedFaults(faultStorage) }));
  // The service worker registers while the cloud's worker makes its world, and the console renders
  // as soon as it does: the page's frame, navigation and headings are drawn while the world is
  // made, and each call waits for the world in the worker (calls sent early are answered once it exists).
  // MSW's own update check of an existing registration may fail with nobody listening (service-worker-updates.ts).
  void cloud.ready.then(() => performance.mark('northlight:world'));
  await withHandledUpdates(() =>
    worker.start({
      serviceWorker: { url: `${import.meta.env.BASE_URL}mockServiceWorker.js` },
      onUnhandledRequest: 'bypass',
      quiet: true,
    }),
  );
}
