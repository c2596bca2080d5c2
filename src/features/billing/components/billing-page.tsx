/** The Billing page: headline figures and currency on top, then Spend, Budgets and Invoices as sections in the URL. */
import { useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../../../api/queries';
import { ALL_PROJECTS, useProjectScope } from '../../../lib/project-scope';
import { PageHeader } from '../../../ui/card';
import { ErrorState } from '../../../ui/states';
import { useBillingSummary } from '../api/get-billing-summary';
import { writeBillingParams, type BillingTab } from '../billing-params';
import { useMoney } from '../money';
import { useBillingParams } from '../use-billing-params';
import { ActingBudgets } from './acting-budgets';
import { BudgetsTab } from './budgets-tab';
import { CurrencyPicker } from './currency-picker';
import { InvoicesTab } from './invoices-tab';
import { SpendFigures } from './spend-figures';
import { SpendTab } from './spend-tab';

const TAB_LABELS: Record<BillingTab, string> = { spend: 'Spend', budgets: 'Budgets', invoices: 'Invoices' };

export function BillingPage() {
  const [params, update] = useBillingParams();
  const [search] = useSearchParams();
  const session = useSession();
  const { projectId: scope } = useProjectScope();
  const projectId = scope === ALL_PROJECTS || !session.data?.projects.some((p) => p.id === scope) ? undefined : scope;
  const money = useMoney(params.currency);
  // Invoices are the organization's, for finance and admins (the API answers 403 to engineers).
  const canSeeInvoices = session.data?.user.role === 'admin' || session.data?.user.role === 'finance';
  const tabs: BillingTab[] = canSeeInvoices ? ['spend', 'budgets', 'invoices'] : ['spend', 'budgets'];
  const tab = params.tab === 'invoices' && !canSeeInvoices ? 'spend' : params.tab;
  const hrefFor = (t: BillingTab) => `?${writeBillingParams(search, { tab: t }).toString()}`;
  // Every section reads the same API: when its first read (the headline figures) fails, the page
  // says so once, from the first failure while it keeps retrying, with one Try again for all of
  // it, instead of one red box per section. The header, the tabs and the currency stay.
  const summary = useBillingSummary(projectId);
  const failure = summary.data ? null : summary.isError ? summary.error : summary.failureCount > 0 ? summary.failureReason : null;
  const client = useQueryClient();
  const retry = () => void client.refetchQueries({ type: 'active', predicate: (q) => q.state.status === 'error' || q.state.fetchFailureCount > 0 });
  return (
    <>
      <PageHeader
        title="Billing"
        description="Where the money goes, what the month will cost, and budgets that act before it is spent."
        actions={<CurrencyPicker currency={params.currency} onChange={(currency) => update({ currency })} />}
      />
      <ActingBudgets className="mb-4" />
      {failure === null ? <SpendFigures projectId={projectId} money={money} budgetsHref={hrefFor('budgets')} /> : <ErrorState error={failure} onRetry={retry} minHeight="min-h-36" />}
      <nav aria-label="Billing sections" className="mt-6 mb-4 border-b border-slate-200 dark:border-slate-700">
        <ul className="flex gap-1">
          {tabs.map((t) => (
            <li key={t}>
              <Link
                to={hrefFor(t)}
                aria-current={t === tab ? 'page' : undefined}
                preventScrollReset
                className={`-mb-px inline-block border-b-2 px-3 py-2 text-sm font-medium ${t === tab ? 'border-teal-700 text-teal-900 dark:border-teal-300 dark:text-teal-100' : 'border-transparent text-slate-700 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white'}`}
              >
                {TAB_LABELS[t]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {failure === null && (
        <>
          {tab === 'spend' && <SpendTab params={params} onChange={update} projectId={projectId} money={money} />}
          {tab === 'budgets' && <BudgetsTab money={money} />}
          {tab === 'invoices' && <InvoicesTab money={money} month={params.invoice} onOpen={(invoice) => update({ invoice })} />}
        </>
      )}
    </>
  );
}
