/** A pod's page. Teammates' sections (Waste ledger, Recommendations, Serving) go in the slot at the bottom. */
import { lazy, Suspense } from 'react';
import { useParams } from 'react-router';
import { PodDetailView } from '../../features/pods/components/detail/pod-detail-view';
import { PodRecommendations } from '../../features/recommendations/components/pod-recommendations';
import { PodWasteLedger } from '../../features/utilization/components/pod-waste-ledger';

// A serving pod's section loads on its own, after the page: most pods serve nothing.
const PodServing = lazy(() => import('../../features/utilization/components/pod-serving').then((m) => ({ default: m.PodServing })));

export function Component() {
  const { podId = '' } = useParams();
  return (
    <PodDetailView podId={podId}>
      <div className="mt-4 space-y-4">
        {/* Sections from other features, one line each: Waste ledger, Recommendations, Serving (serving pods only). */}
        <PodWasteLedger podId={podId} />
        <PodRecommendations podId={podId} />
        <Suspense fallback={null}>
          <PodServing podId={podId} />
        </Suspense>
      </div>
    </PodDetailView>
  );
}
