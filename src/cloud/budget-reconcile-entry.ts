/**
 * The budget reconciler as the first visit loads it: nothing but a check that any budget
 * exists. Only then is the evaluator (ledger sums, idle detection, the pod stop) loaded, so a
 * console without budgets never downloads it.
 */
import type { CloudContext } from './context';

export async function reconcileBudgets(ctx: CloudContext, nowMs: number): Promise<void> {
  if (!ctx.state.budgets || ctx.state.budgets.length === 0) return;
  const { reconcileBudgetsNow } = await import('./ops/budget-reconcile');
  reconcileBudgetsNow(ctx, nowMs);
}
