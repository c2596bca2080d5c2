/**
 * Per-GPU line charts of the DCGM fields (Recharts, loaded with the pod page only). Each is drawn as
 * it nears the screen (on a phone they are all below the first one; drawn together they were the
 * page's longest task), with about six time labels, spaced by count rather than measured.
 */
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PodMetrics } from '../../api/types';
import { formatDateTime } from '../../../../lib/format';
import { chartRows, GPU_COLORS, METRIC_CHARTS } from './metric-series';
import { CHART_TICK_SMALL, ChartTooltip, everyNth, HORIZONTAL_LINES, LEGEND_LABEL_STYLE, X_TICK_MARGIN } from '../../../../ui/chart-parts';
import { WhenNearScreen } from '../../../../ui/defer';

// Hours in the viewer's time zone, as every moment on the page; days are the bill's UTC days.
const timeFormat = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dayFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
/** About six labels on the time axis: "14:05" or "Dec 7" fit six times in the narrowest chart (a 360 px phone's). */
const TIME_LABELS = 6;

export default function GpuCharts({ metrics }: { metrics: PodMetrics }) {
  const tick = (t: string) => (metrics.range === '7d' ? dayFormat : timeFormat).format(new Date(t));
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {METRIC_CHARTS.map((chart) => {
        const rows = chartRows(metrics, chart);
        const limit = chart.limit?.(metrics);
        return (
          <figure key={chart.id} className="rounded-lg border border-slate-200 p-3 dark:border-slate-700">
            <figcaption className="mb-2 text-sm font-medium">
              {chart.title} ({chart.unit}){limit ? ` · ${limit.label} ${limit.value} ${chart.unit}` : ''}
            </figcaption>
            <div className="h-48" role="img" aria-label={`${chart.title} per GPU over the range; choose Table to read the values`}>
              <WhenNearScreen className="h-full">
                <ResponsiveContainer width="100%" height="100%">
                  <LineChart accessibilityLayer={false} data={rows} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
                    <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} {...HORIZONTAL_LINES} />
                    <XAxis dataKey="t" tickFormatter={tick} interval={everyNth(rows.length, TIME_LABELS)} tick={CHART_TICK_SMALL} tickMargin={X_TICK_MARGIN} />
                    <YAxis domain={chart.domain ?? [0, 'auto']} tick={CHART_TICK_SMALL} interval={0} />
                    <Tooltip content={<ChartTooltip formatLabel={(t) => formatDateTime(t)} formatValue={(v) => `${String(v)} ${chart.unit}`} />} />
                    {metrics.gpus.length > 1 && <Legend wrapperStyle={{ fontSize: 11 }} labelStyle={LEGEND_LABEL_STYLE} />}
                    {limit && <ReferenceLine y={limit.value} stroke="currentColor" strokeDasharray="4 4" />}
                    {metrics.gpus.map((g) => (
                      <Line key={g.gpuIndex} type="monotone" dataKey={`gpu${g.gpuIndex}`} name={`GPU ${g.gpuIndex}`} stroke={GPU_COLORS[g.gpuIndex % GPU_COLORS.length]} dot={false} strokeWidth={1.5} isAnimationActive={false} connectNulls={false} />
                    ))}
                  </LineChart>
                </ResponsiveContainer>
              </WhenNearScreen>
            </div>
          </figure>
        );
      })}
    </div>
  );
}
