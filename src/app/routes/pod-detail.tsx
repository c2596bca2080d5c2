/** A pod's page. Teammates' sections (Waste ledger, Recommendations) go in the slot at the bottom. */
import { useParams } from 'react-router';
import { PodDetailView } from '../../features/pods/components/detail/pod-detail-view';
import { PodRecommendations } from '../../features/recommendations/components/pod-recommendations';
import { PodWasteLedger } from '../../features/utilization/components/pod-waste-ledger';

export function Component() {
  const { podId = '' } = useParams();
  return (
    <PodDetailView podId={podId}>
      <div className="mt-4 space-y-4">
        {/* Sections from other features, one line each: Waste ledger, Recommendations. */}
        <PodWasteLedger podId={podId} />
        <PodRecommendations podId={podId} />
      </div>
    </PodDetailView>
  );
}
