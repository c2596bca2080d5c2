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

/** `enabled: false` until the chart's width is known (one request, at its size). */
export function useUtilizationTimeseries(query: WindowQuery, maxPoints: number, enabled = true) {
  return useQuery({ ...utilizationTimeseriesQueryOptions(query, maxPoints), enabled });
}
