/** GET /v1/utilization/breakdown: the ledger by project, user, GPU type or pod. */
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { BreakdownBy, BreakdownSort, WindowQuery } from '../params';
import { UTILIZATION_STALE_MS, utilizationKeys } from './keys';

/** Every row, for the CSV export (the API's upper bound). */
export const ALL_ROWS = 20_000;

export async function getUtilizationBreakdown(query: WindowQuery, by: BreakdownBy, sort: BreakdownSort, order: 'asc' | 'desc', limit: number, signal?: AbortSignal) {
  return unwrap(await api.GET('/v1/utilization/breakdown', { params: { query: { ...query, by, sort, order, limit } }, signal }));
}

export const utilizationBreakdownQueryOptions = (query: WindowQuery, by: BreakdownBy, sort: BreakdownSort, order: 'asc' | 'desc', limit: number) =>
  queryOptions({
    queryKey: utilizationKeys.breakdown(query, by, sort, order, limit),
    queryFn: ({ signal }) => getUtilizationBreakdown(query, by, sort, order, limit, signal),
    staleTime: UTILIZATION_STALE_MS,
    placeholderData: keepPreviousData,
  });

export function useUtilizationBreakdown(query: WindowQuery, by: BreakdownBy, sort: BreakdownSort, order: 'asc' | 'desc', limit: number) {
  return useQuery(utilizationBreakdownQueryOptions(query, by, sort, order, limit));
}
