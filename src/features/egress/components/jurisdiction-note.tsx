/** Says plainly whether data leaves the jurisdiction it is in (data leaving Canada, say). */
import type { JurisdictionCheck } from '../../../domain/egress-flow';

/** "the United States", "the Netherlands (EU)", "Canada". */
export function jurisdictionName(j: string): string {
  return /^(United States|Netherlands)/.test(j) ? `the ${j}` : j;
}

export function JurisdictionNote({ check, subject = 'The data' }: { check: JurisdictionCheck; subject?: string }) {
  if (check.kind === 'stays') {
    return <p className="text-sm text-slate-700 dark:text-slate-300">{subject} stays in {jurisdictionName(check.jurisdiction)}.</p>;
  }
  const text =
    check.kind === 'anywhere'
      ? `Internet destinations can be in any country: ${subject.toLowerCase()} may leave ${jurisdictionName(check.from)}.`
      : `${subject} leaves ${jurisdictionName(check.from)}: the destination is in ${jurisdictionName(check.to)}${check.within ? `. It stays within the ${check.within}` : ''}.`;
  return (
    <p className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      <strong>Jurisdiction: </strong>
      {text} Check that the data may be moved there.
    </p>
  );
}
