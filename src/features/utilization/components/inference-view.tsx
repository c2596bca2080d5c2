/**
 * The Utilization page's Inference tab: for the serving pods in the page's range (and project),
 * what a million tokens cost per model and GPU type beside hosted APIs' list prices, at what
 * throughput, latency and cache use; then by project and by pod, and how it is computed. Loaded
 * only when the tab opens (utilization-page.tsx). Every figure is the API's.
 */
import { lazy, Suspense, useId, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../../../api/queries';
import { formatCents, formatDate, formatDateTime } from '../../../lib/format';
import { Card } from '../../../ui/card';
import { ScrollTable } from '../../../ui/scroll-table';
import { EmptyState, ErrorState, Skeleton } from '../../../ui/states';
import { useInferenceOverTime } from '../api/get-inference-over-time';
import { useInferenceSummary } from '../api/get-inference-summary';
import { formatCount } from '../inference-format';
import { POD_SORTS, inferenceDaysQuery, inferenceQuery, readPodSort, scopeNotApplied, type InferenceSummary, type PodSort } from '../inference-query';
import type { UtilizationParams } from '../params';
import { DisclosureTable, TD, TH } from './disclosure-table';
import { InferenceModelCard } from './inference-model-card';
import { SERVING_COLUMNS, ServingFigures } from './inference-parts';
import { ServingDaysTable } from './serving-days';
import { ServingRecommendationsCard } from './serving-recommendations';

const ServingDaysChart = lazy(() => import('./pod-serving-chart'));

const PAGE = 50;

export default function InferenceView({ params, update }: { params: UtilizationParams; update: (c: Partial<UtilizationParams>) => void }) {
  const [search, setSearch] = useSearchParams();
  const podSort = readPodSort(search.get('podSort'));
  const [limit, setLimit] = useState(PAGE);
  const { data, error, refetch, isFetching } = useInferenceSummary(inferenceQuery(params, podSort, limit));
  const session = useSession();
  const notApplied = scopeNotApplied(params);
  const scopeName = params.scope === 'project' ? (session.data?.projects.find((p) => p.id === params.scopeId)?.name ?? params.scopeId) : (session.data?.organization.name ?? 'The organization');
  const setPodSort = (next: PodSort) =>
    setSearch(
      (prev) => {
        const out = new URLSearchParams(prev);
        if (next === 'spend') out.delete('podSort');
        else out.set('podSort', next);
        return out;
      },
      { replace: true, preventScrollReset: true },
    );

  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} minHeight="min-h-64" />;
  if (!data) return <Skeleton className="h-96 w-full" label="Loading the serving figures…" />;
  return (
    <div aria-busy={isFetching}>
      {notApplied && (
        <p role="note" className="mb-4 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-50">
          Serving figures can be narrowed to a project, not to a {notApplied.toLowerCase().replace('gpu', 'GPU')}: these are the whole organization's. Each model below has a row per GPU type.{' '}
          <button type="button" className="link" onClick={() => update({ scope: 'organization', scopeId: '' })}>
            Show the organization
          </button>
        </p>
      )}
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-300">
        {scopeName}, {formatDateTime(data.window.from)} to {formatDateTime(data.window.to)}: {data.podTotal} serving {data.podTotal === 1 ? 'pod' : 'pods'} ran {data.models.length} {data.models.length === 1 ? 'model' : 'models'}.
      </p>
      {data.podTotal === 0 ? (
        <EmptyState title="No serving pods ran in this range">Pods that serve a model with vLLM report tokens and latency; choose a longer range or another project.</EmptyState>
      ) : (
        <>
          <section aria-labelledby="inference-totals-heading" className="mb-6">
            <h2 id="inference-totals-heading" className="sr-only">
              All serving pods
            </h2>
            <ServingFigures figures={data.totals} />
          </section>
          <ServingOverTime params={params} />
          <ServingRecommendationsCard recommendations={data.recommendations} total={data.recommendationTotal} projectName={(id) => data.projects.find((p) => p.projectId === id)?.projectName ?? id} />
          <h2 className="mb-3 text-lg font-semibold text-slate-900 dark:text-slate-100">Cost per million tokens, by model</h2>
          {data.models.map((m) => (
            <InferenceModelCard key={m.modelId} model={m} />
          ))}
          <ProjectsTable data={data} />
          <PodsTable data={data} sort={podSort} onSort={(s) => { setLimit(PAGE); setPodSort(s); }} onMore={() => setLimit((l) => l + PAGE * 4)} />
        </>
      )}
      <HowServingIsComputed data={data} />
    </div>
  );
}

