/** GET /v1/pods/{podId}/inference: one pod's serving figures over a range and by UTC day. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { NamedRange } from '../params';
import { UTILIZATION_STALE_MS, utilizationKeys } from './keys';

export async function getPodInference(podId: string, range: NamedRange, signal?: AbortSignal) {
  return unwrap(await api.GET('/v1/pods/{podId}/inference', { params: { path: { podId }, query: { range } }, signal }));
}

export const podInferenceQueryOptions = (podId: string, range: NamedRange) =>
  queryOptions({
    queryKey: utilizationKeys.podInference(podId, range),
    queryFn: ({ signal }) => getPodInference(podId, range, signal),
    staleTime: UTILIZATION_STALE_MS,
    // Another range of the same pod keeps its figures on screen while it loads; another pod's never do.
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[2] === podId ? previous : undefined),
  });

export function usePodInference(podId: string, range: NamedRange) {
  return useQuery(podInferenceQueryOptions(podId, range));
}
