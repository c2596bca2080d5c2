/** Overview: what runs now and what it costs. */
import { PageHeader } from '../../ui/card';
import { OverviewFigures } from '../../features/overview/components/overview-figures';
import { TopRecommendations } from '../../features/recommendations/components/top-recommendations';

export function Component() {
  return (
    <>
      <PageHeader title="Overview" description="What runs now, and what this month has cost so far." />
      <OverviewFigures />
      <TopRecommendations />
    </>
  );
}
