/** One schedule's month, tier by tier: the free allowance first, then each range at its price, and the total. */
import type { EgressCost } from '../../../domain/egress';
import { formatCents } from '../../../lib/format';
import type { ApiSchedule } from '../estimate';
import { formatAsOf, formatPricePerUnit, formatTierRange, formatVolume } from '../format';
import { ScrollTable } from '../../../ui/scroll-table';

export function TierTable({ schedule, cost, caption }: { schedule: ApiSchedule; cost: EgressCost; caption: string }) {
  const unit = schedule.unit;
  return (
    <ScrollTable label={caption}>
      <table className="w-full min-w-[34rem] text-left text-sm">
        <caption className="mb-2 text-left text-sm text-slate-700 dark:text-slate-300">
          {caption} <span className="text-slate-600 dark:text-slate-400">(list prices as of {formatAsOf(schedule.asOf)}; billed per {unit})</span>
        </caption>
        <thead>
          <tr className="border-b border-slate-200 dark:border-slate-700">
            <th scope="col" className="py-2 pr-3 font-medium">Tier</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">Volume in this tier</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">Price</th>
            <th scope="col" className="py-2 text-right font-medium">Cost</th>
          </tr>
        </thead>
        <tbody>
          {cost.lines.map((line) => (
            <tr key={`${line.kind}-${line.fromUnits}`} className={`border-b border-slate-100 dark:border-slate-800 ${line.bytes === 0n ? 'text-slate-600 dark:text-slate-400' : ''}`}>
              <th scope="row" className="py-1.5 pr-3 font-normal">
                {formatTierRange(line.fromUnits, line.toUnits, unit, line.kind === 'free')}
              </th>
              <td className="py-1.5 pr-3 text-right tabular-nums">{formatVolume(line.bytes, unit)}</td>
              <td className="py-1.5 pr-3 text-right">{line.kind === 'free' ? 'free allowance' : formatPricePerUnit(line.microUsdPerUnit, unit)}</td>
              <td className="py-1.5 text-right tabular-nums">{line.kind === 'unpriced' ? (line.bytes > 0n ? 'not included' : '—') : formatCents(line.costCents)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="font-semibold">
            <th scope="row" className="py-2 pr-3 text-left">
              Total
            </th>
            <td className="py-2 pr-3 text-right tabular-nums">{formatVolume(cost.volumeBytes, unit)}</td>
            <td />
            <td className="py-2 text-right tabular-nums">{formatCents(cost.costCents)}</td>
          </tr>
        </tfoot>
      </table>
      {cost.unpricedBytes > 0n && (
        <p className="mt-2 text-sm text-amber-800 dark:text-amber-200">
          {formatVolume(cost.unpricedBytes, unit)} lie above the last published price ({schedule.tiers.at(-1)?.note ?? 'contact sales'}); the total leaves them out.
        </p>
      )}
    </ScrollTable>
  );
}
