/**
 * POST /v1/pods/{podId}/stop from the "Idle right now" list: the GPUs are released (no longer
 * billed), the disk is kept. The list and every pod view refresh after it.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import { utilizationKeys } from './keys';

export async function stopPod(podId: string) {
  return unwrap(await api.POST('/v1/pods/{podId}/stop', { params: { path: { podId } } }));
}

export function useStopIdlePod() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (podId: string) => stopPod(podId),
    onSettled: () => Promise.all([client.invalidateQueries({ queryKey: utilizationKeys.all }), client.invalidateQueries({ queryKey: ['pods'] })]),
  });
}
