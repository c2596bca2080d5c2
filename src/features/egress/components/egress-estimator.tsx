/** The estimator: inputs from the URL, the price book from the API, and what the transfer costs, before it happens. */
import { useMemo, useState } from 'react';
import { Card } from '../../../ui/card';
import { ErrorState, Skeleton } from '../../../ui/states';
import { useEgressPriceBook } from '../api/get-egress-price-book';
import { estimateEgress } from '../estimate';
import { validateEstimatorParams, writeEstimatorParams, type EstimatorParams } from '../estimator-params';
import { useEstimatorParams } from '../use-estimator-params';
import { EstimatorForm } from './estimator-form';
import { HybridScenario } from './hybrid-scenario';
import { PathSummary } from './path-summary';
import { PriceSources } from './price-sources';
import { Projection } from './projection';
import { ProviderComparison } from './provider-comparison';

function CopyLinkButton({ params }: { params: EstimatorParams }) {
  const [message, setMessage] = useState('');
  const copy = async () => {
    const url = new URL(window.location.href);
    url.search = writeEstimatorParams(url.searchParams, params).toString();
    try {
      await navigator.clipboard.writeText(url.toString());
      setMessage('Link copied: it opens this estimate with the same inputs.');
    } catch {
      setMessage('Copy the address from the address bar: it holds every input.');
    }
  };
  return (
    <div className="flex items-center gap-2">
      <span aria-live="polite" className="text-sm text-slate-600 dark:text-slate-300">
        {message}
      </span>
      <button type="button" className="btn-secondary" onClick={() => void copy()}>
        Copy link to this estimate
      </button>
    </div>
  );
}

export function EgressEstimator() {
  const book = useEgressPriceBook();
  const [params, setParams] = useEstimatorParams();
  const validated = useMemo(() => (book.data ? validateEstimatorParams(params, book.data.places) : null), [params, book.data]);
  const estimate = useMemo(() => (validated?.inputs && book.data ? estimateEgress(validated.inputs, book.data) : null), [validated, book.data]);
  // At least a screen tall: the estimator is taller than a screen once it loads, so the meter
  // below stays out of view until then instead of being pushed down as a reader looks at it.
  if (book.isPending) return <Skeleton className="h-[max(32rem,100svh)]" label="Loading price schedules…" />;
  if (book.isError) return <ErrorState error={book.error} onRetry={() => void book.refetch()} minHeight="min-h-[32rem]" />;
  const pathLabel = estimate?.path.billed ? `This path (${estimate.path.billed.schedule.provider})` : 'This path';
  return (
    <Card title="Estimate a transfer" actions={<CopyLinkButton params={params} />}>
      <EstimatorForm params={params} errors={validated?.errors ?? {}} places={book.data.places} onChange={setParams} />
      {estimate ? (
        <div className="mt-6 space-y-8">
          <PathSummary estimate={estimate} book={book.data} />
          <HybridScenario estimate={estimate} />
          <Projection estimate={estimate} pathLabel={pathLabel} />
          <ProviderComparison estimate={estimate} />
          <PriceSources book={book.data} />
        </div>
      ) : (
        <p className="mt-6 min-h-24 rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm dark:border-slate-600">
          Correct the fields marked above to see what the transfer costs.
        </p>
      )}
    </Card>
  );
}
