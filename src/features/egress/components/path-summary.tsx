/** The estimate's headline: what this path costs, who bills it and why, whether the data leaves its jurisdiction, and the tiers. */
import type { EgressPlace } from '../../../domain/egress-flow';
import { formatCents } from '../../../lib/format';
import type { Estimate, PriceBook } from '../estimate';
import { formatVolume } from '../format';
import { JurisdictionNote } from './jurisdiction-note';
import { TierTable } from './tier-table';

function destinationName(to: Estimate['inputs']['to']): string {
  return to === 'internet' ? 'the internet' : placeName(to);
}

export function placeName(p: EgressPlace): string {
  return p.providerId === 'on-premises' ? p.name.replace(/^On-premises/, 'premises') : `${p.provider} ${p.name} (${p.code})`;
}

/** Who bills the path and why, in one sentence. */
function whyThisPrice(e: Estimate): string {
  const { from, to } = e.inputs;
  const { charge, billed } = e.path;
  const source = placeName(from);
  switch (charge.kind) {
    case 'free':
      return charge.why === 'ingress'
        ? 'No cloud bills data that leaves your premises: every provider here takes data in free. Your own network’s transit is not included.'
        : `Data moving within one region (${source}) carries no egress charge.`;
    case 'no-price':
      return `This price book has no list price for ${from.provider} traffic from ${source} to ${destinationName(to)}: the published inter-region figure covers other pairs. Check the provider’s pricing page.`;
    case 'schedule': {
      const path = billed?.schedule.path ?? '';
      if (charge.relation === 'same-provider') return `${from.provider} bills traffic between its regions: ${path}.`;
      if (charge.relation === 'internet') return `${from.provider} bills data leaving ${source} ${path}.`;
      const what = charge.relation === 'on-premises' ? 'your premises' : `another provider (${destinationName(to)})`;
      return `Data leaving ${source} for ${what} is, for ${from.provider}, data sent ${path} (a private interconnect is priced separately).`;
    }
  }
}

export function PathSummary({ estimate, book }: { estimate: Estimate; book: PriceBook }) {
  const { inputs, path } = estimate;
  const monthly = inputs.cadence === 'monthly';
  return (
    <section aria-labelledby="egress-path-heading" className="space-y-4">
      <h3 id="egress-path-heading" className="text-base font-semibold">
        What this transfer costs
      </h3>
      <dl className="grid gap-3 sm:grid-cols-3">
        <div className="rounded-lg border border-slate-200 p-3 dark:border-slate-700">
          <dt className="text-sm text-slate-600 dark:text-slate-300">{monthly ? 'First month' : 'One-time cost'}</dt>
          <dd className="text-2xl font-semibold tabular-nums">{formatCents(path.firstMonthCents)}</dd>
        </div>
        <div className="rounded-lg border border-slate-200 p-3 dark:border-slate-700">
          <dt className="text-sm text-slate-600 dark:text-slate-300">Over 12 months</dt>
          <dd className="text-2xl font-semibold tabular-nums">{formatCents(path.totalCents)}</dd>
        </div>
        <div className="rounded-lg border border-slate-200 p-3 dark:border-slate-700">
          <dt className="text-sm text-slate-600 dark:text-slate-300">{monthly ? 'Volume in the first month' : 'Volume'}</dt>
          <dd className="text-2xl font-semibold tabular-nums">{formatVolume(inputs.volumeBytes, inputs.unit)}</dd>
        </div>
      </dl>
      <p className="text-sm">{whyThisPrice(estimate)}</p>
      <JurisdictionNote check={estimate.jurisdiction} />
      {estimate.migrationWaiverMayApply && (
        <p className="rounded-lg border border-sky-300 bg-sky-50 p-3 text-sm text-sky-950 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100">
          <strong>A one-time move out may be free.</strong> {book.migrationWaiverNote}
        </p>
      )}
      {path.billed && (
        <TierTable
          schedule={path.billed.schedule}
          cost={path.billed.firstMonth}
          caption={`${path.billed.schedule.provider}, ${path.billed.schedule.path}: ${monthly ? 'the first month' : 'the move'}, tier by tier`}
        />
      )}
    </section>
  );
}
