/**
 * Starts the embedded simulator in the browser: the cloud's state lives in localStorage
 * (simulated data only; no credentials), and MSW's service worker answers the API.
 */
import { setupWorker } from 'msw/browser';
import { createCloud, type CloudService, type StateStore } from '../cloud/service';
import { cloudHandlers } from './handlers';
import { storedFaults } from './fault-key';

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

/**
 * A presenter's link can name a scenario (`?scenario=startup`): a world of another scenario is
 * replaced by that scenario's start; the same scenario keeps its state. The parameter is then
 * taken off the address, so a reload after picking another scenario in the Demo menu keeps it.
 */
async function openScenario(cloud: CloudService, scenario: string | null): Promise<void> {
  if (!scenario) return;
  if (scenario !== (cloud.context.state.scenario ?? 'default')) {
    await cloud.handle({ method: 'POST', path: '/v1/simulation/reset', query: new URLSearchParams(), headers: new Headers(), body: { scenario } });
  }
  const url = new URL(location.href);
  url.searchParams.delete('scenario');
  history.replaceState(history.state, '', url);
}

export async function startMockApi(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const preset = params.get('preset') === 'large' ? 'large' : undefined;
  const cloud = createCloud({ store: localStore(), ...(preset ? { preset } : {}) });
  await openScenario(cloud, params.get('scenario'));
  const faultStorage = typeof sessionStorage === 'undefined' ? null : sessionStorage;
  // Fault injection (mocks/faults.ts) loads only when a URL parameter or this tab switched it on.
  if (/[?&](faults|latency|lose)=/.test(location.search)) (await import('./faults')).faultConfig(location.search, faultStorage);
  const worker = setupWorker(...cloudHandlers(cloud, { latencyMs: 80, faults: () => storedFaults(faultStorage) }));
  await worker.start({
    serviceWorker: { url: `${import.meta.env.BASE_URL}mockServiceWorker.js` },
    onUnhandledRequest: 'bypass',
    quiet: true,
  });
}
