/**
 * The audit log in the users' words: actions in plain words, a change's before and after as a
 * short list ("GPU count: 4 → 2"), and what it does to the monthly bill ("−$1,240.00 a month").
 * Shared by the table and the CSV export, so both say the same.
 */
import { formatCents, formatDateTime, formatInteger, formatRatePerHour } from '../../lib/format';
import type { AuditAction, AuditEntry } from './api/audit-log';

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'session.sign-in': 'Signed in',
  'session.sign-in-refused': 'Sign-in refused',
  'pod.launch': 'Pod launched',
  'pod.stop': 'Pod stopped',
  'pod.start': 'Pod started',
  'pod.terminate': 'Pod terminated',
  'pod.change': 'Pod changed',
  'pod.keep-running': 'Pod kept running (auto-stop postponed)',
  'pod.auto-stop': 'Auto-stop stopped a pod',
  'budget.create': 'Budget created',
  'budget.change': 'Budget changed',
  'budget.delete': 'Budget deleted',
  'budget.policy-stop': 'Budget policy stopped a pod',
  'recommendation.dismiss': 'Recommendation dismissed',
  'recommendation.snooze': 'Recommendation snoozed',
  'recommendation.restore': 'Recommendation restored',
  'egress.threshold': 'Egress alert threshold changed',
  'utilization.settings': 'Idle and waste thresholds changed',
  'api-token.create': 'Token created',
  'api-token.revoke': 'Token revoked',
  'ssh-key.create': 'SSH key saved',
  'ssh-key.delete': 'SSH key removed',
  'simulation.change': 'Simulation changed (demo)',
  'member.change': 'Member changed',
  'member.remove': 'Member removed',
  'member.join': 'Member joined',
  'invitation.create': 'Invitation sent',
  'invitation.revoke': 'Invitation revoked',
  'sso.change': 'Single sign-on changed',
  'sso.delete': 'Single sign-on removed',
};

/** Every action, in the contract's order (src/api/openapi.yaml, AuditAction). */
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS) as AuditAction[];

/** U+2212, the minus sign a reader sees as one ("−$1,240.00"), not a hyphen. */
const MINUS = '\u2212';

/** "−$1,240.00 a month", "+$350.40 a month", "$0.00 a month"; null when the change costs nothing either way. */
export function monthlyEffectText(cents: number | null): string | null {
  if (cents === null) return null;
  const sign = cents < 0 ? MINUS : cents > 0 ? '+' : '';
  return `${sign}${formatCents(Math.abs(cents))} a month`;
}

/** Who acted: "Maya Chen", "Maya Chen via token ci-deploy", or the policy's own name. */
export function actorText(e: Pick<AuditEntry, 'actorKind' | 'actorName' | 'tokenName'>): string {
  if (e.actorKind === 'token') return `${e.actorName} via token ${e.tokenName ?? 'unnamed'}`;
  if (e.actorKind === 'policy') return `Policy: ${e.actorName}`;
  return e.actorName;
}

export interface ChangeLine {
  key: string;
  label: string;
  /** null when the field was not there before (created) or is not there after (removed). */
  before: string | null;
  after: string | null;
}

const ACRONYMS: Record<string, string> = {
  gpu: 'GPU',
  gpus: 'GPUs',
  id: 'ID',
  ids: 'IDs',
  ssh: 'SSH',
  api: 'API',
  cpu: 'CPU',
  url: 'URL',
  ip: 'IP',
  sm: 'SM',
  gb: 'GB',
  mib: 'MiB',
  gib: 'GiB',
};

/**
 * "gpuCount" → "GPU count", "monthlyAmountCents" → "Monthly amount", "rateMicroUsdPerHour" → "Rate",
 * "thresholdsPercent" → "Thresholds (%)": the unit a name carries (STYLE.md) goes to the value or the label.
 */
export function fieldLabel(key: string): string {
  const percent = /Percent$/.test(key);
  const words = key
    .replace(/(Cents|MicroUsdPerHour|Percent)$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((w) => ACRONYMS[w.toLowerCase()] ?? w.toLowerCase());
  const [first = key, ...rest] = words;
  const label = [first.charAt(0).toUpperCase() + first.slice(1), ...rest].join(' ');
  return percent ? `${label} (%)` : label;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A value in words, without JSON's braces and quotes: amounts in cents as dollars, lists joined. */
export function valueText(key: string, value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') {
    if (/Cents$/.test(key) && Number.isInteger(value)) return formatCents(value);
    if (/MicroUsdPerHour$/.test(key)) return formatRatePerHour(value);
    return formatInteger(value);
  }
  if (typeof value === 'string') {
    if (value === '') return 'empty';
    // A moment ("expiresAt") in the viewer's zone, as the table's When.
    return /At$/.test(key) && ISO_INSTANT.test(value) ? formatDateTime(value) : value;
  }
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map((v) => valueText(key, v)).join(', ');
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${fieldLabel(k)}: ${valueText(k, v)}`).join(', ');
  }
  return String(value);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields a change changed, in the order the entry names them; fields the same before and after are left out. */
export function changeLines(before: Record<string, unknown> | null, after: Record<string, unknown> | null): ChangeLine[] {
  const b = before ?? {};
  const a = after ?? {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((k) => !(k in b && k in a && same(b[k], a[k])))
    .map((k) => ({ key: k, label: fieldLabel(k), before: k in b ? valueText(k, b[k]) : null, after: k in a ? valueText(k, a[k]) : null }));
}

/** One change line as text: "GPU count: 4 → 2", "Name: ci-deploy" (created), "Name: ci-deploy (removed)". */
export function changeLineText(line: ChangeLine): string {
  if (line.before === null) return `${line.label}: ${line.after ?? 'none'}`;
  if (line.after === null) return `${line.label}: ${line.before} (removed)`;
  return `${line.label}: ${line.before} → ${line.after}`;
}

/** The whole change in one line, for the CSV: "GPU count: 4 → 2; Status: running → stopped". */
export function changeText(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string {
  return changeLines(before, after).map(changeLineText).join('; ');
}
