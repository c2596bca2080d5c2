/** A pod's own recommendations, for the bottom of its page. */
import { Link } from 'react-router';
import { formatCentsWhole } from '../../../lib/format';
import { EmptyState, ErrorState, Skeleton } from '../../../ui/states';
import { useRecommendations } from '../api/get-recommendations';
import { RecommendationCard } from './recommendation-card';
import { ResultMessage, useResultMessage } from '../../../ui/result-message';
import { useNames } from './use-names';

export function PodRecommendations({ podId }: { podId: string }) {
  const list = useRecommendations({ podId, status: 'open' });
  const names = useNames();
  const { message, announce, messageRef } = useResultMessage();
  const setAside = list.data ? list.data.counts.dismissed + list.data.counts.snoozed : 0;
  return (
    <section aria-labelledby="pod-recommendations" className="mt-8">
      <h2 id="pod-recommendations" className="text-lg font-semibold">
        Recommendations for this pod
      </h2>
      {list.data && list.data.total > 0 && (
        <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">Together they save {formatCentsWhole(list.data.totalMonthlySavingsCents)} a month.</p>
      )}
      <ResultMessage message={message} messageRef={messageRef} className="mt-1" />
      {list.isPending ? (
        <Skeleton className="h-48 w-full" label="Loading recommendations…" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} minHeight="min-h-48" />
      ) : list.data.items.length === 0 ? (
        <EmptyState title="Nothing to recommend">
          {list.data.podsAwaitingData > 0
            ? `This pod has run for less than ${list.data.minDaysObserved} days: too little to judge yet.`
            : 'This pod fits its GPUs, runs when it is used, and pays the best price its jurisdiction offers.'}
        </EmptyState>
      ) : (
        <ul className="space-y-4">
          {list.data.items.map((r) => (
            <li key={r.id}>
              <RecommendationCard r={r} names={names} onDone={announce} showPodLink={false} />
            </li>
          ))}
        </ul>
      )}
      {setAside > 0 && (
        <p className="mt-3 text-sm">
          <Link className="link" to={`/recommendations?status=dismissed`}>
            {setAside} set aside (dismissed or snoozed)
          </Link>
        </p>
      )}
    </section>
  );
}
