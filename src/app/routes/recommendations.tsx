/** Recommendations: cheaper GPU tiers and the rest of the savings, with their evidence. */
import { RecommendationsPage } from '../../features/recommendations/components/recommendations-page';

export function Component() {
  return <RecommendationsPage />;
}
