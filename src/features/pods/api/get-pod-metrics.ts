/** GET /v1/pods/{podId}/metrics: per-GPU DCGM series, already aggregated to what the chart can show. */
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import { podKeys, retryRead, retryReadDelay, type MetricsRange } from './types';

export async function getPodMetrics(podId: string, range: MetricsRange, maxPoints: number, signal?: AbortSignal) {
  return unwrap(await api.GET('/v1/pods/{podId}/metrics', { params: { path: { podId }, query: { range, maxPoints } }, signal }));
}

export const podMetricsQueryOptions = (podId: string, range: MetricsRange, maxPoints: number, live: boolean) =>
  queryOptions({
    queryKey: podKeys.metrics(podId, range, maxPoints),
    queryFn: ({ signal }) => getPodMetrics(podId, range, maxPoints, signal),
    retry: retryRead,
    retryDelay: retryReadDelay,
    // A running pod's newest point changes once per sample period (5 minutes); a stopped pod's never.
    refetchInterval: live ? 60_000 : false,
    placeholderData: keepPreviousData,
  });

export function usePodMetrics(podId: string, range: MetricsRange, maxPoints: number, live: boolean) {
  return useQuery(podMetricsQueryOptions(podId, range, maxPoints, live));
}
