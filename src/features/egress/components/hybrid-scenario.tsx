/**
 * The hybrid scenario: the same work with the data kept next to the GPUs here, and what that
 * saves, counting the one-time move of the dataset out of where it is now (the provider it leaves
 * bills it), and saying where the data goes on the way, not only where it is kept.
 */
import { formatCents } from '../../../lib/format';
import { INTERNET, type Destination, type EgressPlace } from '../../../domain/egress-flow';
import type { DatasetMove, Estimate, HybridEstimate } from '../estimate';
import { formatPricePerUnit, formatVolume } from '../format';
import { jurisdictionName } from './jurisdiction-note';

const placeName = (p: EgressPlace) => (p.providerId === 'on-premises' ? p.name : `${p.provider} ${p.name}`);
// "On-premises in Canada" already says where it is.
const where = (p: EgressPlace) => (p.providerId === 'on-premises' ? p.name : `${placeName(p)} in ${jurisdictionName(p.jurisdiction)}`);

function moveSentence(move: DatasetMove, volume: string): string {
  const start = `Moving the ${volume} here from ${placeName(move.from)} once`;
  if (move.charge.kind === 'free') return `${start} is free: ${move.charge.why === 'ingress' ? 'no cloud bills data coming in from premises' : 'it stays in one region'}.`;
  if (!move.billed) return `${start} has a price ${move.from.provider} does not list here: it is not counted below. Ask ${move.from.provider} before you move it.`;
  return `${start} costs ${formatCents(move.cents)} under ${move.from.provider}’s schedule (${move.billed.schedule.path}), counted in the first month and in the 12 months.`;
}

/** Where the data goes: from where it is, to the GPUs' region where it is kept, then on (the internet, premises), and whose law it leaves. */
function JurisdictionPath({ hybrid, from }: { hybrid: HybridEstimate; from: EgressPlace }) {
  const { gpuPlace, to } = hybrid.flow;
  const moves = from.id !== gpuPlace.id;
  const onward: Destination | null = to === INTERNET || to.id !== gpuPlace.id ? to : null;
  const path = moves ? `The data goes from ${where(from)} to ${where(gpuPlace)} and is kept there` : `The data is kept in ${where(gpuPlace)}`;
  const then = onward === null ? '' : onward === INTERNET ? '; what goes to the internet from there can reach any country' : `; what goes on to ${where(onward)} leaves from there`;
  const check = hybrid.relocation;
  const law =
    check.kind === 'stays'
      ? `It stays under ${jurisdictionName(check.jurisdiction)}’s law${onward === null ? '' : ' while it is kept'}.`
      : check.kind === 'leaves'
        ? `It leaves ${jurisdictionName(check.from)} for ${jurisdictionName(check.to)}${check.within ? `, within the ${check.within}` : ''}.`
        : '';
  const warn = check.kind !== 'stays' || onward !== null;
  return (
    <p className={warn ? 'rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100' : 'text-sm text-slate-700 dark:text-slate-300'}>
      {warn && <strong>Jurisdiction: </strong>}
      {path}
      {then}. {law}
      {warn && ' Check that the data may be moved there.'}
    </p>
  );
}

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
      {hybrid.move && <p className="text-sm">{moveSentence(hybrid.move, formatVolume(hybrid.move.volumeBytes, estimate.inputs.unit))}</p>}
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
      <JurisdictionPath hybrid={hybrid} from={estimate.inputs.from} />
    </section>
  );
}
