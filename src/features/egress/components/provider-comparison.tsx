/** The same volume under every provider's schedule for this kind of path, cheapest first, each with its tiers on demand. */
import { Fragment, useState } from 'react';
import { formatCents } from '../../../lib/format';
import type { Estimate } from '../estimate';
import { formatVolume } from '../format';
import { TierTable } from './tier-table';
import { ScrollTable } from '../../../ui/scroll-table';

export function ProviderComparison({ estimate }: { estimate: Estimate }) {
  const [open, setOpen] = useState<string | null>(null);
  if (!estimate.comparisonKind || estimate.comparison.length === 0) return null;
  const billedId = estimate.path.billed?.schedule.id;
  const what = estimate.comparisonKind === 'internet' ? 'data sent to the internet (or to another provider or premises)' : 'data sent between two regions of one provider';
  return (
    <section aria-labelledby="egress-compare-heading" className="space-y-2">
      <h3 id="egress-compare-heading" className="text-base font-semibold">
        Under each provider’s schedule
      </h3>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        The same volume as {what}, priced with each provider’s published schedule, cheapest first.
      </p>
      <ScrollTable label="Cost under each provider’s schedule">
        <table className="w-full min-w-[40rem] text-left text-sm">
          <caption className="sr-only">Cost of the same volume under each provider’s schedule</caption>
          <thead>
            <tr className="border-b border-slate-200 dark:border-slate-700">
              <th scope="col" className="py-2 pr-3 font-medium">Schedule</th>
              <th scope="col" className="py-2 pr-3 font-medium">Bills in</th>
              <th scope="col" className="py-2 pr-3 text-right font-medium">{estimate.inputs.cadence === 'monthly' ? 'First month' : 'One-time'}</th>
              <th scope="col" className="py-2 pr-3 text-right font-medium">12 months</th>
              <th scope="col" className="py-2 font-medium"><span className="sr-only">Tiers</span></th>
            </tr>
          </thead>
          <tbody>
            {estimate.comparison.map((c) => {
              const id = c.schedule.id;
              const expanded = open === id;
              const rowId = `egress-tiers-${id}`;
              return (
                <Fragment key={id}>
                  <tr className={`border-b border-slate-100 dark:border-slate-800 ${id === billedId ? 'bg-accent-50 dark:bg-slate-800' : ''}`}>
                    <th scope="row" className={`py-2 pr-3 font-normal ${id === billedId ? '!bg-accent-50 dark:!bg-slate-800' : ''}`}>
                      <span className="font-medium">{c.schedule.provider}</span>, {c.schedule.path}
                      {id === billedId && <span className="ml-1 text-xs font-medium text-accent-700 dark:text-teal-300">(this path)</span>}
                    </th>
                    <td className="py-2 pr-3">{c.schedule.unit === 'GiB' ? 'GiB (binary)' : 'GB (decimal)'}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{formatCents(c.firstMonth.costCents)}{c.firstMonth.unpricedBytes > 0n ? ' +' : ''}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{formatCents(c.projection.totalCents)}</td>
                    <td className="py-2 text-right">
                      <button
                        type="button"
                        className="link text-sm"
                        aria-expanded={expanded}
                        aria-controls={rowId}
                        aria-label={`${expanded ? 'Hide tiers' : 'Show tiers'} for ${c.schedule.provider}, ${c.schedule.path}`}
                        onClick={() => setOpen(expanded ? null : id)}
                      >
                        {expanded ? 'Hide tiers' : 'Show tiers'}
                      </button>
                    </td>
                  </tr>
                  <tr id={rowId} hidden={!expanded}>
                    <td colSpan={5} className="py-3">
                      {expanded && (
                        <>
                          <TierTable schedule={c.schedule} cost={c.firstMonth} caption={`${c.schedule.provider}, ${c.schedule.path}: ${formatVolume(c.firstMonth.volumeBytes, c.schedule.unit)}, tier by tier`} />
                          {c.schedule.note && <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{c.schedule.note}</p>}
                        </>
                      )}
                    </td>
                  </tr>
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </ScrollTable>
      <p className="text-xs text-slate-600 dark:text-slate-400">“+”: the volume goes past the last published price (contact sales); the figure leaves that part out.</p>
    </section>
  );
}
