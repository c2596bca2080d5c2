/** What finance can get back: the share of GPU spend that was waste, and the savings the recommendations offer, each with a link. */
import { Link } from 'react-router';
import { formatPercent } from '../../../lib/format';
import { Stat } from '../../../ui/card';
import { ErrorState, Skeleton } from '../../../ui/states';
import { useRecommendationSavings, useWasteShare } from '../api/get-savings-and-waste';
import type { Money } from '../money';

export function WasteAndSavings({ projectId, money }: { projectId: string | undefined; money: Money }) {
  const waste = useWasteShare(projectId);
  const savings = useRecommendationSavings(projectId);
  return (
    <section aria-labelledby="waste-savings-heading">
      <h2 id="waste-savings-heading" className="mb-3 text-base font-semibold">
        Waste and savings
      </h2>
      <div className="grid gap-4 sm:grid-cols-2">
        {waste.isPending ? (
          <Skeleton className="h-32" label="Loading waste…" />
        ) : waste.isError ? (
          <ErrorState error={waste.error} onRetry={() => void waste.refetch()} minHeight="min-h-32" />
        ) : (
          <Stat
            label="Share of GPU spend that was waste, last 30 days"
            value={waste.data.gpuSpendCents > 0 ? formatPercent(waste.data.wasteCents / waste.data.gpuSpendCents, 1) : '—'}
            hint={
              <>
                {money.format(waste.data.wasteCents)} of {money.format(waste.data.gpuSpendCents)}: GPUs idle, under-used or bigger than needed.{' '}
                <Link className="link" to={`/utilization?range=30d${projectId ? `&scope=project&scopeId=${encodeURIComponent(projectId)}` : ''}`}>
                  See where on Utilization
                </Link>
              </>
            }
          />
        )}
        {savings.isPending ? (
          <Skeleton className="h-32" label="Loading savings…" />
        ) : savings.isError ? (
          <ErrorState error={savings.error} onRetry={() => void savings.refetch()} minHeight="min-h-32" />
        ) : (
          <Stat
            label="Savings the recommendations offer"
            value={`${money.format(savings.data.monthlySavingsCents)} a month`}
            hint={
              <>
                From {savings.data.count} open recommendation{savings.data.count === 1 ? '' : 's'}.{' '}
                <Link className="link" to={`/recommendations${projectId ? `?project=${encodeURIComponent(projectId)}` : ''}`}>
                  Review recommendations
                </Link>
              </>
            }
          />
        )}
      </div>
    </section>
  );
}
