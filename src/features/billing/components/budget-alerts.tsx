/** Alerts the budgets fired: when spend crossed which threshold, how much it was, and what the policy did. */
import { Link } from 'react-router';
import { formatDateTime, formatMonth } from '../../../lib/format';
import { EmptyState, ErrorState, Skeleton } from '../../../ui/states';
import { useBudgetAlerts } from '../api/get-budget-alerts';
import type { BudgetAlert } from '../api/types';
import type { Money } from '../money';

export function BudgetAlerts({ money }: { money: Money }) {
  const alerts = useBudgetAlerts();
  return (
    <section aria-labelledby="alerts-heading" className="space-y-3">
      <h2 id="alerts-heading" className="text-base font-semibold">Alerts</h2>
      {alerts.isPending ? (
        <Skeleton className="h-32" label="Loading alerts…" />
      ) : alerts.isError ? (
        <ErrorState error={alerts.error} onRetry={() => void alerts.refetch()} minHeight="min-h-32" />
      ) : alerts.data.items.length === 0 ? (
        <EmptyState title="No alerts yet">An alert is listed here when a month’s spend reaches one of a budget’s thresholds.</EmptyState>
      ) : (
        <ol className="space-y-2" aria-label="Budget alerts, newest first">
          {alerts.data.items.map((a) => (
            <AlertItem key={a.id} alert={a} money={money} />
          ))}
        </ol>
      )}
    </section>
  );
}

function AlertItem({ alert: a, money }: { alert: BudgetAlert; money: Money }) {
  const late = a.firedAt !== a.crossedAt;
  return (
    <li className={`rounded-lg border p-3 text-sm ${a.thresholdPercent >= 100 ? 'border-red-300 dark:border-red-800' : 'border-amber-300 dark:border-amber-800'}`}>
      <p className="font-medium">
        {a.thresholdPercent}% of the {a.scopeName} budget reached
      </p>
      <p className="text-slate-700 dark:text-slate-300">
        Spend for {formatMonth(`${a.month}-01T00:00:00Z`)} reached {money.format(a.thresholdCents)}, {a.thresholdPercent}% of the {money.format(a.budgetCents)} monthly budget, on {formatDateTime(a.crossedAt)}
        {late ? ` (alerted when the budget was set, ${formatDateTime(a.firedAt)})` : ''}. Spent then: {money.format(a.spentCents)}.
      </p>
      {a.action && <ActionText action={a.action} />}
    </li>
  );
}

function ActionText({ action }: { action: NonNullable<BudgetAlert['action']> }) {
  if (action.kind === 'blocked-launches') return <p className="mt-1 font-medium text-red-800 dark:text-red-300">New launches blocked until {formatDateTime(action.until!)}.</p>;
  if (action.kind === 'no-idle-pods') return <p className="mt-1 text-slate-700 dark:text-slate-300">Policy “stop idle pods first”: no pod was idle, so none was stopped.</p>;
  return (
    <p className="mt-1 font-medium text-red-800 dark:text-red-300">
      Stopped {action.pods.length} idle pod{action.pods.length === 1 ? '' : 's'}:{' '}
      {action.pods.map((p, i) => (
        <span key={p.id}>
          {i > 0 && ', '}
          <Link className="link" to={`/pods/${p.id}`}>
            {p.name}
          </Link>
        </span>
      ))}
      .
    </p>
  );
}
