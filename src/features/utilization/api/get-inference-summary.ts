/** GET /v1/inference/summary: the serving pods' tokens, cost per million tokens and latency over a window. */
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { InferenceQuery } from '../inference-query';
import { UTILIZATION_STALE_MS, utilizationKeys } from './keys';

export async function getInferenceSummary(query: InferenceQuery, signal?: AbortSignal) {
  return unwrap(await api.GET('/v1/inference/summary', { params: { query }, signal }));
}

export const inferenceSummaryQueryOptions = (query: InferenceQuery) =>
  queryOptions({
    queryKey: utilizationKeys.inferenceSummary(query),
    queryFn: ({ signal }) => getInferenceSummary(query, signal),
    staleTime: UTILIZATION_STALE_MS,
    placeholderData: keepPreviousData,
  });

export function useInferenceSummary(query: InferenceQuery) {
  return useQuery(inferenceSummaryQueryOptions(query));
}
