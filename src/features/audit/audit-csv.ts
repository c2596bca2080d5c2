/**
 * The audit log as CSV (RFC 4180, src/lib/csv.ts): one row per entry, newest first, with the
 * moment as an ISO instant in UTC, the change in words and the monthly effect as exact dollars.
 */
import { decimalFromCents, toCsv, type CsvValue } from '../../lib/csv';
import type { AuditEntry } from './api/audit-log';
import { AUDIT_ACTION_LABELS, changeText } from './audit-words';

export const AUDIT_CSV_HEADER = [
  'When (UTC)',
  'Who',
  'Acting as',
  'Token',
  'From',
  'Action',
  'What',
  'Target',
  'Project',
  'Change',
  'Monthly effect (USD)',
] as const;

const ACTING_AS: Record<AuditEntry['actorKind'], string> = { user: 'User', token: 'API token', policy: 'Policy' };

/** `projectNames` names the projects the viewer can see; an unknown one goes out as its id. */
export function auditCsv(entries: readonly AuditEntry[], projectNames: ReadonlyMap<string, string> = new Map()): string {
  const rows: CsvValue[][] = entries.map((e) => [
    new Date(e.at).toISOString(),
    e.actorName,
    ACTING_AS[e.actorKind],
    e.tokenName,
    e.address,
    AUDIT_ACTION_LABELS[e.action] ?? e.action,
    e.summary,
    e.targetName ?? e.targetId,
    e.projectId === null ? null : (projectNames.get(e.projectId) ?? e.projectId),
    changeText(e.before, e.after),
    e.monthlyCostDeltaCents === null ? null : decimalFromCents(e.monthlyCostDeltaCents),
  ]);
  return toCsv([[...AUDIT_CSV_HEADER], ...rows]);
}

/** "audit-log-2026-11-23.csv": the day the export was made, in the viewer's zone. */
export function auditCsvFileName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `audit-log-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.csv`;
}
