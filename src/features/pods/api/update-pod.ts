/** PATCH /v1/pods/{podId}: idle auto-stop and GPU count, changed in place. */
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';
import { usePodAction } from './pod-action';

export type PodUpdate = components['schemas']['PodUpdate'];

export async function updatePod(podId: string, change: PodUpdate) {
  return unwrap(await api.PATCH('/v1/pods/{podId}', { params: { path: { podId } }, body: change }));
}

export function useUpdatePod(podId: string) {
  return usePodAction(podId, (change: PodUpdate) => updatePod(podId, change), (pod, change) => ({ ...pod, ...change }));
}
