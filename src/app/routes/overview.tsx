/** Overview: what runs now and what it costs, then the biggest savings (loaded once the figures are up). */
import { lazy, Suspense } from 'react';
import { Card, PageHeader } from '../../ui/card';
import { DeferUntilIdle } from '../../ui/defer';
import { Skeleton } from '../../ui/states';
import { OverviewFigures } from '../../features/overview/components/overview-figures';
import { useOverview } from '../../features/overview/api/get-overview';
import { useCatalog } from '../../api/queries';

const AfterFigures = lazy(() => import('./overview-after-figures'));

const topSavingsPlaceholder = (
  <Card className="mt-6" title="Top savings">
    <Skeleton className="h-32 w-full" label="Loading recommendations…" />
  </Card>
);

export function Component() {
  const overview = useOverview();
  const catalog = useCatalog();
  // The figures are final once the GPU names are known too (OverviewFigures). Nothing is drawn
  // below them before that, so they never push a placeholder down as they arrive.
  const figuresUp = overview.isSuccess && !catalog.isPending;
  return (
    <>
      <PageHeader title="Overview" description="What runs now, and what this month has cost so far." />
      <OverviewFigures />
      <DeferUntilIdle when={figuresUp} fallback={figuresUp ? topSavingsPlaceholder : null}>
        <Suspense fallback={topSavingsPlaceholder}>
          <AfterFigures />
        </Suspense>
      </DeferUntilIdle>
    </>
  );
}
