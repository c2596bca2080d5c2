/** The Spend tab: spend over time stacked by one dimension (chart or table), the breakdown with its pods, waste and savings. */
import { useCatalog } from '../../../api/queries';
import { formatDate } from '../../../lib/format';
import { Card } from '../../../ui/card';
import { EmptyState, ErrorState, Skeleton } from '../../../ui/states';
import { useBillingSummary } from '../api/get-billing-summary';
import { useBillingSpend } from '../api/get-billing-spend';
import { DIMENSIONS, spendQueryOf, type BillingParams } from '../billing-params';
import type { Money } from '../money';
import { BreakdownItems } from './breakdown-items';
import { BreakdownSection } from './breakdown-table';
import { SpendChart, SpendLegend } from './spend-chart';
import { SpendControls } from './spend-controls';
import { SpendTable } from './spend-table';
import { WasteAndSavings } from './waste-and-savings';

const day = (d: string) => formatDate(`${d}T00:00:00Z`);

export function SpendTab({ params, onChange, projectId, money }: { params: BillingParams; onChange: (patch: Partial<BillingParams>) => void; projectId: string | undefined; money: Money }) {
  // Every view is computed for the moment the headline figures are for, so they agree to the cent.
  const summary = useBillingSummary(projectId);
  const ready = summary.isSuccess || summary.isError;
  const query = { ...spendQueryOf(params, projectId), ...(summary.data ? { asOf: summary.data.asOf } : {}) };
  const spend = useBillingSpend({ ...query, by: params.by, granularity: params.granularity }, ready);
  const catalog = useCatalog();
  const dimension = DIMENSIONS.find((d) => d.value === params.by)!;
  const focus = spend.data?.series.some((s) => s.key === params.focus) ? params.focus : null;
  const gpuName = (id: string) => catalog.data?.gpuTypes.find((g) => g.id === id)?.name ?? id;
  const regionName = (id: string) => catalog.data?.regions.find((r) => r.id === id)?.name ?? id;
  const largest = spend.data?.series[0];
  return (
    <div className="space-y-6">
      <SpendControls params={params} shown={spend.data ? { from: spend.data.from, to: spend.data.to } : undefined} onChange={onChange} />
      <Card title={`Spend over time by ${dimension.noun}`}>
        {spend.isPending ? (
          <Skeleton className="h-80" label="Loading spend over time…" />
        ) : spend.isError ? (
          <ErrorState error={spend.error} onRetry={() => void spend.refetch()} minHeight="min-h-80" />
        ) : spend.data.totalCents === 0 ? (
          <EmptyState title="No spend in this range">Pick a longer range, or another project.</EmptyState>
        ) : (
          <div className="space-y-3" aria-busy={spend.isPlaceholderData}>
            <p className="text-sm text-slate-700 dark:text-slate-300">
              {money.format(spend.data.totalCents)} from {day(spend.data.from)} to {day(spend.data.to)}
              {largest ? `; the largest ${dimension.noun} is ${largest.label} at ${money.format(largest.totalCents)}.` : '.'}
            </p>
            <SpendLegend data={spend.data} money={money} focus={focus} onFocus={(key) => onChange({ focus: key })} />
            {params.view === 'chart' ? <SpendChart data={spend.data} money={money} focus={focus} /> : <SpendTable data={spend.data} money={money} focus={focus} dimensionNoun={dimension.noun} />}
            {params.view === 'chart' && (
              <button type="button" className="link text-sm" onClick={() => onChange({ view: 'table' })}>
                Show these figures as a table
              </button>
            )}
          </div>
        )}
      </Card>
      <Card>
        <div className="space-y-4">
          <BreakdownSection enabled={ready} query={{ ...query, by: params.by }} money={money} dimensionLabel={dimension.label} dimensionNoun={dimension.noun} drill={params.drill} onDrill={(key) => onChange({ drill: key })} />
          {params.drill && <BreakdownItems query={{ ...query, by: params.by, key: params.drill }} money={money} gpuName={gpuName} regionName={regionName} onClose={() => onChange({ drill: null })} />}
        </div>
      </Card>
      <WasteAndSavings projectId={projectId} money={money} />
    </div>
  );
}
