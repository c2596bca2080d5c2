/** POST /v1/pods/{podId}/start: the pod comes back on GPUs (if there are free ones). */
import { api, unwrap } from '../../../api/client';
import { usePodAction } from './pod-action';

export async function startPod(podId: string) {
  return unwrap(await api.POST('/v1/pods/{podId}/start', { params: { path: { podId } } }));
}

export function useStartPod(podId: string) {
  return usePodAction(podId, () => startPod(podId), (pod) => ({ ...pod, status: 'provisioning' }));
}
