/**
 * GET /v1/audit-log: the audit log (cloud/audit.ts), newest first, a page at a time.
 *
 * Who sees what: admins and finance every entry of the organization (within an API token's
 * projects, if it names some); engineers their own actions and what was done to their things (a
 * policy stopping their pod). Filters: who (a user, or "policy"), what (the action), the project,
 * and a time range [from, to). The cursor is the last entry's (atMs, id): pages never repeat or
 * skip an entry while new ones arrive.
 *
 * The server runs this same route over the page of rows it selected with the same rules in SQL
 * (server/audit-reads.ts); `auditFilter` is what both apply.
 */
import type { Schemas } from '../api-types';
import { currentUser, type CloudContext } from '../context';
import { ok, type Route } from '../http';
import type { AuditRecord } from '../model';
import { badRequest } from '../problem';

export const AUDIT_PAGE_DEFAULT = 100;
export const AUDIT_PAGE_MAX = 500;

/** What a reader may see and asked for: the same for the simulator (a filter) and the server (SQL). */
export interface AuditFilter {
  /** Engineers: only entries they made or whose target is theirs. */
  ownUserId: string | null;
  /** A token naming projects: only entries of those projects. */
  projectIds: readonly string[] | null;
  actorId: string | null;
  action: string | null;
  projectId: string | null;
  fromMs: number | null;
  toMs: number | null;
  /** Entries strictly before this (atMs, id), newest first. */
  before: { atMs: number; id: string } | null;
  limit: number;
}

export function encodeAuditCursor(entry: { atMs: number; id: string }): string {
  return `${entry.atMs}.${entry.id}`;
}

function decodeCursor(cursor: string): { atMs: number; id: string } | null {
  const m = /^(-?\d{1,16})\.(aud-[a-z0-9-]{1,80})$/.exec(cursor);
  return m ? { atMs: Number(m[1]), id: m[2] ?? '' } : null;
}

function instant(query: URLSearchParams, field: string): number | null {
  const v = query.get(field);
  if (v === null || v === '') return null;
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw badRequest(`${field} is not a date and time.`, [{ field, message: 'Give a date and time such as 2026-12-01T00:00:00Z.' }]);
  return ms;
}

export function auditFilterOf(ctx: CloudContext, query: URLSearchParams): AuditFilter {
  const user = currentUser(ctx);
  const cursor = query.get('cursor');
  const before = cursor ? decodeCursor(cursor) : null;
  if (cursor && !before) throw badRequest('The cursor is not one this API gave.', [{ field: 'cursor', message: 'Start from the first page again.' }]);
  const limit = Number(query.get('limit') ?? AUDIT_PAGE_DEFAULT);
  if (!Number.isInteger(limit) || limit < 1 || limit > AUDIT_PAGE_MAX) throw badRequest('limit is out of range.', [{ field: 'limit', message: `Ask for 1 to ${AUDIT_PAGE_MAX} entries.` }]);
  return {
    ownUserId: user.role === 'engineer' ? user.id : null,
    projectIds: ctx.scope?.projectIds ?? null,
    actorId: query.get('actorId') || null,
    action: query.get('action') || null,
    projectId: query.get('projectId') || null,
    fromMs: instant(query, 'from'),
    toMs: instant(query, 'to'),
    before,
    limit,
  };
}

export function auditMatches(f: AuditFilter, e: AuditRecord): boolean {
  if (f.ownUserId !== null && e.actorId !== f.ownUserId && e.targetOwnerId !== f.ownUserId) return false;
  if (f.projectIds !== null && (e.projectId === null || !f.projectIds.includes(e.projectId))) return false;
  if (f.actorId !== null && (f.actorId === 'policy' ? e.actorKind !== 'policy' : e.actorId !== f.actorId)) return false;
  if (f.action !== null && e.action !== f.action) return false;
  if (f.projectId !== null && e.projectId !== f.projectId) return false;
  if (f.fromMs !== null && e.atMs < f.fromMs) return false;
  if (f.toMs !== null && e.atMs >= f.toMs) return false;
  if (f.before !== null && !(e.atMs < f.before.atMs || (e.atMs === f.before.atMs && e.id < f.before.id))) return false;
  return true;
}

/** Newest first: by time, then id. */
export const newestFirst = (a: AuditRecord, b: AuditRecord): number => b.atMs - a.atMs || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

export function auditEntryView(e: AuditRecord): Schemas['AuditEntry'] {
  return {
    id: e.id,
    at: new Date(e.atMs).toISOString(),
    actorKind: e.actorKind,
    actorId: e.actorId,
    actorName: e.actorName,
    tokenId: e.tokenId,
    tokenName: e.tokenName,
    address: e.address,
    action: e.action,
    summary: e.summary,
    targetType: e.targetType,
    targetId: e.targetId,
    targetName: e.targetName,
    projectId: e.projectId,
    before: e.before,
    after: e.after,
    monthlyCostDeltaCents: e.monthlyCostDeltaCents,
  };
}

export const auditRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/audit-log',
    handler: (ctx, { query }) => {
      const filter = auditFilterOf(ctx, query);
      const matching = (ctx.state.auditLog ?? []).filter((e) => auditMatches(filter, e)).sort(newestFirst);
      const page = matching.slice(0, filter.limit);
      const last = page[page.length - 1];
      return ok({ items: page.map(auditEntryView), nextCursor: matching.length > filter.limit && last ? encodeAuditCursor(last) : null });
    },
  },
];
