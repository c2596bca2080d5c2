/** GET /v1/utilization/heatmap: every GPU's activity over time, run-length encoded. */
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { WindowQuery } from '../params';
import { UTILIZATION_STALE_MS, utilizationKeys } from './keys';

export async function getUtilizationHeatmap(query: WindowQuery, maxColumns: number, signal?: AbortSignal) {
  const { smActiveTarget: _unused, ...rest } = query;
  return unwrap(await api.GET('/v1/utilization/heatmap', { params: { query: { ...rest, maxColumns } }, signal }));
}

export const utilizationHeatmapQueryOptions = (query: WindowQuery, maxColumns: number) =>
  queryOptions({
    queryKey: utilizationKeys.heatmap(query, maxColumns),
    queryFn: ({ signal }) => getUtilizationHeatmap(query, maxColumns, signal),
    staleTime: UTILIZATION_STALE_MS,
    placeholderData: keepPreviousData,
  });

/** `enabled: false` until the chart's width is known (one request, at its size). */
export function useUtilizationHeatmap(query: WindowQuery, maxColumns: number, enabled = true) {
  return useQuery({ ...utilizationHeatmapQueryOptions(query, maxColumns), enabled });
}
