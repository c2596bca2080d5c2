/**
 * Spend over time, stacked by one dimension: a Recharts bar chart (this module is loaded only
 * with the Billing route) and a legend of buttons: a click shows one series alone.
 */
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART_TICK, ChartTooltip, HORIZONTAL_LINES, X_TICK_MARGIN } from '../../../ui/chart-parts';
import { WhenNearScreen } from '../../../ui/defer';
import type { SpendSeries } from '../api/types';
import type { Money } from '../money';
import { periodLabel } from './period-label';
import { seriesColor } from './series-colors';

export function SpendChart({ data, money, focus }: { data: SpendSeries; money: Money; focus: string | null }) {
  const series = data.series.map((s, i) => ({ ...s, color: seriesColor(i) })).filter((s) => focus === null || s.key === focus);
  const rows = data.periods.map((p, i) => {
    const row: Record<string, string | number> = { period: periodLabel(p, data.granularity) };
    for (const s of series) row[s.key] = money.minor(s.pointsCents[i] ?? 0);
    return row;
  });
  return (
    <div className="h-72 w-full" aria-hidden="true">
      <WhenNearScreen className="h-full">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 8 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} {...HORIZONTAL_LINES} />
            <XAxis dataKey="period" tick={CHART_TICK} tickMargin={X_TICK_MARGIN} interval="preserveStartEnd" />
            <YAxis tickFormatter={(m: number) => money.formatMinor(m, true)} tick={CHART_TICK} width={84} />
            {/* Names and amounts in the text colour beside a swatch, top of the stack first, and the period's total. */}
            <Tooltip content={<ChartTooltip formatValue={(m) => money.formatMinor(m)} stacked totalLabel="Total" />} />
            {series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.label} stackId="spend" fill={s.color} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </WhenNearScreen>
    </div>
  );
}

/** The legend as buttons: each series with its total; pressing one shows it alone, pressing it again shows all. */
export function SpendLegend({ data, money, focus, onFocus }: { data: SpendSeries; money: Money; focus: string | null; onFocus: (key: string | null) => void }) {
  const totals = money.formatTable(data.series.map((s) => s.totalCents), data.totalCents);
  return (
    <ul className="flex flex-wrap gap-2" aria-label="Series (press one to show it alone)">
      {data.series.map((s, i) => (
        <li key={s.key}>
          <button
            type="button"
            aria-pressed={focus === s.key}
            onClick={() => onFocus(focus === s.key ? null : s.key)}
            className={`inline-flex items-center gap-2 rounded-full border px-3 py-1 text-sm ${focus === s.key ? 'border-slate-900 bg-slate-100 dark:border-slate-100 dark:bg-slate-800' : 'border-slate-300 dark:border-slate-600'}`}
          >
            {/* A series not shown dims its swatch only: its name and total keep their contrast. */}
            <span aria-hidden="true" className={`inline-block h-3 w-3 rounded-sm ${focus !== null && focus !== s.key ? 'opacity-30' : ''}`} style={{ backgroundColor: seriesColor(i) }} />
            {s.label}
            <span className="tabular-nums text-slate-600 dark:text-slate-300">{totals.rows[i]}</span>
          </button>
        </li>
      ))}
      {focus !== null && (
        <li>
          <button type="button" className="btn-secondary py-1" onClick={() => onFocus(null)}>
            Show all
          </button>
        </li>
      )}
    </ul>
  );
}
