/**
 * A serving pod's own section, for the bottom of its page: the model it serves, what a million
 * of its tokens cost over a chosen range and by day (a chart loaded only for a serving pod, and a
 * table), its throughput, latency and caches, the serving recommendations about it, beside hosted
 * APIs' list prices. A pod that serves no model shows nothing.
 */
import { lazy, Suspense, useId, useState } from 'react';
import { Link } from 'react-router';
import { formatCents, formatDateTime } from '../../../lib/format';
import { Card } from '../../../ui/card';
import { EmptyState, ErrorState, Skeleton } from '../../../ui/states';
import { usePodInference } from '../api/get-pod-inference';
import { NAMED_RANGES, type NamedRange } from '../params';
import { DisclosureTable } from './disclosure-table';
import { HostedTable, ServingFigures } from './inference-parts';
import { ServingDaysTable } from './serving-days';
import { ServingRecommendationList } from './serving-recommendations';
import { ResultMessage, useResultMessage } from '../../../ui/result-message';

const PodServingChart = lazy(() => import('./pod-serving-chart'));
const SIZE_CLASS = { small: '7-8B', large: '70B' } as const;

export function PodServing({ podId }: { podId: string }) {
  const result = useResultMessage();
  const [range, setRange] = useState<NamedRange>('7d');
  const selectId = useId();
  const { data, error, refetch, isFetching } = usePodInference(podId, range);
  // Nothing until the answer says the pod serves a model: most pods do not, and their page stays as it was.
  if (!data && !error) return null;
  if (data && !data.serving) return null;
  return (
    <Card
      title="Serving"
      actions={
        <div className="flex items-center gap-2">
          <label htmlFor={selectId} className="text-sm text-slate-600 dark:text-slate-300">
            Over the
          </label>
          <select id={selectId} className="field-input w-auto" value={range} onChange={(e) => setRange(e.target.value as NamedRange)}>
            {NAMED_RANGES.map((r) => (
              <option key={r.value} value={r.value}>
                last {r.label}
              </option>
            ))}
          </select>
        </div>
      }
    >
      <div aria-busy={isFetching}>
        {!data ? (
          <ErrorState error={error} onRetry={() => void refetch()} minHeight="min-h-32" />
        ) : (
          <>
            <p className="mb-3 text-sm text-slate-700 dark:text-slate-200">
              Serves <strong>{data.model?.name}</strong> ({data.model ? SIZE_CLASS[data.model.sizeClass] : ''}) with vLLM on {data.gpuCount}{' '}
              × {data.gpuTypeName}; {formatDateTime(data.window.from)} to {formatDateTime(data.window.to)}.{' '}
              <Link className="link" to={`/utilization?view=inference${range === '7d' ? '' : `&range=${range}`}`}>
                Compare with the same model on other GPU types
              </Link>
            </p>
            {data.figures.promptTokens + data.figures.generationTokens === 0 ? (
              <EmptyState title="No tokens served in this range">
                {data.figures.spendCents > 0
                  ? `Its GPUs cost ${formatCents(data.figures.spendCents)} and served nothing.`
                  : 'The pod did not run in this range.'}
              </EmptyState>
            ) : (
              <>
                <ServingFigures figures={data.figures} />
                {data.recommendations.length > 0 && (
                  <>
                    <h3 className="mt-4 mb-2 text-sm font-semibold text-slate-900 dark:text-slate-100">Recommendations for this pod</h3>
                    <ServingRecommendationList recommendations={data.recommendations} headingLevel={4} onApplied={result.announce} />
                  </>
                )}
                <ResultMessage message={result.message} messageRef={result.messageRef} className="mt-2" />
                <h3 className="mt-4 mb-2 text-sm font-semibold text-slate-900 dark:text-slate-100">Cost per million tokens by day (UTC)</h3>
                <Suspense fallback={<Skeleton className="h-56 w-full" label="Loading the chart…" />}>
                  <PodServingChart days={data.days} />
                </Suspense>
                <DisclosureTable summary="Show the days as a table">{() => <ServingDaysTable days={data.days} />}</DisclosureTable>
                <h3 className="mt-4 mb-2 text-sm font-semibold text-slate-900 dark:text-slate-100">
                  Hosted APIs for {data.model ? SIZE_CLASS[data.model.sizeClass] : ''} models, at list prices
                </h3>
                <HostedTable
                  hosted={data.hosted}
                  ourSpendCents={data.figures.spendCents}
                  label={`Hosted APIs beside ${data.podName}`}
                  caption={`Hosted API list prices per million tokens, and what ${data.podName}'s tokens in this range would have cost there, against its GPU spend`}
                />
              </>
            )}
          </>
        )}
      </div>
    </Card>
  );
}
