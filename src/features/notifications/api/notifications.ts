/** GET /v1/notifications and POST /v1/notifications/read: the signed-in person's notifications and their unread count. */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type Notification = components['schemas']['Notification'];

/** The newest page, polled: the count in the header stays current while the console is open. */
export const notificationsQueryOptions = () =>
  queryOptions({
    queryKey: ['notifications'],
    queryFn: async ({ signal }) => unwrap(await api.GET('/v1/notifications', { params: { query: { limit: 20 } }, signal })),
    refetchInterval: 60_000,
  });

export function useNotifications() {
  return useQuery(notificationsQueryOptions());
}

export function useMarkNotificationsRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { ids: string[] } | { all: true }) => unwrap(await api.POST('/v1/notifications/read', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['notifications'] }),
  });
}
