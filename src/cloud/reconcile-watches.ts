/**
 * The reconcilers that watch figures, as the first visit loads them: a check that any budget
 * exists (only then is the budget evaluator loaded: ledger sums, idle detection, the pod stop), and
 * the notifications of figures crossing a line (notify-reconcile.ts: egress hourly,
 * recommendations daily), which does nothing before an hour of simulated time has passed; and
 * a check that anyone watches for GPUs to free up (only then is ops/capacity-watches.ts loaded);
 * and launches that failed while provisioning, their owners told when it happens.
 */
import type { CloudContext } from './context';

export async function reconcileWatches(ctx: CloudContext, nowMs: number): Promise<void> {
  if (ctx.state.budgets && ctx.state.budgets.length > 0) {
    const { reconcileBudgetsNow } = await import('./ops/budget-reconcile');
    reconcileBudgetsNow(ctx, nowMs);
  }
  if (ctx.state.capacityWatches && ctx.state.capacityWatches.length > 0) {
    const { reconcileCapacityWatchesNow } = await import('./ops/capacity-watches');
    reconcileCapacityWatchesNow(ctx, nowMs);
  }
  const failures = ctx.state.launchFailures;
  if (failures && failures.some((f) => f.atMs <= nowMs)) {
    const { notifyLaunchFailed } = await import('./notifications');
    const later = failures.filter((f) => {
      if (f.atMs > nowMs) return true;
      const pod = ctx.state.pods.find((p) => p.id === f.podId);
      if (pod) notifyLaunchFailed(ctx, pod, f.reason, f.atMs);
      return false;
    });
    if (later.length > 0) ctx.state.launchFailures = later;
    else delete ctx.state.launchFailures;
    ctx.save();
  }
  const { reconcileWatchedFigures } = await import('./notify-reconcile');
  await reconcileWatchedFigures(ctx, nowMs);
}
