/**
 * GET /v1/audit-log: the organization's record of changes, newest first, a page at a time over
 * its cursor (the table's "Load older entries"), and every page for the CSV export.
 */
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components, operations } from '../../../api/schema';

export type AuditEntry = components['schemas']['AuditEntry'];
export type AuditAction = components['schemas']['AuditAction'];
/** The filters the API takes (who, what, project, from, to), without the paging. */
export type AuditLogQuery = Omit<NonNullable<operations['listAuditEntries']['parameters']['query']>, 'cursor' | 'limit'>;
export interface AuditLogPage {
  items: AuditEntry[];
  nextCursor: string | null;
}

/** Entries a page of the table shows; "Load older entries" asks for as many more. */
export const AUDIT_PAGE_SIZE = 50;
/** The most the contract lets one page hold: the export reads in pages this big. */
const EXPORT_PAGE_SIZE = 500;
/** The export's ceiling (issue 15, point 4): beyond it the filters should narrow the range. */
export const EXPORT_MAX_ENTRIES = 10_000;

export async function getAuditLogPage(
  query: AuditLogQuery,
  cursor: string | null,
  limit: number,
  signal?: AbortSignal,
): Promise<AuditLogPage> {
  return unwrap(await api.GET('/v1/audit-log', { params: { query: { ...query, ...(cursor ? { cursor } : {}), limit } }, signal }));
}

export const auditLogQueryOptions = (query: AuditLogQuery) =>
  infiniteQueryOptions({
    queryKey: ['audit', 'list', query],
    queryFn: ({ pageParam, signal }) => getAuditLogPage(query, pageParam, AUDIT_PAGE_SIZE, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export function useAuditLog(query: AuditLogQuery) {
  return useInfiniteQuery(auditLogQueryOptions(query));
}

export interface AllAuditEntries {
  items: AuditEntry[];
  /** True when more entries match than the export takes (EXPORT_MAX_ENTRIES). */
  truncated: boolean;
}

/** Every entry matching the filters, newest first, following the cursor up to `max` entries. */
export async function getAllAuditEntries(query: AuditLogQuery, max = EXPORT_MAX_ENTRIES, signal?: AbortSignal): Promise<AllAuditEntries> {
  const items: AuditEntry[] = [];
  let cursor: string | null = null;
  do {
    const page = await getAuditLogPage(query, cursor, Math.min(EXPORT_PAGE_SIZE, max - items.length), signal);
    items.push(...page.items);
    // A page with nothing in it ends the walk, whatever its cursor says.
    cursor = page.items.length === 0 ? null : page.nextCursor;
  } while (cursor !== null && items.length < max);
  return { items: items.slice(0, max), truncated: cursor !== null };
}
