/** GET /v1/pods/{podId}/waste: one pod's ledger, per GPU and per day. */
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { NamedRange } from '../params';
import { UTILIZATION_STALE_MS, utilizationKeys } from './keys';

export async function getPodWaste(podId: string, range: NamedRange, signal?: AbortSignal) {
  return unwrap(await api.GET('/v1/pods/{podId}/waste', { params: { path: { podId }, query: { range } }, signal }));
}

export const podWasteQueryOptions = (podId: string, range: NamedRange) =>
  queryOptions({
    queryKey: utilizationKeys.podWaste(podId, { range }),
    queryFn: ({ signal }) => getPodWaste(podId, range, signal),
    staleTime: UTILIZATION_STALE_MS,
    placeholderData: keepPreviousData,
  });

export function usePodWaste(podId: string, range: NamedRange) {
  return useQuery(podWasteQueryOptions(podId, range));
}
