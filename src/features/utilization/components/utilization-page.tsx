/**
 * The Utilization page: range and scope, then two views as tabs. GPU utilization: summary, charts
 * over time, heatmap, idle pods, breakdowns and the definitions. Inference: the serving pods' cost
 * per million tokens, loaded only when that tab opens.
 */
import { lazy, Suspense } from 'react';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../../ui/card';
import { Skeleton } from '../../../ui/states';
import { useUtilizationSummary } from '../api/get-utilization-summary';
import { useUtilizationParams } from '../use-utilization-params';
import { ActivityHeatmap } from './activity-heatmap';
import { BreakdownTable } from './breakdown-table';
import { HowWeCompute } from './how-we-compute';
import { IdleNowList } from './idle-now-list';
import { OverTimeCharts } from './over-time-charts';
import { RangeScopeControls } from './range-scope-controls';
import { SummaryFigures } from './summary-figures';
import { readView, UtilizationTabs, VIEW_PANEL_ID, viewTabId, type UtilizationView } from './utilization-tabs';

const InferenceView = lazy(() => import('./inference-view'));

export function UtilizationPage() {
  const { params, query, update } = useUtilizationParams();
  const [search, setSearch] = useSearchParams();
  const view = readView(search.get('view'));
  const setView = (next: UtilizationView) =>
    setSearch(
      (prev) => {
        const out = new URLSearchParams(prev);
        if (next === 'inference') out.set('view', 'inference');
        else {
          out.delete('view');
          out.delete('podSort');
        }
        return out;
      },
      { replace: true, preventScrollReset: true },
    );
  return (
    <>
      <PageHeader title="Utilization" description="How well we use the GPUs we pay for, and where the money leaks: idle, under-used and oversized GPUs, in dollars; and what a million tokens cost on the GPUs that serve models." />
      <RangeScopeControls params={params} update={update} />
      <UtilizationTabs view={view} onChange={setView} />
      <div id={VIEW_PANEL_ID} role="tabpanel" aria-labelledby={viewTabId(view)}>
        {view === 'inference' ? (
          <Suspense fallback={<Skeleton className="h-96 w-full" label="Loading the serving figures…" />}>
            <InferenceView params={params} update={update} />
          </Suspense>
        ) : (
          <GpuUtilizationView params={params} query={query} update={update} />
        )}
      </div>
    </>
  );
}

function GpuUtilizationView({ params, query, update }: ReturnType<typeof useUtilizationParams>) {
  const summary = useUtilizationSummary(query);
  return (
    <>
      <SummaryFigures summary={summary.data} isLoading={summary.isLoading} error={summary.error} onRetry={() => void summary.refetch()} />
      <OverTimeCharts query={query} />
      <IdleNowList query={query} />
      <BreakdownTable params={params} query={query} update={update} />
      <ActivityHeatmap query={query} />
      <HowWeCompute settings={summary.data?.settings} sampleMs={summary.data?.window.sampleMs} params={params} update={update} />
    </>
  );
}
