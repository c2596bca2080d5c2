/** POST /v1/pods/{podId}/stop: GPU released, disk kept. */
import { api, unwrap } from '../../../api/client';
import { usePodAction } from './pod-action';

export async function stopPod(podId: string) {
  return unwrap(await api.POST('/v1/pods/{podId}/stop', { params: { path: { podId } } }));
}

export function useStopPod(podId: string) {
  return usePodAction(podId, () => stopPod(podId), (pod) => ({ ...pod, status: 'stopping', connect: null, autoStop: null }));
}
