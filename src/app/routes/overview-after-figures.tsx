/** What the Overview shows once its figures are up, in one chunk off the first visit: budgets acting on the user's projects, then the top savings. */
import { ActingBudgets } from '../../features/billing/components/acting-budgets';
import { TopRecommendations } from '../../features/recommendations/components/top-recommendations';

export default function OverviewAfterFigures() {
  return (
    <>
      <ActingBudgets className="mt-6" />
      <TopRecommendations />
    </>
  );
}
