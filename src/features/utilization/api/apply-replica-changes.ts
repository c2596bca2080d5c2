/**
 * Following a fewer-replicas recommendation: each pod it names is stopped (POST
 * /v1/pods/{podId}/stop: GPUs released, disk kept) or restarted with fewer GPUs (PATCH
 * /v1/pods/{podId} gpuCount: in place, disk kept), one after the other. A refusal stops the run
 * there, and says which pods were already changed; every view of pods and usage refreshes after.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import { errorMessage } from '../../../api/problem';
import { utilizationKeys } from './keys';
import { stopPod } from './stop-idle-pod';

export interface ReplicaChange {
  podId: string;
  podName: string;
  gpuCountNow: number;
  gpuCountAfter: number;
}

/** What a refusal part-way leaves: the pods changed before it, and the API's words. */
export class ReplicaChangesError extends Error {
  constructor(
    readonly done: readonly ReplicaChange[],
    readonly failed: ReplicaChange,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export async function applyReplicaChanges(changes: readonly ReplicaChange[]): Promise<ReplicaChange[]> {
  const done: ReplicaChange[] = [];
  for (const c of changes) {
    if (c.gpuCountAfter >= c.gpuCountNow) continue;
    try {
      if (c.gpuCountAfter === 0) await stopPod(c.podId);
      else unwrap(await api.PATCH('/v1/pods/{podId}', { params: { path: { podId: c.podId } }, body: { gpuCount: c.gpuCountAfter } }));
    } catch (e) {
      throw new ReplicaChangesError(done, c, errorMessage(e));
    }
    done.push(c);
  }
  return done;
}

export function useApplyReplicaChanges() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: applyReplicaChanges,
    onSettled: () => Promise.all([client.invalidateQueries({ queryKey: utilizationKeys.all }), client.invalidateQueries({ queryKey: ['pods'] })]),
  });
}
