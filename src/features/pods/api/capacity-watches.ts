/**
 * GET/POST /v1/capacity-watches and DELETE /v1/capacity-watches/{watchId}: "tell me when this GPU
 * is available in this region again". The cloud tells the person once (console, e-mail, by their
 * choices) and ends the watch; the launch form's no-capacity answer shows and changes it.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type CapacityWatch = components['schemas']['CapacityWatch'];
export type CapacityWatchCreate = components['schemas']['CapacityWatchCreate'];
type CapacityWatchList = components['schemas']['CapacityWatchList'];

export const capacityWatchKeys = { all: ['capacity-watches'] as const };

export const capacityWatchesQueryOptions = () =>
  queryOptions({
    queryKey: capacityWatchKeys.all,
    queryFn: async ({ signal }) => unwrap(await api.GET('/v1/capacity-watches', { signal })),
  });

export function useCapacityWatches() {
  return useQuery(capacityWatchesQueryOptions());
}

export async function createCapacityWatch(body: CapacityWatchCreate): Promise<CapacityWatch> {
  return unwrap(await api.POST('/v1/capacity-watches', { body }));
}

/** A watch already gone (it fired, or was removed in another tab) is as good as removed. */
export async function deleteCapacityWatch(watchId: string): Promise<void> {
  const result = await api.DELETE('/v1/capacity-watches/{watchId}', { params: { path: { watchId } } });
  if (result.response.status !== 404) unwrap(result);
}

/** The list as the answer leaves it (so the box shows its state at once), then read again. */
export function useCreateCapacityWatch() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: createCapacityWatch,
    // A list still being read would land after this answer and undo it: it is read again after.
    onMutate: () => client.cancelQueries({ queryKey: capacityWatchKeys.all }),
    onSuccess: (watch) => {
      client.setQueryData<CapacityWatchList>(capacityWatchKeys.all, (list) => (list ? { items: [...list.items.filter((w) => w.id !== watch.id), watch] } : { items: [watch] }));
      return client.invalidateQueries({ queryKey: capacityWatchKeys.all });
    },
  });
}

export function useDeleteCapacityWatch() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: deleteCapacityWatch,
    onMutate: () => client.cancelQueries({ queryKey: capacityWatchKeys.all }),
    onSuccess: (_nothing, watchId) => {
      client.setQueryData<CapacityWatchList>(capacityWatchKeys.all, (list) => list && { items: list.items.filter((w) => w.id !== watchId) });
      return client.invalidateQueries({ queryKey: capacityWatchKeys.all });
    },
  });
}
