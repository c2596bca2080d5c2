/**
 * Things the simulated cloud does on its own as time passes (a budget policy firing, say).
 * Before answering any request, the service runs every reconciler against the current time.
 * Each is loaded lazily; keep them cheap, idempotent and pure functions of state and time.
 * Prefer scheduling future transitions at the moment of a change (see lifecycle.ts) where you can.
 */
import type { CloudContext } from './context';

/**
 * A reconciler may return a promise: one that has nothing to do most of the time can then load
 * its heavy part only when it has work (the first visit stays small), and is awaited.
 */
export type Reconciler = (ctx: CloudContext, nowMs: number) => void | Promise<void>;

/** Features add one line here: () => import('./ops/<feature>').then((m) => m.reconcile<Feature>). */
const reconcilerLoaders: Array<() => Promise<Reconciler>> = [
  () => import('./pods-autostop').then((m) => m.reconcileAutoStop),
  () => import('./reconcile-watches').then((m) => m.reconcileWatches),
];

/**
 * Reconcilers run at most once per minute of simulated time. Every change a request makes
 * schedules its own consequences (a launch schedules its auto-stop), and reconcilers only
 * catch up with time that has passed, so nothing is due sooner: the shortest auto-stop is
 * 30 minutes and budget alerts record the moment spend crossed, not the moment they were seen.
 * A fresh world is consistent at its anchor, so a first visit loads no reconciler code at all.
 */
export const RECONCILE_EVERY_MS = 60_000;

let loaded: Promise<Reconciler[]> | null = null;

/**
 * Runs the reconcilers if a minute of simulated time has passed since they last ran; with force,
 * now anyway (a server catching an organization up in the background, before its requests would).
 */
export async function reconcile(ctx: CloudContext, options: { force?: boolean } = {}): Promise<void> {
  if (reconcilerLoaders.length === 0) return;
  const now = ctx.now();
  const last = ctx.state.reconciledAtMs ?? ctx.state.anchorMs;
  if (!options.force && now >= last && now - last < RECONCILE_EVERY_MS) return;
  loaded ??= Promise.all(reconcilerLoaders.map((load) => load()));
  for (const r of await loaded) await r(ctx, now);
  ctx.state.reconciledAtMs = now;
  ctx.save();
}
