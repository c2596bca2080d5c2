/** GET /v1/utilization/timeseries: allocated against active GPUs, and waste per day. */
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { WindowQuery } from '../params';
import { UTILIZATION_STALE_MS, utilizationKeys } from './keys';

export async function getUtilizationTimeseries(query: WindowQuery, maxPoints: number, signal?: AbortSignal) {
  return unwrap(await api.GET('/v1/utilization/timeseries', { params: { query: { ...query, maxPoints } }, signal }));
}

export const utilizationTimeseriesQueryOptions = (query: WindowQuery, maxPoints: number) =>
  queryOptions({
    queryKey: utilizationKeys.timeseries(query, maxPoints),
    queryFn: ({ signal }) => getUtilizationTimeseries(query, maxPoints, signal),
    staleTime: UTILIZATION_STALE_MS,
    placeholderData: keepPreviousData,
  });

export function useUtilizationTimeseries(query: WindowQuery, maxPoints: number) {
  return useQuery(utilizationTimeseriesQueryOptions(query, maxPoints));
}
