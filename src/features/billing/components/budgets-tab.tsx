/** The Budgets tab: each budget's month so far, forecast and run-out date; set and change them (finance and admins); the alerts. */
import { useEffect, useRef, useState } from 'react';
import { useSession } from '../../../api/queries';
import { errorMessage } from '../../../api/problem';
import { formatDate, formatPercent } from '../../../lib/format';
import { Card } from '../../../ui/card';
import { EmptyState, ErrorState, Skeleton } from '../../../ui/states';
import { useBudgets } from '../api/get-budgets';
import { useDeleteBudget } from '../api/save-budget';
import type { Budget } from '../api/types';
import type { Money } from '../money';
import { BudgetAlerts } from './budget-alerts';
import { BudgetForm, POLICIES } from './budget-form';

const HEALTH = { 'on-track': 'On track', 'at-risk': 'Forecast over budget', over: 'Over budget' } as const;

export function BudgetsTab({ money }: { money: Money }) {
  const session = useSession();
  const budgets = useBudgets();
  const remove = useDeleteBudget();
  const [editing, setEditing] = useState<Budget | 'new' | null>(null);
  // When the form closes (saved or cancelled), focus comes back to "New budget", not to the page.
  const newButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  useEffect(() => {
    if (editing === null && wasEditing.current) newButton.current?.focus();
    wasEditing.current = editing !== null;
  }, [editing]);
  const canEdit = session.data?.user.role === 'admin' || session.data?.user.role === 'finance';
  const taken = new Set(budgets.data?.items.map((b) => b.projectId ?? '') ?? []);
  const scopes = [{ id: null, name: `The whole organization (${session.data?.organization.name ?? ''})` }, ...(session.data?.projects ?? []).map((p) => ({ id: p.id, name: p.name }))].filter((s) => !taken.has(s.id ?? ''));
  return (
    <div className="space-y-6">
      <Card
        title="Monthly budgets"
        actions={
          canEdit && editing === null && scopes.length > 0 ? (
            <button ref={newButton} type="button" className="btn-primary" onClick={() => setEditing('new')}>
              New budget
            </button>
          ) : undefined
        }
      >
        {!canEdit && session.data && <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">Finance and admins set budgets; you can see the ones for your projects.</p>}
        {editing !== null && <div className="mb-4"><BudgetForm budget={editing === 'new' ? null : editing} scopes={scopes} onDone={() => setEditing(null)} /></div>}
        {remove.isError && <p role="alert" className="field-error mb-2">{errorMessage(remove.error)}</p>}
        {budgets.isPending ? (
          <Skeleton className="h-32" label="Loading budgets…" />
        ) : budgets.isError ? (
          <ErrorState error={budgets.error} onRetry={() => void budgets.refetch()} minHeight="min-h-32" />
        ) : budgets.data.items.length === 0 ? (
          <EmptyState title="No budgets yet">{canEdit ? 'Set a monthly budget for the organization or a project, with alerts and what to do when it is spent.' : 'None of your projects has a budget.'}</EmptyState>
        ) : (
          <BudgetsTable items={budgets.data.items} money={money} canEdit={canEdit} onEdit={setEditing} onDelete={(b) => remove.mutate(b.id)} />
        )}
      </Card>
      <BudgetAlerts money={money} />
    </div>
  );
}

function BudgetsTable({ items, money, canEdit, onEdit, onDelete }: { items: Budget[]; money: Money; canEdit: boolean; onEdit: (b: Budget) => void; onDelete: (b: Budget) => void }) {
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full min-w-[48rem] text-left text-sm">
        <caption className="sr-only">Budgets and their month so far</caption>
        <thead>
          <tr className="border-b border-slate-200 dark:border-slate-700">
            <th scope="col" className="py-2 pr-3 font-medium">Applies to</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">Monthly budget</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">Spent this month</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">Forecast</th>
            <th scope="col" className="py-2 pr-3 font-medium">Status</th>
            <th scope="col" className="py-2 pr-3 font-medium">Alerts at</th>
            <th scope="col" className="py-2 pr-3 font-medium">At 100%</th>
            {canEdit && <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>}
          </tr>
        </thead>
        <tbody>
          {items.map((b) => (
            <tr key={b.id} className="border-b border-slate-100 align-top dark:border-slate-800">
              <th scope="row" className="py-2 pr-3 font-medium">{b.scopeName}</th>
              <td className="py-2 pr-3 text-right tabular-nums">{money.format(b.amountCents)}</td>
              <td className="py-2 pr-3 text-right tabular-nums">
                {money.format(b.month.spentCents)}
                <span className="block text-xs text-slate-600 dark:text-slate-400">{formatPercent(b.month.percentUsed / 100)} used</span>
              </td>
              <td className="py-2 pr-3 text-right tabular-nums">{money.format(b.month.forecastCents)}</td>
              <td className="py-2 pr-3">
                <span className={b.month.health === 'on-track' ? 'text-emerald-800 dark:text-emerald-300' : 'font-medium text-red-800 dark:text-red-300'}>{HEALTH[b.month.health]}</span>
                <span className="block text-xs text-slate-600 dark:text-slate-400">
                  {b.month.runOutAt === null ? 'Lasts the month at this pace' : b.month.health === 'over' ? `Ran out on ${formatDate(b.month.runOutAt)}` : `Runs out on ${formatDate(b.month.runOutAt)}`}
                  {b.month.launchesBlocked ? '; new launches blocked' : ''}
                </span>
              </td>
              <td className="py-2 pr-3">
                {b.thresholdsPercent.map((t) => `${t}%`).join(', ')}
                {b.month.alertsFiredPercent.length > 0 && <span className="block text-xs text-slate-600 dark:text-slate-400">Fired this month: {b.month.alertsFiredPercent.map((t) => `${t}%`).join(', ')}</span>}
              </td>
              <td className="py-2 pr-3">{POLICIES.find((p) => p.value === b.policy)?.label}</td>
              {canEdit && (
                <td className="py-2 whitespace-nowrap">
                  <button type="button" className="link mr-3" aria-label={`Change the ${b.scopeName} budget`} onClick={() => onEdit(b)}>Change</button>
                  <button type="button" className="link" aria-label={`Delete the ${b.scopeName} budget`} onClick={() => { if (window.confirm(`Delete the ${b.scopeName} budget? Its alerts stay listed.`)) onDelete(b); }}>Delete</button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
