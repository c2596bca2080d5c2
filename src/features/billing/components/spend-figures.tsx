/** The figures finance opens Billing for: month to date, last month, the forecast with its range and method, the budget. */
import { Link } from 'react-router';
import { formatDate, formatMonth, formatPercent } from '../../../lib/format';
import { Stat } from '../../../ui/card';
import { ErrorState, Skeleton } from '../../../ui/states';
import { useActingBudgets } from '../api/get-acting-budgets';
import { useBillingSummary } from '../api/get-billing-summary';
import type { BillingSummary } from '../api/types';
import type { Money } from '../money';

const utc = (day: string) => `${day}T00:00:00Z`;

export function SpendFigures({ projectId, money, budgetsHref }: { projectId: string | undefined; money: Money; budgetsHref: string }) {
  const summary = useBillingSummary(projectId);
  if (summary.isPending) {
    return (
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-36" label="Loading spend figures…" />
        ))}
      </div>
    );
  }
  if (summary.isError) return <ErrorState error={summary.error} onRetry={() => void summary.refetch()} minHeight="min-h-36" />;
  const s = summary.data;
  const month = formatMonth(utc(s.monthStart));
  const mtd = s.monthToDate;
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <Stat label="Month to date" value={money.format(mtd.totalCents)} hint={`GPU ${money.format(mtd.gpuCents)} · disk ${money.format(mtd.diskCents)} · egress ${money.format(mtd.egressCents)}`} />
        <Stat label={`Last month (${formatMonth(utc(`${s.lastMonth.month}-01`))})`} value={money.format(s.lastMonth.totalCents)} hint={`${money.format(s.lastMonth.sameDaysCents)} by the same day`} />
        <Stat label={`Forecast for ${month}`} value={money.format(s.forecast.monthEndCents)} hint={`Range ${money.format(s.forecast.lowCents)} to ${money.format(s.forecast.highCents)}`} />
        <BudgetStat summary={s} money={money} budgetsHref={budgetsHref} />
      </div>
      <ForecastMethod summary={s} money={money} />
    </>
  );
}

function BudgetStat({ summary, money, budgetsHref }: { summary: BillingSummary; money: Money; budgetsHref: string }) {
  const b = summary.budget;
  // A budget the user cannot see (the organization's, for an engineer) may still act on their projects.
  const over = useActingBudgets().data?.items[0];
  if (!b && over) return <Stat label="Budget" value="Spent" hint={`The ${over.scopeName} budget acts on your projects: see above.`} />;
  if (!b) {
    return <Stat label="Budget" value="No budget" hint={<Link className="link" to={budgetsHref}>Budgets for {summary.scopeName}</Link>} />;
  }
  const st = b.status;
  const runOut =
    st.runOutAt === null
      ? 'Lasts the month at this pace'
      : st.health === 'over'
        ? `Ran out on ${formatDate(st.runOutAt)}`
        : `Runs out on ${formatDate(st.runOutAt)} at this pace`;
  return (
    <Stat label={`Budget for ${summary.scopeName}`} value={`${formatPercent(st.percentUsed / 100)} used`} hint={`${money.format(st.spentCents)} of ${money.format(b.amountCents)}`}>
      <p className={`mt-1 text-sm font-medium ${st.health === 'on-track' ? 'text-emerald-800 dark:text-emerald-300' : 'text-red-800 dark:text-red-300'}`}>{runOut}</p>
    </Stat>
  );
}

function ForecastMethod({ summary, money }: { summary: BillingSummary; money: Money }) {
  const f = summary.forecast;
  const b = summary.budget;
  return (
    <div className="mt-3 space-y-2 text-sm">
      {b && b.status.health === 'at-risk' && (
        <p className="rounded-lg border border-amber-400 bg-amber-50 px-3 py-2 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          The forecast of {money.format(f.monthEndCents)} passes the {summary.scopeName} budget of {money.format(b.amountCents)}: at this pace it runs out on {formatDate(b.status.runOutAt!)}.
        </p>
      )}
      <details className="rounded-lg border border-slate-200 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900">
        <summary className="cursor-pointer font-medium">How the forecast is made</summary>
        <p className="mt-2 text-slate-700 dark:text-slate-300">{f.method}</p>
        <dl className="mt-2 grid gap-x-6 gap-y-1 sm:grid-cols-2">
          <div className="flex justify-between gap-2">
            <dt>Run-rate now</dt>
            <dd className="tabular-nums">{money.format(f.runRateCentsPerDay)} a day</dd>
          </div>
          <div className="flex justify-between gap-2">
            <dt>Last 7 days’ average</dt>
            <dd className="tabular-nums">{money.format(f.recentAverageCentsPerDay)} a day</dd>
          </div>
          <div className="flex justify-between gap-2">
            <dt>14-day trend</dt>
            <dd className="tabular-nums">
              {f.trendCentsPerDayPerDay >= 0 ? '+' : '−'}
              {money.format(Math.round(Math.abs(f.trendCentsPerDayPerDay)))} a day, each day
            </dd>
          </div>
          <div className="flex justify-between gap-2">
            <dt>Days the trend rests on</dt>
            <dd className="tabular-nums">{f.daysObserved}</dd>
          </div>
        </dl>
        <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
          Figures for {summary.scopeName}, {summary.egressIncluded ? 'GPU compute, disk and egress' : 'GPU compute and disk'}, as of {formatDate(summary.asOf)}.
        </p>
      </details>
    </div>
  );
}
