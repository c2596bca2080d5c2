/**
 * Over time: GPUs allocated against GPUs active (at most one point per pixel of the chart, as
 * the API aggregates them), and waste per UTC day by category. Each chart has its table; the charts
 * themselves (Recharts) are in over-time-plots.tsx, loaded once there is something to draw.
 */
import { lazy, Suspense, useRef } from 'react';
import { formatCents, formatDate, formatDateTime } from '../../../lib/format';
import { Card } from '../../../ui/card';
import { WhenNearScreen } from '../../../ui/defer';
import { EmptyState, ErrorState, Skeleton } from '../../../ui/states';
import { useUtilizationTimeseries } from '../api/get-utilization-timeseries';
import { CATEGORIES } from '../figures';
import type { WindowQuery } from '../params';
import { DisclosureTable, TD, TH } from './disclosure-table';
import { useElementWidth } from './use-element-width';

const gpus = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

// Recharts loads with the plots, once there is a series to draw (the page's own chunk stays small,
// so its heading paints first on a slow phone), and each plot is drawn as it nears the screen: on a
// phone both are below the first screen, and drawing them was the page's longest task.
const loadPlots = () => import('./over-time-plots');
const AllocatedPlot = lazy(() => loadPlots().then((m) => ({ default: m.AllocatedPlot })));
const WastePlot = lazy(() => loadPlots().then((m) => ({ default: m.WastePlot })));
const DRAWING = <Skeleton className="h-64 w-full" label="Drawing the chart…" />;

const INTRO = 'mb-2 text-sm text-slate-600 dark:text-slate-300';
const ALLOCATED_INTRO = 'Mean GPUs held by running pods, and how many of them were doing work. The gap is idle time.';
const wasteIntro = (total: string) => `Each UTC day's waste by category; the days add up to ${total}.`;

/**
 * A chart's place while its figures load: the same sentence, chart height and table link as the
 * loaded chart, so nothing below moves when it arrives.
 */
function LoadingChart({ intro, label }: { intro: string; label: string }) {
  return (
    <>
      <p className={INTRO}>{intro}</p>
      <Skeleton className="h-64 w-full" label={label} />
      <div className="mt-3 h-5" aria-hidden="true" />
    </>
  );
}

export function OverTimeCharts({ query }: { query: WindowQuery }) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref);
  // One point per pixel of the chart at most (the API never sends more than asked): the width of
  // the chart's card, half the row's on a wide screen (it was the row's: two points per pixel).
  const maxPoints = Math.min(1000, Math.max(48, width ?? 480));
  const { data, error, refetch, isFetching } = useUtilizationTimeseries(query, maxPoints, width !== undefined);
  return (
    <div className="mb-6 grid gap-4 lg:grid-cols-2" aria-busy={isFetching}>
      <Card title="GPUs allocated and active">
        <div ref={ref}>
          {error && !data ? (
            <ErrorState error={error} onRetry={() => void refetch()} minHeight="min-h-64" />
          ) : !data ? (
            <LoadingChart intro={ALLOCATED_INTRO} label="Loading GPUs over time…" />
          ) : data.points.every((p) => p.allocatedGpus === 0) ? (
            <EmptyState title="No GPUs ran in this range">Choose a longer range or another scope.</EmptyState>
          ) : (
            <>
              <p className={INTRO}>{ALLOCATED_INTRO}</p>
              <div
                className="h-64"
                role="img"
                aria-label={`Chart of GPUs allocated and active over time, ${data.points.length} points; the table below has the same figures.`}
              >
                <WhenNearScreen className="h-full">
                  <Suspense fallback={DRAWING}>
                    <AllocatedPlot data={data} width={width ?? 480} />
                  </Suspense>
                </WhenNearScreen>
              </div>
              <DisclosureTable summary="Show GPUs over time as a table">
                {() => (
                  <table className="w-full text-sm">
                    <caption className="sr-only">GPUs allocated and active, from {formatDateTime(data.window.from)}</caption>
                    <thead>
                      <tr>
                        <th scope="col" className={TH}>
                          From
                        </th>
                        <th scope="col" className={TH}>
                          Allocated GPUs
                        </th>
                        <th scope="col" className={TH}>
                          Active GPUs
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.points.map((p) => (
                        <tr key={p.t} className="border-t border-slate-100 dark:border-slate-800">
                          <td className={TD}>{formatDateTime(p.t)}</td>
                          <td className={TD}>{gpus.format(p.allocatedGpus)}</td>
                          <td className={TD}>{gpus.format(p.activeGpus)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </DisclosureTable>
            </>
          )}
        </div>
      </Card>
      <Card title="Waste per day">
        {error && !data ? (
          <ErrorState error={error} onRetry={() => void refetch()} minHeight="min-h-64" />
        ) : !data ? (
          <LoadingChart intro={wasteIntro('…')} label="Loading waste per day…" />
        ) : data.days.length === 0 ? (
          <EmptyState title="No GPU spend in this range" />
        ) : (
          <>
            <p className={INTRO}>{wasteIntro(formatCents(data.totals.wasteCents))}</p>
            <div
              className="h-64"
              role="img"
              aria-label={`Bar chart of waste per day over ${data.days.length} days, by category; the table below has the same figures.`}
            >
              <WhenNearScreen className="h-full">
                <Suspense fallback={DRAWING}>
                  <WastePlot data={data} width={width ?? 480} />
                </Suspense>
              </WhenNearScreen>
            </div>
            <DisclosureTable summary="Show waste per day as a table">
              {() => (
                <table className="w-full text-sm">
                  <caption className="sr-only">Waste per UTC day by category</caption>
                  <thead>
                    <tr>
                      <th scope="col" className={TH}>
                        Day (UTC)
                      </th>
                      {CATEGORIES.map((c) => (
                        <th key={c.key} scope="col" className={TH}>
                          {c.label}
                        </th>
                      ))}
                      <th scope="col" className={TH}>
                        Waste
                      </th>
                      <th scope="col" className={TH}>
                        GPU spend
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.days.map((d) => (
                      <tr key={d.date} className="border-t border-slate-100 dark:border-slate-800">
                        <td className={TD}>{formatDate(d.date)}</td>
                        <td className={TD}>{formatCents(d.idleCents)}</td>
                        <td className={TD}>{formatCents(d.underUsedCents)}</td>
                        <td className={TD}>{formatCents(d.oversizedCents)}</td>
                        <td className={TD}>{formatCents(d.wasteCents)}</td>
                        <td className={TD}>{formatCents(d.spendCents)}</td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr className="border-t-2 border-slate-300 font-semibold dark:border-slate-600">
                      <th scope="row" className={TH}>
                        Total
                      </th>
                      {CATEGORIES.map((c) => (
                        <td key={c.key} className={TD}>
                          {formatCents(data.totals.waste[c.key].cents)}
                        </td>
                      ))}
                      <td className={TD}>{formatCents(data.totals.wasteCents)}</td>
                      <td className={TD}>{formatCents(data.totals.spendCents)}</td>
                    </tr>
                  </tfoot>
                </table>
              )}
            </DisclosureTable>
          </>
        )}
      </Card>
    </div>
  );
}
