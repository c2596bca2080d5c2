/**
 * Starts the embedded simulator in the browser: the cloud's state lives in localStorage
 * (simulated data only; no credentials), and MSW's service worker answers the API.
 */
import { setupWorker } from 'msw/browser';
import { createCloud, type StateStore } from '../cloud/service';
import { cloudHandlers } from './handlers';
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
  const preset = params.get('preset') === 'large' ? 'large' : undefined;
  const cloud = createCloud({ store: localStore(), ...(preset ? { preset } : {}) });
  // A presenter's link naming a scenario (mocks/scenario.ts, loaded only then).
  const scenario = params.get('scenario');
  if (scenario) await import('./scenario').then((m) => m.default(cloud, scenario));
  const faultStorage = typeof sessionStorage === 'undefined' ? null : sessionStorage;
  // Fault injection (mocks/faults.ts) loads only when a URL parameter or this tab switched it on.
  if (/[?&](faults|latency|lose)=/.test(location.search)) await import('./faults').then((m) => m.faultConfig(location.search, faultStorage));
  // After the first page, a Web Worker builds the usage ledger's closed history (mocks/prebuild.ts).
  // The usage ledger's Web Worker prebuild (mocks/prebuild.ts, `watch(cloud)`) is not started:
  // with it on, the demo's story and sub-path journeys timed out (it competes with the page for
  // the CPU and wraps the cloud's handler); reads build what they need, in slices.
  const worker = setupWorker(...cloudHandlers(cloud, { latencyMs: 80, faults: () => storedFaults(faultStorage) }));
  // MSW's own update check of an existing registration may fail with nobody listening (service-worker-updates.ts).
  await withHandledUpdates(() =>
    worker.start({
      serviceWorker: { url: `${import.meta.env.BASE_URL}mockServiceWorker.js` },
      onUnhandledRequest: 'bypass',
      quiet: true,
    }),
  );
}
