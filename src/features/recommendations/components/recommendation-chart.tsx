/**
 * The small chart of the metric a recommendation rests on, as the API aggregated it, with the
 * same numbers as a table (the chart itself is hidden from screen readers).
 */
import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatInteger, formatPercent, formatRatePerHour } from '../../../lib/format';
import type { Recommendation } from '../api/get-recommendations';
import type { Names } from './titles';
import { CHART_TICK_SMALL, ChartTooltip, HORIZONTAL_LINES, X_TICK_MARGIN } from '../../../ui/chart-parts';

type Series = Recommendation['series'];

const BAR_COLOR = '#0d9488';
const REFERENCE_COLORS = ['#b45309', '#7c3aed'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const shortDate = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export const SERIES_TITLES: Record<Series['metric'], string> = {
  'memory-used': 'Peak memory used, per GPU',
  'sm-active': 'SM activity (95th percentile), per GPU',
  'idle-share': 'Share of each hour of the week spent idle (Montréal time)',
  'gpus-in-use': 'Fewest GPUs in use each day',
  rate: 'Price per GPU-hour, by region',
};

function xLabel(series: Series, x: string, names: Names): string {
  switch (series.xUnit) {
    case 'gpu-index':
      return `GPU ${x}`;
    case 'hour-of-week': {
      const h = Number(x);
      return `${DAYS[Math.floor(h / 24)]?.slice(0, 3) ?? ''} ${String(h % 24).padStart(2, '0')}:00`;
    }
    case 'date':
      return shortDate.format(new Date(`${x}T00:00:00Z`));
    case 'region':
      return names.region(x);
  }
}

export function formatSeriesValue(series: Series, value: number): string {
  switch (series.unit) {
    case 'GiB':
      return `${oneDecimal.format(value)} GiB`;
    case 'ratio':
      return formatPercent(value);
    case 'gpus':
      return `${oneDecimal.format(value)} GPUs`;
    case 'microUsdPerGpuHour':
      return formatRatePerHour(value);
  }
}

/** One line per value: references at the same value (two GPUs with the same memory) share a line and a label. */
function referenceLines(series: Series): Array<{ label: string; value: number }> {
  const lines: Array<{ label: string; value: number }> = [];
  for (const r of series.references) {
    const same = lines.find((l) => l.value === r.value);
    if (same) same.label = `${same.label} and ${r.label}`;
    else lines.push({ label: r.label, value: r.value });
  }
  return lines;
}

export function RecommendationChart({ series, names }: { series: Series; names: Names }) {
  const data = series.points.map((p) => ({ label: xLabel(series, p.x, names), value: p.value }));
  const maxReference = Math.max(0, ...series.references.map((r) => r.value));
  const maxValue = Math.max(0, ...series.points.map((p) => p.value));
  const yMax = series.unit === 'ratio' ? 1 : Math.max(maxReference, maxValue) * 1.1 || 1;
  return (
    <div className="h-40 w-full" aria-hidden="true">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 12, right: 12, bottom: 4, left: 4 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} {...HORIZONTAL_LINES} />
          <XAxis dataKey="label" tick={CHART_TICK_SMALL} tickMargin={X_TICK_MARGIN} interval={series.xUnit === 'hour-of-week' ? 23 : 'preserveStartEnd'} />
          <YAxis domain={[0, yMax]} tickFormatter={(v: number) => formatSeriesValue(series, v)} tick={CHART_TICK_SMALL} width={72} />
          <Tooltip content={<ChartTooltip formatValue={(v) => formatSeriesValue(series, v)} />} />
          <Bar dataKey="value" name={SERIES_TITLES[series.metric]} fill={BAR_COLOR} isAnimationActive={false} />
          {referenceLines(series).map((r, i) => (
            <ReferenceLine
              key={r.label}
              y={r.value}
              stroke={REFERENCE_COLORS[i % REFERENCE_COLORS.length]}
              strokeDasharray="6 3"
              // Above the line (a low threshold's label under it sat on the axis's ticks); the next
              // line's label on the other side, so two close lines do not write over each other.
              label={{ value: `${r.label}: ${formatSeriesValue(series, r.value)}`, position: i % 2 === 0 ? 'insideBottomRight' : 'insideBottomLeft', fontSize: 11, fill: 'currentColor' }}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The chart's numbers as a table; an idle week is summed up by day (168 hours would not read). */
export function RecommendationChartTable({ series, names }: { series: Series; names: Names }) {
  const caption = `${SERIES_TITLES[series.metric]}${series.references.length > 0 ? `; ${series.references.map((r) => `${r.label}: ${formatSeriesValue(series, r.value)}`).join('; ')}` : ''}`;
  if (series.xUnit === 'hour-of-week') {
    const threshold = series.references[0]?.value ?? 0.9;
    const rows = DAYS.map((day, d) => {
      const hours = series.points.filter((p) => Math.floor(Number(p.x) / 24) === d);
      return { day, ran: hours.length, idle: hours.filter((p) => p.value >= threshold).length };
    });
    return (
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">Day</th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">Hours it ran</th>
            <th scope="col" className="py-1 text-right font-medium">Of them idle ({formatPercent(threshold)}+ of the hour)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.day}>
              <th scope="row" className="py-0.5 pr-3 font-normal">{r.day}</th>
              <td className="py-0.5 pr-3 text-right tabular-nums">{formatInteger(r.ran)}</td>
              <td className="py-0.5 text-right tabular-nums">{formatInteger(r.idle)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <tbody>
        {series.points.map((p) => (
          <tr key={p.x}>
            <th scope="row" className="py-0.5 pr-3 font-normal">{xLabel(series, p.x, names)}</th>
            <td className="py-0.5 text-right tabular-nums">{formatSeriesValue(series, p.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