/** The whole's cost per million tokens by UTC day: a chart loaded with the tab, and the days as a table. */
function ServingOverTime({ params }: { params: UtilizationParams }) {
  const { data, error, refetch } = useInferenceOverTime(inferenceDaysQuery(params));
  const headingId = useId();
  let body: ReactNode;
  if (error && !data) body = <ErrorState error={error} onRetry={() => void refetch()} minHeight="min-h-56" />;
  else if (!data) body = <Skeleton className="h-56 w-full" label="Loading the days…" />;
  else if (data.days.length === 0) body = <p className="text-sm text-slate-700 dark:text-slate-200">No serving pod ran on any day of this range.</p>;
  else
    body = (
      <>
        <Suspense fallback={<Skeleton className="h-56 w-full" label="Loading the chart…" />}>
          <ServingDaysChart days={data.days} />
        </Suspense>
        <DisclosureTable summary="Show the days as a table">{() => <ServingDaysTable days={data.days} label="Serving by day, all pods" />}</DisclosureTable>
      </>
    );
  return (
    <section aria-labelledby={headingId} className="mb-6 rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-700 dark:bg-slate-900">
      <h2 id={headingId} className="text-base font-semibold text-slate-900 dark:text-slate-100">
        Cost per million tokens by day (UTC)
      </h2>
      <p className="mb-2 text-sm text-slate-600 dark:text-slate-300">Every serving pod in view, each day’s GPU spend over its tokens; a day’s spend is split between input and output tokens pod by pod, as each pod’s page does.</p>
      {body}
    </section>
  );
}

