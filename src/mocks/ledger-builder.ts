/**
 * The Web Worker of a large world's second usage-ledger builder (cloud/usage-worker.ts, started
 * by ledger-prebuild.ts). A presenter's `?preset=large` link warms one while the simulator makes
 * its world: the builder's code loads and compiles on its own thread meanwhile, instead of after
 * the world exists, when the page's first usage read is waiting for it.
 */
let spare: Worker | null = null;

function create(): Worker {
  return new Worker(new URL('../cloud/usage-worker.ts', import.meta.url), { type: 'module', name: 'usage-prebuild' });
}

/** Starts a builder ahead of need; it waits, idle, for the pods. */
export function warmLedgerBuilder(): void {
  if (!spare && typeof Worker === 'function') spare = create();
}

/** The builder warmed ahead, or a new one. */
export function takeLedgerBuilder(): Worker {
  const w = spare ?? create();
  spare = null;
  return w;
}
