/**
 * The Audit log's filters as they live in the URL, so a link shows the same view: who (a user's
 * id or "policy"), what (an action), the project, and a range of whole days in the viewer's zone.
 */
import type { AuditAction, AuditLogQuery } from './api/audit-log';
import { AUDIT_ACTIONS } from './audit-words';

export interface AuditParams {
  /** A user's id, or "policy" for the budget and auto-stop policies; '' is everyone. */
  actorId: string;
  action: AuditAction | '';
  projectId: string;
  /** Days as the date inputs give them (YYYY-MM-DD), in the viewer's time zone; '' is open. */
  from: string;
  to: string;
}

export const EMPTY_AUDIT_PARAMS: AuditParams = { actorId: '', action: '', projectId: '', from: '', to: '' };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const KEYS = Object.keys(EMPTY_AUDIT_PARAMS) as Array<keyof AuditParams>;

function isAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}

export function readAuditParams(search: URLSearchParams): AuditParams {
  const day = (name: 'from' | 'to') => {
    const v = search.get(name) ?? '';
    return DAY.test(v) ? v : '';
  };
  const action = search.get('action') ?? '';
  return {
    actorId: search.get('actorId') ?? '',
    action: isAction(action) ? action : '',
    projectId: search.get('projectId') ?? '',
    from: day('from'),
    to: day('to'),
  };
}

/** The search with some filters changed; empty ones are left out so links stay short. */
export function writeAuditParams(search: URLSearchParams, patch: Partial<AuditParams>): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const [key, value] of Object.entries(patch) as Array<[keyof AuditParams, string]>) {
    if (value === '') next.delete(key);
    else next.set(key, value);
  }
  return next;
}

/** The search with every filter removed (other params kept). */
export function clearAuditParams(search: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const key of KEYS) next.delete(key);
  return next;
}

export function hasAuditFilters(params: AuditParams): boolean {
  return KEYS.some((k) => params[k] !== '');
}

/** The instant a day starts in the viewer's time zone, e.g. "2026-11-18" in New York → "2026-11-18T05:00:00.000Z". */
export function startOfLocalDay(day: string, plusDays = 0): string {
  const m = DAY.exec(day);
  if (!m) throw new RangeError(`not a day: ${day}`);
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays).toISOString();
}

/** True when both days are set and To comes before From (nothing can match). */
export function isReversedRange(params: AuditParams): boolean {
  return params.from !== '' && params.to !== '' && params.to < params.from;
}

/**
 * What the API is asked for: From as the instant its day starts, To as the instant the day
 * after it starts (the API's `to` is exclusive), so both days are whole.
 */
export function auditQueryOf(params: AuditParams): AuditLogQuery {
  return {
    ...(params.actorId ? { actorId: params.actorId } : {}),
    ...(params.action ? { action: params.action } : {}),
    ...(params.projectId ? { projectId: params.projectId } : {}),
    ...(params.from ? { from: startOfLocalDay(params.from) } : {}),
    ...(params.to ? { to: startOfLocalDay(params.to, 1) } : {}),
  };
}
