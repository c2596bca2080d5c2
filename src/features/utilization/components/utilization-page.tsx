/** The Utilization page: range and scope, summary, charts over time, heatmap, idle pods, breakdowns and the definitions. */
import { PageHeader } from '../../../ui/card';
import { useUtilizationSummary } from '../api/get-utilization-summary';
import { useUtilizationParams } from '../use-utilization-params';
import { ActivityHeatmap } from './activity-heatmap';
import { BreakdownTable } from './breakdown-table';
import { HowWeCompute } from './how-we-compute';
import { IdleNowList } from './idle-now-list';
import { OverTimeCharts } from './over-time-charts';
import { RangeScopeControls } from './range-scope-controls';
import { SummaryFigures } from './summary-figures';

export function UtilizationPage() {
  const { params, query, update } = useUtilizationParams();
  const summary = useUtilizationSummary(query);
  return (
    <>
      <PageHeader title="Utilization" description="How well we use the GPUs we pay for, and where the money leaks: idle, under-used and oversized GPUs, in dollars." />
      <RangeScopeControls params={params} update={update} />
      <SummaryFigures summary={summary.data} isLoading={summary.isLoading} error={summary.error} onRetry={() => void summary.refetch()} />
      <OverTimeCharts query={query} />
      <IdleNowList query={query} />
      <BreakdownTable params={params} query={query} update={update} />
      <ActivityHeatmap query={query} />
      <HowWeCompute settings={summary.data?.settings} sampleMs={summary.data?.window.sampleMs} params={params} update={update} />
    </>
  );
}
