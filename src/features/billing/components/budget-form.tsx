/** Set or change a budget: what it covers, the monthly amount, the alert thresholds and the policy at 100%. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../../api/problem';
import { useSaveBudget } from '../api/save-budget';
import type { Budget, BudgetPolicy } from '../api/types';

export const POLICIES: Array<{ value: BudgetPolicy; label: string; help: string }> = [
  { value: 'notify', label: 'Notify only', help: 'Alerts are listed here; nothing else changes.' },
  { value: 'stop-idle-pods', label: 'Stop idle pods first', help: 'Pods whose GPUs have been idle for 30 minutes are stopped, the most expensive first; busy pods keep running. Their disks are kept.' },
  { value: 'block-launches', label: 'Block new launches', help: 'No new pod can be launched in what the budget covers until next month, or until the budget is raised.' },
];
const THRESHOLD_CHOICES = [50, 80, 90, 100, 120];

/** "12,345.67" → 1234567 cents, exactly; null when it is not an amount. */
export function centsFromInput(text: string): number | null {
  const m = /^\s*\$?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]!.replace(/,/g, '')) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

interface Scope {
  id: string | null;
  name: string;
}

export function BudgetForm({ budget, scopes, onDone }: { budget: Budget | null; scopes: Scope[]; onDone: () => void }) {
  const save = useSaveBudget();
  const [scope, setScope] = useState<string>(budget ? (budget.projectId ?? '') : (scopes[0]?.id ?? ''));
  const [amount, setAmount] = useState(budget ? (budget.amountCents / 100).toFixed(2) : '');
  const [thresholds, setThresholds] = useState<number[]>(budget?.thresholdsPercent ?? [50, 80, 100]);
  const [policy, setPolicy] = useState<BudgetPolicy>(budget?.policy ?? 'notify');
  const [touched, setTouched] = useState(false);
  const amountCents = centsFromInput(amount);
  const local = {
    amountCents: amountCents === null || amountCents < 100 ? 'Enter a monthly amount in US dollars, at least $1.00 (for example 12,000 or 12000.50).' : undefined,
    thresholdsPercent: thresholds.length === 0 ? 'Choose at least one threshold.' : undefined,
  };
  const server = save.error instanceof ApiError ? save.error : null;
  const fieldError = (field: 'projectId' | 'amountCents' | 'thresholdsPercent' | 'policy') => (touched ? (local as Record<string, string | undefined>)[field] : undefined) ?? server?.fieldError(field);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (local.amountCents || local.thresholdsPercent || amountCents === null) return;
    const body = { amountCents, thresholdsPercent: thresholds, policy };
    save.mutate(budget ? { budgetId: budget.id, body } : { budgetId: null, body: { ...body, projectId: scope === '' ? null : scope } }, { onSuccess: onDone });
  };
  const title = budget ? `Change the ${budget.scopeName} budget` : 'New monthly budget';
  // The button that opened the form goes away: focus moves to the form's first field.
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => form.current?.querySelector<HTMLElement>('select, input')?.focus(), []);
  return (
    <form ref={form} onSubmit={submit} noValidate aria-labelledby="budget-form-heading" className="space-y-4 rounded-xl border border-slate-300 p-4 dark:border-slate-600">
      <h3 id="budget-form-heading" className="text-base font-semibold">{title}</h3>
      {!budget && (
        <div className="max-w-md">
          <label htmlFor="budget-scope" className="field-label">Applies to</label>
          <select id="budget-scope" className="field-input" value={scope} onChange={(e) => setScope(e.target.value)} aria-invalid={!!fieldError('projectId')} aria-describedby="budget-scope-error">
            {scopes.map((s) => (
              <option key={s.id ?? ''} value={s.id ?? ''}>
                {s.name}
              </option>
            ))}
          </select>
          <p id="budget-scope-error" className="field-error">{fieldError('projectId')}</p>
        </div>
      )}
      <div className="max-w-md">
        <label htmlFor="budget-amount" className="field-label">Monthly amount (USD)</label>
        <input id="budget-amount" className="field-input" inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} aria-invalid={!!fieldError('amountCents')} aria-describedby="budget-amount-error budget-amount-help" />
        <p id="budget-amount-error" className="field-error">{fieldError('amountCents')}</p>
        <p id="budget-amount-help" className="mt-1 text-xs text-slate-600 dark:text-slate-400">For each calendar month (UTC). Budgets are kept in US dollars, the billing currency.</p>
      </div>
      <fieldset aria-describedby="budget-thresholds-error">
        <legend className="field-label">Alert when spend reaches</legend>
        <div className="mt-1 flex flex-wrap gap-3">
          {THRESHOLD_CHOICES.map((t) => (
            <label key={t} className="inline-flex items-center gap-1.5 text-sm">
              <input type="checkbox" checked={thresholds.includes(t)} onChange={(e) => setThresholds((ts) => (e.target.checked ? [...ts, t].sort((a, b) => a - b) : ts.filter((x) => x !== t)))} />
              {t}%
            </label>
          ))}
        </div>
        <p id="budget-thresholds-error" className="field-error">{fieldError('thresholdsPercent')}</p>
      </fieldset>
      <fieldset>
        <legend className="field-label">When spend reaches the budget (100%)</legend>
        <div className="mt-1 space-y-2">
          {POLICIES.map((p) => (
            <label key={p.value} className="flex items-start gap-2 text-sm">
              <input type="radio" name="budget-policy" className="mt-1" value={p.value} checked={policy === p.value} onChange={() => setPolicy(p.value)} aria-describedby={`policy-${p.value}-help`} />
              <span>
                <span className="font-medium">{p.label}</span>
                <span id={`policy-${p.value}-help`} className="block text-slate-600 dark:text-slate-400">{p.help}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {save.isError && !server?.problem.errors && (
        <p role="alert" className="field-error">{errorMessage(save.error)}</p>
      )}
      <div className="flex gap-2">
        <button type="submit" className="btn-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save budget'}
        </button>
        <button type="button" className="btn-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
