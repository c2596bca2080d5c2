/** The hybrid scenario: the same work with the data kept next to the GPUs here, and what that saves. */
import { formatCents } from '../../../lib/format';
import type { Estimate } from '../estimate';
import { formatPricePerUnit } from '../format';
import { JurisdictionNote } from './jurisdiction-note';

export function HybridScenario({ estimate }: { estimate: Estimate }) {
  const hybrid = estimate.hybrid;
  if (!hybrid) return null;
  const { gpuPlace, to } = hybrid.flow;
  const stays = to !== 'internet' && to.id === gpuPlace.id;
  const schedule = hybrid.billed?.schedule;
  const firstPrice = schedule?.tiers.find((t) => t.microUsdPerUnit !== null && t.microUsdPerUnit > 0);
  const how = stays
    ? `The data lives in ${gpuPlace.name}, in the same region as the GPUs: moving it to them crosses no region and carries no egress charge.`
    : `The data lives in ${gpuPlace.name}, next to the GPUs; what went ${to === 'internet' ? 'to the internet' : `to ${to.name.replace(/^On-premises/, 'premises')}`} leaves from there under ${gpuPlace.provider}’s schedule` +
      (schedule ? `: the first ${schedule.freeUnitsPerMonth.toLocaleString('en-US')} ${schedule.unit} a month free per project${firstPrice ? `, then ${formatPricePerUnit(firstPrice.microUsdPerUnit, schedule.unit)}` : ''}.` : '.');
  const saves = hybrid.savingsCents;
  return (
    <section aria-labelledby="egress-hybrid-heading" className="space-y-3 rounded-xl border border-teal-300 bg-accent-50 p-4 dark:border-teal-800 dark:bg-slate-900">
      <h3 id="egress-hybrid-heading" className="text-base font-semibold">
        If the data stays next to the GPUs here
      </h3>
      <p className="text-sm">{how}</p>
      <dl className="grid gap-3 sm:grid-cols-3">
        <div>
          <dt className="text-sm text-slate-600 dark:text-slate-300">{estimate.inputs.cadence === 'monthly' ? 'First month' : 'One-time cost'}</dt>
          <dd className="text-xl font-semibold tabular-nums">{formatCents(hybrid.firstMonthCents)}</dd>
        </div>
        <div>
          <dt className="text-sm text-slate-600 dark:text-slate-300">Over 12 months</dt>
          <dd className="text-xl font-semibold tabular-nums">{formatCents(hybrid.totalCents)}</dd>
        </div>
        <div>
          <dt className="text-sm text-slate-600 dark:text-slate-300">{saves >= 0 ? 'Saved over 12 months' : 'Extra over 12 months'}</dt>
          <dd className="text-xl font-semibold tabular-nums">{formatCents(Math.abs(saves))}</dd>
        </div>
      </dl>
      <JurisdictionNote check={hybrid.relocation} subject={`The data, kept in ${gpuPlace.name},`} />
    </section>
  );
}
