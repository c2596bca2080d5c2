/** GET /v1/utilization/summary: the window's ledger against the previous window's. */
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { WindowQuery } from '../params';
import { UTILIZATION_STALE_MS, utilizationKeys } from './keys';

export async function getUtilizationSummary(query: WindowQuery, signal?: AbortSignal) {
  return unwrap(await api.GET('/v1/utilization/summary', { params: { query }, signal }));
}

export const utilizationSummaryQueryOptions = (query: WindowQuery) =>
  queryOptions({
    queryKey: utilizationKeys.summary(query),
    queryFn: ({ signal }) => getUtilizationSummary(query, signal),
    staleTime: UTILIZATION_STALE_MS,
    placeholderData: keepPreviousData,
  });

export function useUtilizationSummary(query: WindowQuery) {
  return useQuery(utilizationSummaryQueryOptions(query));
}
