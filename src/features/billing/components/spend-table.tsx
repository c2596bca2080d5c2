/** The chart as a table: one row per day or week, one column per series, totals that add up. */
import type { SpendSeries } from '../api/types';
import type { Money } from '../money';
import { periodLabel } from './period-label';

export function SpendTable({ data, money, focus, dimensionNoun }: { data: SpendSeries; money: Money; focus: string | null; dimensionNoun: string }) {
  const series = data.series.filter((s) => focus === null || s.key === focus);
  // Each period row is a table of its own: the cells sum to its total; the totals row likewise.
  const rows = data.periods.map((p, i) => {
    const cells = series.map((s) => s.pointsCents[i] ?? 0);
    const total = cells.reduce((a, b) => a + b, 0);
    return { p, ...money.formatTable(cells, total) };
  });
  const grand = series.reduce((a, s) => a + s.totalCents, 0);
  const totals = money.formatTable(series.map((s) => s.totalCents), grand);
  return (
    // It scrolls (a year by day is 365 rows): a labelled region the keyboard can reach and scroll (WCAG 2.1.1).
    <div role="region" aria-label={`Spend per ${data.granularity} by ${dimensionNoun}`} tabIndex={0} className="relative max-h-[28rem] overflow-auto">
      <table className="w-full min-w-[32rem] text-left text-sm">
        <caption className="sr-only">
          Spend per {data.granularity} by {dimensionNoun}, {data.from} to {data.to}
        </caption>
        <thead className="sticky top-0 bg-white dark:bg-slate-900">
          <tr className="border-b border-slate-200 dark:border-slate-700">
            <th scope="col" className="py-2 pr-3 font-medium">
              {data.granularity === 'day' ? 'Day' : 'Week'}
            </th>
            {series.map((s) => (
              <th key={s.key} scope="col" className="py-2 pr-3 text-right font-medium">
                {s.label}
              </th>
            ))}
            <th scope="col" className="py-2 text-right font-medium">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ p, rows: cells, total }) => (
            <tr key={p.start} className="border-b border-slate-100 dark:border-slate-800">
              <th scope="row" className="py-1.5 pr-3 font-normal whitespace-nowrap">
                {periodLabel(p, data.granularity)}
              </th>
              {cells.map((c, i) => (
                <td key={series[i]!.key} className="py-1.5 pr-3 text-right tabular-nums">
                  {c}
                </td>
              ))}
              <td className="py-1.5 text-right tabular-nums">{total}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="font-semibold">
            <th scope="row" className="py-2 pr-3 text-left">
              Total
            </th>
            {totals.rows.map((c, i) => (
              <td key={series[i]!.key} className="py-2 pr-3 text-right tabular-nums">
                {c}
              </td>
            ))}
            <td className="py-2 text-right tabular-nums">{totals.total}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
