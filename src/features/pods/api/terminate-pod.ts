/** POST /v1/pods/{podId}/terminate: the pod and its disk are deleted; the name confirms it. */
import { api, unwrap } from '../../../api/client';
import { usePodAction } from './pod-action';

export async function terminatePod(podId: string, confirmName: string) {
  return unwrap(await api.POST('/v1/pods/{podId}/terminate', { params: { path: { podId } }, body: { confirmName } }));
}

export function useTerminatePod(podId: string) {
  return usePodAction(podId, (confirmName: string) => terminatePod(podId, confirmName), (pod) => ({ ...pod, status: 'terminating', connect: null, autoStop: null }));
}
