/** The audit entries as a table: when, who (and through what), from where, what, the change and its monthly effect. */
import { formatDateTime } from '../../../lib/format';
import { ScrollTable } from '../../../ui/scroll-table';
import type { AuditEntry } from '../api/audit-log';
import { AUDIT_ACTION_LABELS, changeLines, monthlyEffectText } from '../audit-words';

const th = 'px-3 py-2 font-medium align-bottom';
const td = 'px-3 py-2 align-top';

export function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  return (
    <ScrollTable label="Audit log entries">
      <table className="w-full min-w-[60rem] text-left text-sm">
        <caption className="sr-only">Audit log entries, newest first</caption>
        <thead>
          <tr className="border-b border-slate-200 dark:border-slate-700">
            <th scope="col" className={th}>
              When
            </th>
            <th scope="col" className={th}>
              Who
            </th>
            <th scope="col" className={th}>
              From
            </th>
            <th scope="col" className={th}>
              What
            </th>
            <th scope="col" className={th}>
              Change
            </th>
            <th scope="col" className={`${th} text-right`}>
              Monthly effect
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <AuditRow key={e.id} entry={e} />
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}

function AuditRow({ entry: e }: { entry: AuditEntry }) {
  return (
    <tr className="border-b border-slate-100 dark:border-slate-800">
      <th scope="row" className={`${td} font-normal whitespace-nowrap`}>
        <time dateTime={e.at}>{formatDateTime(e.at)}</time>
      </th>
      <td className={td}>
        <Actor entry={e} />
      </td>
      <td className={`${td} whitespace-nowrap`}>{e.address ?? '—'}</td>
      <td className={`${td} max-w-md`}>
        <span className="block text-xs font-medium text-slate-600 dark:text-slate-400">{AUDIT_ACTION_LABELS[e.action] ?? e.action}</span>
        <span className="whitespace-pre-line">{e.summary}</span>
      </td>
      <td className={td}>
        <Change before={e.before} after={e.after} />
      </td>
      <td className={`${td} text-right whitespace-nowrap tabular-nums`}>
        <MonthlyEffect cents={e.monthlyCostDeltaCents} />
      </td>
    </tr>
  );
}

function Actor({ entry: e }: { entry: AuditEntry }) {
  if (e.actorKind === 'policy') {
    return (
      <span className="flex flex-wrap items-center gap-1.5">
        <span className="rounded-full border border-slate-400 px-2 py-0.5 text-xs font-medium text-slate-800 dark:border-slate-500 dark:text-slate-100">
          Policy
        </span>
        <span>{e.actorName}</span>
      </span>
    );
  }
  return (
    <>
      <span className="block">{e.actorName}</span>
      {e.actorKind === 'token' && (
        <span className="block text-xs text-slate-600 dark:text-slate-400">via token {e.tokenName ?? 'unnamed'}</span>
      )}
    </>
  );
}

function Change({ before, after }: { before: Record<string, unknown> | null; after: Record<string, unknown> | null }) {
  const lines = changeLines(before, after);
  if (lines.length === 0) return null;
  return (
    <ul className="space-y-0.5">
      {lines.map((l) => (
        <li key={l.key}>
          <span className="font-medium">{l.label}:</span>{' '}
          {l.before === null ? (
            l.after
          ) : l.after === null ? (
            <>{l.before} (removed)</>
          ) : (
            <>
              {l.before} <span aria-hidden="true">→</span> <span className="sr-only">to</span> {l.after}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The sign and "a month" say it; the colour only repeats it (less: green, more: amber). */
function MonthlyEffect({ cents }: { cents: number | null }) {
  const text = monthlyEffectText(cents);
  if (cents === null || text === null) return null;
  const tone = cents < 0 ? 'text-emerald-800 dark:text-emerald-300' : cents > 0 ? 'text-amber-800 dark:text-amber-300' : '';
  return <span className={`font-medium ${tone}`}>{text}</span>;
}
