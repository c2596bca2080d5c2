/**
 * Over time: GPUs allocated against GPUs active (at most one point per pixel of the chart, as
 * the API aggregates them), and waste per UTC day by category. Each chart has its table.
 */
import { useRef } from 'react';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCents, formatCentsWhole, formatDate, formatDateTime } from '../../../lib/format';
import { Card } from '../../../ui/card';
import { CHART_TICK, ChartTooltip, LEGEND_LABEL_STYLE, X_TICK_MARGIN } from '../../../ui/chart-parts';
import { EmptyState, ErrorState, Skeleton } from '../../../ui/states';
import { useUtilizationTimeseries } from '../api/get-utilization-timeseries';
import { CATEGORIES } from '../figures';
import type { WindowQuery } from '../params';
import { DisclosureTable, TD, TH } from './disclosure-table';
import { useElementWidth } from './use-element-width';

const gpus = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const shortDate = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const shortTime = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: 'numeric' }); // the viewer's time zone, as every moment

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
  const { data, error, refetch, isFetching } = useUtilizationTimeseries(query, maxPoints);
  const multiDay = data ? Date.parse(data.window.to) - Date.parse(data.window.from) > 2 * 86_400_000 : true;
  const tick = (t: string) => (multiDay ? shortDate : shortTime).format(new Date(t));
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
                <ResponsiveContainer width="100%" height="100%">
                  <AreaChart data={data.points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                    <CartesianGrid strokeDasharray="3 3" stroke="#94a3b8" strokeOpacity={0.4} />
                    <XAxis dataKey="t" tickFormatter={tick} minTickGap={40} tick={CHART_TICK} tickMargin={X_TICK_MARGIN} />
                    <YAxis tick={CHART_TICK} width={48} />
                    <Tooltip content={<ChartTooltip formatLabel={formatDateTime} formatValue={(v) => gpus.format(v)} />} />
                    <Legend labelStyle={LEGEND_LABEL_STYLE} />
                    <Area
                      type="stepAfter"
                      dataKey="allocatedGpus"
                      name="Allocated GPUs"
                      stroke="#64748b"
                      fill="#cbd5e1"
                      fillOpacity={0.6}
                      isAnimationActive={false}
                    />
                    <Area
                      type="stepAfter"
                      dataKey="activeGpus"
                      name="Active GPUs"
                      stroke="#0f766e"
                      fill="#14b8a6"
                      fillOpacity={0.6}
                      isAnimationActive={false}
                    />
                  </AreaChart>
                </ResponsiveContainer>
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
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={data.days} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
                  <CartesianGrid strokeDasharray="3 3" stroke="#94a3b8" strokeOpacity={0.4} vertical={false} />
                  <XAxis
                    dataKey="date"
                    tickFormatter={(d: string) => shortDate.format(new Date(d))}
                    minTickGap={24}
                    tick={CHART_TICK}
                    tickMargin={X_TICK_MARGIN}
                  />
                  <YAxis tickFormatter={(c: number) => formatCentsWhole(c)} tick={CHART_TICK} width={72} />
                  <Tooltip content={<ChartTooltip formatLabel={formatDate} formatValue={formatCents} stacked totalLabel="Waste" />} />
                  <Legend labelStyle={LEGEND_LABEL_STYLE} />
                  {CATEGORIES.map((c) => (
                    <Bar key={c.key} dataKey={`${c.key}Cents`} name={c.label} stackId="waste" fill={c.colour} isAnimationActive={false} />
                  ))}
                </BarChart>
              </ResponsiveContainer>
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
