/** GET /v1/pods/{podId}: the pod with its events, countdown and connect details. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import { podKeys, retryRead, retryReadDelay, TRANSITIONAL } from './types';

/** While a pod changes state it is asked again this often; while it counts down to auto-stop, less often. */
export const POD_TRANSITION_REFRESH_MS = 2_000;
export const POD_COUNTDOWN_REFRESH_MS = 30_000;

export async function getPod(podId: string, signal?: AbortSignal) {
  return unwrap(await api.GET('/v1/pods/{podId}', { params: { path: { podId } }, signal }));
}

export const podQueryOptions = (podId: string) =>
  queryOptions({
    queryKey: podKeys.detail(podId),
    queryFn: ({ signal }) => getPod(podId, signal),
    retry: retryRead,
    retryDelay: retryReadDelay,
    refetchInterval: (query) => {
      const pod = query.state.data;
      if (!pod) return false;
      if (TRANSITIONAL.has(pod.status)) return POD_TRANSITION_REFRESH_MS;
      return pod.autoStop?.stopsAt ? POD_COUNTDOWN_REFRESH_MS : false;
    },
  });

export function usePod(podId: string) {
  return useQuery(podQueryOptions(podId));
}
