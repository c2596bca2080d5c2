/**
 * The simulated cloud in a Web Worker: the demo's world, its reconcilers and every API answer
 * are computed here, off the page's main thread, so the page only renders (issue 17: a chart
 * page's blocking time was the simulator's; issue 14: the large preset's usage ledger builds
 * on a core of its own). The page (mocks/browser.ts) forwards each call MSW hands it and gets
 * the answer back; the world is kept in the page's localStorage through save messages.
 */
import { routesFor } from '../cloud/routes';
import { createCloud, type CloudService } from '../cloud/service';
import type { FromCloudWorker, ToCloudWorker } from './cloud-protocol';

interface WorkerScope {
  onmessage: ((e: MessageEvent<ToCloudWorker>) => void) | null;
  postMessage(message: FromCloudWorker): void;
}

const scope = globalThis as unknown as WorkerScope;
const post = (m: FromCloudWorker): void => scope.postMessage(m);

let started: ((cloud: CloudService) => void) | null = null;
const cloud = new Promise<CloudService>((resolve) => {
  started = resolve;
});

/** The calls that read the usage ledger (utilization, recommendations, inference, a pod's waste). */
const USAGE_READ = /^\/v1\/(utilization|recommendations|inference)(\/|$)|^\/v1\/pods\/[^/]+\/(waste|inference)$/;

/** The operations every first page calls (the session, the catalog, the Overview's figures): fetched while the world is made. */
const FIRST_CALLS = ['/v1/session', '/v1/catalog', '/v1/overview'];

async function start(saved: string | null, preset: 'default' | 'large' | null, scenario: string | null): Promise<void> {
  for (const path of FIRST_CALLS) void routesFor(path);
  // A turn of the event loop, so their fetches are on the way before the world's generation holds the thread.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const c = createCloud({ store: { load: () => saved, save: (state) => post({ type: 'save', state }) }, ...(preset ? { preset } : {}) });
  // A presenter's link naming a scenario: a world of another scenario is replaced by its start.
  if (scenario && scenario !== (c.context.state.scenario ?? 'default')) {
    await c.handle({ method: 'POST', path: '/v1/simulation/reset', query: new URLSearchParams(), headers: new Headers(), body: { scenario } });
  }
  started?.(c);
  post({ type: 'ready' });
}

/** Settles when the usage reads sent so far are answered. */
let usageTurn: Promise<void> = Promise.resolve();
const noop = (): void => undefined;

scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'start') {
    void start(m.saved, m.preset, m.scenario);
    return;
  }
  // Calls that arrive while the world is being made wait for it, in order. A usage read may start
  // a second builder for a large world's ledger (ledger-prebuild.ts, loaded with the first one).
  const usage = m.method === 'GET' && USAGE_READ.test(m.path) && !m.path.startsWith('/v1/utilization/settings');
  const turn = usageTurn;
  const answered = cloud
    .then(async (c) => {
      if (usage) (await import('./ledger-prebuild')).startLedgerPrebuild(c);
      return c;
    })
    .then(async (c) => {
      // Usage reads one after another, in the order they came: the first is answered as soon as
      // its own days are built (they are then there for the next), rather than all at the end.
      if (usage) await turn;
      return c.handle({ method: m.method, path: m.path, query: new URLSearchParams(m.query), headers: new Headers(m.headers), body: m.body });
    });
  if (usage) usageTurn = answered.then(noop, noop);
  void answered
    .then(
      (response) => post({ type: 'answer', id: m.id, response }),
      (error: unknown) => post({ type: 'answer', id: m.id, error: error instanceof Error ? error.message : String(error) }),
    );
};
