/**
 * What stop, start, terminate and the other pod actions share: the pod page shows the change
 * at once (optimistic), an answer lost on the way is asked again (the actions are idempotent),
 * and a real failure puts the pod back as it was, visibly.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../../api/problem';
import { podKeys, type PodDetail } from './types';

/** Lost answers and server errors are retried; a problem the API explained is not. */
export function retryAction(failureCount: number, error: unknown): boolean {
  const transient = !(error instanceof ApiError) || error.status >= 500;
  return transient && failureCount < 3;
}

export function usePodAction<V>(podId: string, run: (vars: V) => Promise<PodDetail>, optimistic?: (pod: PodDetail, vars: V) => PodDetail) {
  const client = useQueryClient();
  const key = podKeys.detail(podId);
  return useMutation({
    // Not paused while offline to be sent later by itself: it fails, rolls back, and says so.
    networkMode: 'always',
    mutationFn: run,
    retry: retryAction,
    retryDelay: (attempt) => 400 * 2 ** attempt,
    onMutate: async (vars: V) => {
      await client.cancelQueries({ queryKey: key });
      const previous = client.getQueryData<PodDetail>(key);
      if (previous && optimistic) client.setQueryData<PodDetail>(key, optimistic(previous, vars));
      return { previous };
    },
    onError: (_error, _vars, context) => {
      if (context?.previous) client.setQueryData(key, context.previous);
    },
    onSuccess: (pod) => client.setQueryData(key, pod),
    // Refresh in the background: the action's outcome is shown without waiting for the refresh.
    onSettled: () => {
      void client.invalidateQueries({ queryKey: podKeys.lists() });
      void client.invalidateQueries({ queryKey: key });
    },
  });
}
