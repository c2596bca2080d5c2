/**
 * The two over-time charts themselves, in a module of their own: Recharts loads with it, after the
 * page's figures are on screen, and its first drawing is a task of its own, not part of the page's.
 * Their ticks are spaced from the chart's width, never measured label by label.
 */
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { components } from '../../../api/schema';
import { formatCents, formatCentsWhole, formatDate, formatDateTime } from '../../../lib/format';
import { CHART_TICK, ChartTooltip, LEGEND_LABEL_STYLE, HORIZONTAL_LINES, tickInterval, X_TICK_MARGIN } from '../../../ui/chart-parts';
import { CATEGORIES } from '../figures';

type Timeseries = components['schemas']['UtilizationTimeseries'];

const gpus = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const shortDate = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const shortTime = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: 'numeric' }); // the viewer's time zone, as every moment

/** GPUs allocated against GPUs active: stepped areas, one point per pixel at most. */
export function AllocatedPlot({ data, width }: { data: Timeseries; width: number }) {
  const multiDay = Date.parse(data.window.to) - Date.parse(data.window.from) > 2 * 86_400_000;
  const tick = (t: string) => (multiDay ? shortDate : shortTime).format(new Date(t));
  // "Dec 7" or "Dec 7, 3 PM" at 12 px, and 40 px between labels; the Y axis takes 48 px.
  const interval = tickInterval(data.points.length, width - 64, multiDay ? 40 : 84, 40);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <AreaChart data={data.points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#94a3b8" strokeOpacity={0.4} {...HORIZONTAL_LINES} />
        <XAxis dataKey="t" tickFormatter={tick} interval={interval} tick={CHART_TICK} tickMargin={X_TICK_MARGIN} />
        <YAxis tick={CHART_TICK} width={48} interval={0} />
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
  );
}

/** Waste per UTC day, stacked by category. */
export function WastePlot({ data, width }: { data: Timeseries; width: number }) {
  // "Dec 7" at 12 px, 24 px apart; the Y axis takes 72 px and the margins 16.
  const interval = tickInterval(data.days.length, width - 88, 40, 24);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data.days} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#94a3b8" strokeOpacity={0.4} {...HORIZONTAL_LINES} />
        <XAxis
          dataKey="date"
          tickFormatter={(d: string) => shortDate.format(new Date(d))}
          interval={interval}
          tick={CHART_TICK}
          tickMargin={X_TICK_MARGIN}
        />
        <YAxis tickFormatter={(c: number) => formatCentsWhole(c)} tick={CHART_TICK} width={72} interval={0} />
        <Tooltip content={<ChartTooltip formatLabel={formatDate} formatValue={formatCents} stacked totalLabel="Waste" />} />
        <Legend labelStyle={LEGEND_LABEL_STYLE} />
        {CATEGORIES.map((c) => (
          <Bar key={c.key} dataKey={`${c.key}Cents`} name={c.label} stackId="waste" fill={c.colour} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
