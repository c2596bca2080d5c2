/** The breakdown: amount, share and change against the previous period per row, rows that sum to the total, each row opening its pods. */
import { formatDate, formatPercent } from '../../../lib/format';
import { EmptyState, ErrorState, Skeleton } from '../../../ui/states';
import { useBillingBreakdown, type BreakdownQuery } from '../api/get-billing-breakdown';
import type { SpendBreakdown } from '../api/types';
import { downloadText } from '../../../lib/download';
import { breakdownCsv } from '../exports';
import type { Money } from '../money';

const day = (d: string) => formatDate(`${d}T00:00:00Z`);

function changeText(ratio: number | null): string {
  if (ratio === null) return 'new';
  return `${ratio > 0 ? '+' : ratio < 0 ? '−' : ''}${formatPercent(Math.abs(ratio), 1)}`;
}

export function BreakdownSection(props: { enabled: boolean; query: BreakdownQuery; money: Money; dimensionLabel: string; dimensionNoun: string; drill: string | null; onDrill: (key: string | null) => void }) {
  const breakdown = useBillingBreakdown(props.query, props.enabled);
  return (
    <section aria-labelledby="breakdown-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="breakdown-heading" className="text-base font-semibold">
          Breakdown by {props.dimensionNoun}
        </h2>
        {breakdown.data && breakdown.data.rows.length > 0 && (
          <button
            type="button"
            className="btn-secondary"
            onClick={() => downloadText(`spend-by-${props.query.by}-${breakdown.data.from}-to-${breakdown.data.to}-${props.money.currency}.csv`, breakdownCsv(breakdown.data, props.money, props.dimensionLabel))}
          >
            Export breakdown as CSV
          </button>
        )}
      </div>
      {breakdown.isPending ? (
        <Skeleton className="h-48" label="Loading the breakdown…" />
      ) : breakdown.isError ? (
        <ErrorState error={breakdown.error} onRetry={() => void breakdown.refetch()} minHeight="min-h-48" />
      ) : breakdown.data.rows.length === 0 ? (
        <EmptyState title="No spend in this range">Nothing ran or was stored in these days.</EmptyState>
      ) : (
        <BreakdownTable data={breakdown.data} money={props.money} dimensionLabel={props.dimensionLabel} dimensionNoun={props.dimensionNoun} drill={props.drill} onDrill={props.onDrill} />
      )}
    </section>
  );
}

function BreakdownTable({ data, money, dimensionLabel, dimensionNoun, drill, onDrill }: { data: SpendBreakdown; money: Money; dimensionLabel: string; dimensionNoun: string; drill: string | null; onDrill: (key: string | null) => void }) {
  const now = money.formatTable(data.rows.map((r) => r.amountCents), data.totalCents);
  const before = money.formatTable(data.rows.map((r) => r.previousCents), data.previousTotalCents);
  const totalRatio = data.previousTotalCents === 0 ? null : (data.totalCents - data.previousTotalCents) / data.previousTotalCents;
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full min-w-[40rem] text-left text-sm">
        <caption className="sr-only">
          Spend by {dimensionNoun} from {day(data.from)} to {day(data.to)}, against {day(data.previousFrom)} to {day(data.previousTo)}
        </caption>
        <thead>
          <tr className="border-b border-slate-200 dark:border-slate-700">
            <th scope="col" className="py-2 pr-3 font-medium">{dimensionLabel}</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">Amount</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">Share</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">
              Previous period <span className="block text-xs font-normal text-slate-600 dark:text-slate-400">{day(data.previousFrom)} – {day(data.previousTo)}</span>
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">Change</th>
            <th scope="col" className="py-2 font-medium"><span className="sr-only">Pods</span></th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r, i) => (
            <tr key={r.key} className={`border-b border-slate-100 dark:border-slate-800 ${drill === r.key ? 'bg-teal-50 dark:bg-teal-950' : ''}`}>
              <th scope="row" className="py-1.5 pr-3 font-normal">{r.label}</th>
              <td className="py-1.5 pr-3 text-right tabular-nums">{now.rows[i]}</td>
              <td className="py-1.5 pr-3 text-right tabular-nums">{formatPercent(r.share, 1)}</td>
              <td className="py-1.5 pr-3 text-right tabular-nums">{before.rows[i]}</td>
              <td className="py-1.5 pr-3 text-right tabular-nums">{changeText(r.changeRatio)}</td>
              <td className="py-1.5 text-right">
                <button type="button" className="link text-sm" aria-expanded={drill === r.key} aria-label={`Pods behind ${r.label}`} onClick={() => onDrill(drill === r.key ? null : r.key)}>
                  {drill === r.key ? 'Hide pods' : 'Show pods'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="font-semibold">
            <th scope="row" className="py-2 pr-3 text-left">Total</th>
            <td className="py-2 pr-3 text-right tabular-nums">{now.total}</td>
            <td className="py-2 pr-3 text-right tabular-nums">{data.totalCents > 0 ? formatPercent(1) : '—'}</td>
            <td className="py-2 pr-3 text-right tabular-nums">{before.total}</td>
            <td className="py-2 pr-3 text-right tabular-nums">{changeText(totalRatio)}</td>
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
