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
import { warmLedgerBuilder } from './ledger-builder';

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
  if (preset === 'large') warmLedgerBuilder();
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

/**
 * Which of several waiting usage reads goes first (lower first; the same, in the order they
 * came): a page's headline figures (the Utilization summary, the recommendations), then its
 * charts and tables, and last the reads that walk far back (idle right now: 30 days of an idle
 * pod's history; the heatmap). On the large preset the page's four first reads arrive together
 * and took seconds each, in the order the page happened to send them.
 */
function usagePriority(path: string): number {
  if (path === '/v1/utilization/summary' || path === '/v1/recommendations') return 0;
  if (path === '/v1/utilization/idle-now' || path === '/v1/utilization/heatmap') return 2;
  return 1;
}

/** How long the first usage read of a burst waits for the rest of it (a page sends its reads within a few ms). */
const GATHER_MS = 20;

interface WaitingRead {
  priority: number;
  order: number;
  run: () => Promise<void>;
}
const waiting: WaitingRead[] = [];
let arrived = 0;
let draining = false;

/**
 * Usage reads one at a time: the first is answered as soon as its own days are built (they are
 * then there for the next), rather than all at the end; of those waiting, the most urgent first.
 */
function queueUsageRead(path: string, run: () => Promise<void>): void {
  waiting.push({ priority: usagePriority(path), order: arrived++, run });
  if (draining) return;
  draining = true;
  setTimeout(() => void drain(), GATHER_MS);
}

async function drain(): Promise<void> {
  while (waiting.length > 0) {
    let best = 0;
    for (let i = 1; i < waiting.length; i++) {
      const w = waiting[i]!;
      const b = waiting[best]!;
      if (w.priority < b.priority || (w.priority === b.priority && w.order < b.order)) best = i;
    }
    const [next] = waiting.splice(best, 1);
    await next!.run();
    // A turn of the event loop: calls that came meanwhile join the queue before the next pick.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  draining = false;
}

scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'start') {
    void start(m.saved, m.preset, m.scenario);
    return;
  }
  // Calls that arrive while the world is being made wait for it. A usage read may start a second
  // builder for a large world's ledger (ledger-prebuild.ts, loaded with the first one).
  const usage = m.method === 'GET' && USAGE_READ.test(m.path) && !m.path.startsWith('/v1/utilization/settings');
  const answer = (c: CloudService): Promise<void> =>
    c.handle({ method: m.method, path: m.path, query: new URLSearchParams(m.query), headers: new Headers(m.headers), body: m.body }).then(
      (response) => post({ type: 'answer', id: m.id, response }),
      (error: unknown) => post({ type: 'answer', id: m.id, error: error instanceof Error ? error.message : String(error) }),
    );
  void cloud.then(async (c) => {
    if (!usage) return answer(c);
    try {
      (await import('./ledger-prebuild')).startLedgerPrebuild(c);
    } catch {
      // The second builder is a help, never a condition: the read builds what it needs itself.
    }
    queueUsageRead(m.path, () => answer(c));
  });
};
