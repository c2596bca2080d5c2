/** GET /v1/inference/over-time: the serving pods' tokens and cost per million tokens by UTC day. */
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { InferenceDaysQuery } from '../inference-query';
import { UTILIZATION_STALE_MS, utilizationKeys } from './keys';

export const inferenceOverTimeQueryOptions = (query: InferenceDaysQuery) =>
  queryOptions({
    queryKey: utilizationKeys.inferenceOverTime(query),
    queryFn: async ({ signal }) => unwrap(await api.GET('/v1/inference/over-time', { params: { query }, signal })),
    staleTime: UTILIZATION_STALE_MS,
    placeholderData: keepPreviousData,
  });

export function useInferenceOverTime(query: InferenceDaysQuery) {
  return useQuery(inferenceOverTimeQueryOptions(query));
}
