/** GET/PUT /v1/notification-preferences: what reaches the signed-in person, per event kind and channel. */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type NotificationPreferences = components['schemas']['NotificationPreferences'];
export type NotificationKind = components['schemas']['NotificationKind'];
export type Channel = 'console' | 'email' | 'webhook';

export const preferencesQueryOptions = () =>
  queryOptions({ queryKey: ['notification-preferences'], queryFn: async ({ signal }) => unwrap(await api.GET('/v1/notification-preferences', { signal })) });

export function useNotificationPreferences() {
  return useQuery(preferencesQueryOptions());
}

export function useSetNotificationPreference() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (change: { kind: NotificationKind; channel: Channel; on: boolean }) =>
      unwrap(await api.PUT('/v1/notification-preferences', { body: { items: [{ kind: change.kind, [change.channel]: change.on }] } })),
    onSuccess: (data) => client.setQueryData(['notification-preferences'], data),
  });
}

/** The saving a month (cents) a recommendation must reach before it is told (recommendation.saving). */
export function useSetRecommendationMinimum() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (cents: number) => unwrap(await api.PUT('/v1/notification-preferences', { body: { items: [{ kind: 'recommendation.saving', minMonthlySavingsCents: cents }] } })),
    onSuccess: (data) => client.setQueryData(['notification-preferences'], data),
  });
}
