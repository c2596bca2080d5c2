/** POST /v1/pods/{podId}/keep-running: snooze the idle auto-stop. */
import { api, unwrap } from '../../../api/client';
import { usePodAction } from './pod-action';

export async function keepPodRunning(podId: string, snoozeMinutes: number) {
  return unwrap(await api.POST('/v1/pods/{podId}/keep-running', { params: { path: { podId } }, body: { snoozeMinutes } }));
}

export function useKeepPodRunning(podId: string) {
  return usePodAction(podId, (snoozeMinutes: number) => keepPodRunning(podId, snoozeMinutes));
}
