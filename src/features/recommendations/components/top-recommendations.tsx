/**
 * The Overview's three biggest savings, with the total: a light list (no chart) that links to
 * the Recommendations page, so the first visit stays small.
 */
import { Link } from 'react-router';
import { formatCentsWhole, formatInteger } from '../../../lib/format';
import { ALL_PROJECTS, useProjectScope } from '../../../lib/project-scope';
import { Card } from '../../../ui/card';
import { EmptyState, ErrorState, Skeleton } from '../../../ui/states';
import { useRecommendations } from '../api/get-recommendations';
import { useNames } from './use-names';
import { KIND_LABELS, recommendationHref, recommendationTitle } from './titles';

export function TopRecommendations() {
  // The header's project scopes them, as it scopes the figures above.
  const { projectId } = useProjectScope();
  const list = useRecommendations({ status: 'open', limit: 3, ...(projectId === ALL_PROJECTS ? {} : { projectId }) });
  const names = useNames();
  return (
    <Card
      className="mt-6"
      title="Top savings"
      actions={
        <Link className="link text-sm" to="/recommendations">
          See all recommendations
        </Link>
      }
    >
      {list.isPending ? (
        <Skeleton className="h-32 w-full" label="Loading recommendations…" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} minHeight="min-h-32" />
      ) : list.data.items.length === 0 ? (
        <EmptyState title="Nothing to save right now" />
      ) : (
        <>
          <p className="text-sm text-slate-700 dark:text-slate-300">
            {formatInteger(list.data.total)} recommendations could save {formatCentsWhole(list.data.totalMonthlySavingsCents)} a month. The biggest:
          </p>
          <ol className="mt-2 divide-y divide-slate-200 dark:divide-slate-700">
            {list.data.items.map((r) => (
              <li key={r.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2">
                <span className="min-w-0">
                  <span className="block text-xs text-slate-600 dark:text-slate-300">{KIND_LABELS[r.kind]}</span>
                  <Link className="link" to={recommendationHref(r)}>
                    {recommendationTitle(r, names)}
                  </Link>
                </span>
                <span className="font-semibold tabular-nums">{formatCentsWhole(r.monthlySavingsCents)} a month</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </Card>
  );
}