function ProjectsTable({ data }: { data: InferenceSummary }) {
  return (
    <Card title="By project" className="mb-6">
      <ScrollTable label="Serving by project">
        <table className="w-full min-w-[72rem] text-sm">
          <caption className="sr-only">Serving figures by project</caption>
          <thead>
            <tr>
              <th scope="col" className={TH}>Project</th>
              <th scope="col" className={TH}>Tokens in / out</th>
              {SERVING_COLUMNS.map((c) => (
                <th key={c.label} scope="col" className={TH}>{c.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.projects.map((p) => (
              <tr key={p.projectId} className="border-t border-slate-100 dark:border-slate-800">
                <th scope="row" className={`${TH} font-medium`}>{p.projectName}</th>
                <td className={TD}>{formatCount(p.figures.promptTokens)} / {formatCount(p.figures.generationTokens)}</td>
                {SERVING_COLUMNS.map((c) => (
                  <td key={c.label} className={TD}>{c.value(p.figures)}</td>
                ))}
              </tr>
            ))}
          </tbody>
          {data.projects.length > 1 && (
            <tfoot>
              <tr className="border-t-2 border-slate-300 font-semibold dark:border-slate-600">
                <th scope="row" className={TH}>All projects</th>
                <td className={TD}>{formatCount(data.totals.promptTokens)} / {formatCount(data.totals.generationTokens)}</td>
                {SERVING_COLUMNS.map((c) => (
                  <td key={c.label} className={TD}>{c.value(data.totals)}</td>
                ))}
              </tr>
            </tfoot>
          )}
        </table>
      </ScrollTable>
    </Card>
  );
}

function PodsTable({ data, sort, onSort, onMore }: { data: InferenceSummary; sort: PodSort; onSort: (s: PodSort) => void; onMore: () => void }) {
  const modelName = (id: string) => data.models.find((m) => m.modelId === id)?.modelName ?? id;
  const projectName = (id: string) => data.projects.find((p) => p.projectId === id)?.projectName ?? id;
  return (
    <Card
      title="By pod"
      className="mb-6"
      actions={
        <div className="flex items-center gap-2">
          <label htmlFor="inference-pod-sort" className="text-sm text-slate-600 dark:text-slate-300">
            Sort pods by
          </label>
          <select id="inference-pod-sort" className="field-input w-auto" value={sort} onChange={(e) => onSort(readPodSort(e.target.value))}>
            {POD_SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
      }
    >
      <ScrollTable label="Serving by pod">
        <table className="w-full min-w-[76rem] text-sm">
          <caption className="sr-only">Serving figures by pod, sorted by {POD_SORTS.find((s) => s.value === sort)?.label.toLowerCase()}: {data.pods.length} of {data.podTotal} pods</caption>
          <thead>
            <tr>
              <th scope="col" className={TH}>Pod</th>
              <th scope="col" className={TH}>Tokens in / out</th>
              {SERVING_COLUMNS.map((c) => (
                <th key={c.label} scope="col" className={TH}>{c.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.pods.map((p) => (
              <tr key={p.podId} className="border-t border-slate-100 dark:border-slate-800">
                <th scope="row" className="px-2 py-1.5 text-left font-medium">
                  <Link className="link" to={`/pods/${encodeURIComponent(p.podId)}`}>
                    {p.podName}
                  </Link>
                  <span className="block text-xs font-normal text-slate-600 dark:text-slate-300">
                    {modelName(p.modelId)} · {p.gpuCount}× {p.gpuTypeId} · {projectName(p.projectId)}
                  </span>
                </th>
                <td className={TD}>{formatCount(p.figures.promptTokens)} / {formatCount(p.figures.generationTokens)}</td>
                {SERVING_COLUMNS.map((c) => (
                  <td key={c.label} className={TD}>{c.value(p.figures)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      {data.podTotal > data.pods.length && (
        <button type="button" className="btn-secondary mt-3" onClick={onMore}>
          Show more ({data.podTotal - data.pods.length} not listed)
        </button>
      )}
    </Card>
  );
}

function HowServingIsComputed({ data }: { data: InferenceSummary }) {
  return (
    <Card title="How we compute serving figures" className="mb-6">
      <div className="space-y-2 text-sm text-slate-700 dark:text-slate-200">
        <p>
          Tokens, requests, latency and caches are the vLLM metrics each serving pod publishes: <code>vllm:prompt_tokens_total</code> and <code>vllm:generation_tokens_total</code> (input and output tokens), <code>vllm:request_success_total</code>, the histograms <code>vllm:time_to_first_token_seconds</code> and <code>vllm:inter_token_latency_seconds</code> (percentiles read from the summed buckets, as Prometheus' <code>histogram_quantile</code> does), <code>vllm:kv_cache_usage_perc</code> and the prefix-cache hits and queries.
        </p>
        <p>
          GPU spend is the usage ledger's, the same the GPU utilization tab sums: a pod's spend here is its spend there, to the cent (disk not included). {data.splitRule.description} Cost per million tokens is each part of the spend over its tokens; blended is all the spend over all the tokens. Performance per dollar is output tokens per second per dollar-hour of spend, shown beside the time to first token it was delivered at: a cheaper GPU that misses the latency is not a saving.
        </p>
        <p>
          Hosted APIs' list prices are standard tier, without batch or cache discounts, each with its date and source (latest {formatDate(`${data.pricesAsOf}T00:00:00Z`)}). Total GPU spend on serving in this range: {formatCents(data.totals.spendCents)}.
        </p>
      </div>
    </Card>
  );
}
