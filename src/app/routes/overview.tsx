/** Overview: what runs now and what it costs, then the biggest savings (loaded once the figures are up). */
import { lazy, Suspense } from 'react';
import { Card, PageHeader } from '../../ui/card';
import { DeferUntilIdle } from '../../ui/defer';
import { Skeleton } from '../../ui/states';
import { OverviewFigures } from '../../features/overview/components/overview-figures';
import { useOverview } from '../../features/overview/api/get-overview';

// After the figures, like the savings: its own small chunk, off the first visit's budget.
const ActingBudgets = lazy(() => import('../../features/billing/components/acting-budgets').then((m) => ({ default: m.ActingBudgets })));
const TopRecommendations = lazy(() => import('../../features/recommendations/components/top-recommendations').then((m) => ({ default: m.TopRecommendations })));

const topSavingsPlaceholder = (
  <Card className="mt-6" title="Top savings">
    <Skeleton className="h-32 w-full" label="Loading recommendations…" />
  </Card>
);

export function Component() {
  const overview = useOverview();
  return (
    <>
      <PageHeader title="Overview" description="What runs now, and what this month has cost so far." />
      <OverviewFigures />
      <DeferUntilIdle when={overview.isSuccess} fallback={null}>
        <Suspense fallback={null}>
          <ActingBudgets className="mt-6" />
        </Suspense>
      </DeferUntilIdle>
      <DeferUntilIdle when={overview.isSuccess} fallback={topSavingsPlaceholder}>
        <Suspense fallback={topSavingsPlaceholder}>
          <TopRecommendations />
        </Suspense>
      </DeferUntilIdle>
    </>
  );
}
