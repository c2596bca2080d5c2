/** Applies an in-place recommendation: PATCH /v1/pods/{podId} with the change it names. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type PodUpdate = components['schemas']['PodUpdate'];

export async function applyInPlace(podId: string, patch: PodUpdate) {
  return unwrap(await api.PATCH('/v1/pods/{podId}', { params: { path: { podId } }, body: patch }));
}

export function useApplyInPlace() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ podId, patch }: { podId: string; patch: PodUpdate }) => applyInPlace(podId, patch),
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: ['recommendations'] }), client.invalidateQueries({ queryKey: ['pods'] })]),
  });
}
