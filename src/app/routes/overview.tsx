/** Overview: what runs now and what it costs, then the biggest savings (loaded once the figures are up). */
import { lazy, Suspense } from 'react';
import { Card, PageHeader } from '../../ui/card';
import { DeferUntilIdle } from '../../ui/defer';
import { Skeleton } from '../../ui/states';
import { OverviewFigures } from '../../features/overview/components/overview-figures';
import { useOverview } from '../../features/overview/api/get-overview';

const AfterFigures = lazy(() => import('./overview-after-figures'));

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
      <DeferUntilIdle when={overview.isSuccess} fallback={topSavingsPlaceholder}>
        <Suspense fallback={topSavingsPlaceholder}>
          <AfterFigures />
        </Suspense>
      </DeferUntilIdle>
    </>
  );
}
