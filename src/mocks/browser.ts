/**
 * Starts the embedded simulator in the browser: the cloud's state lives in localStorage
 * (simulated data only; no credentials), and MSW's service worker answers the API.
 */
import { setupWorker } from 'msw/browser';
import { createCloud, type StateStore } from '../cloud/service';
import { cloudHandlers } from './handlers';

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
  const worker = setupWorker(...cloudHandlers(cloud, { latencyMs: 80 }));
  await worker.start({
    serviceWorker: { url: `${import.meta.env.BASE_URL}mockServiceWorker.js` },
    onUnhandledRequest: 'bypass',
    quiet: true,
  });
}
