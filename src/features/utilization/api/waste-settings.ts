/**
 * GET and PUT /v1/utilization/settings: the organization's waste thresholds, their history, and
 * the background recompute of the hours a change reaches back to (polled while it runs).
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';
import { utilizationKeys } from './keys';

export type WasteSettingsState = components['schemas']['WasteSettingsState'];
export type WasteSettingsUpdate = components['schemas']['WasteSettingsUpdate'];

export const wasteSettingsQueryOptions = () =>
  queryOptions({
    queryKey: [...utilizationKeys.all, 'settings'] as const,
    queryFn: async ({ signal }) => unwrap(await api.GET('/v1/utilization/settings', { signal })),
    // While a recompute runs, its progress is worth a look every second.
    refetchInterval: (query) => (query.state.data?.recompute?.state === 'running' ? 1000 : false),
  });

export function useWasteSettings() {
  return useQuery(wasteSettingsQueryOptions());
}

export function useUpdateWasteSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: WasteSettingsUpdate) => unwrap(await api.PUT('/v1/utilization/settings', { body })),
    onSuccess: (state) => {
      client.setQueryData(wasteSettingsQueryOptions().queryKey, state);
      return client.invalidateQueries({ queryKey: utilizationKeys.all });
    },
  });
}
