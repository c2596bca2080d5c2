/**
 * The organization's webhooks (admins): GET and POST /v1/webhooks, DELETE /v1/webhooks/{id}, a
 * webhook's deliveries with each try (GET …/deliveries) and a replay (POST …/replay). Keys:
 * ['webhooks', 'list'] and ['webhooks', 'deliveries', id], so invalidating ['webhooks'] refreshes all.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type Webhook = components['schemas']['Webhook'];
export type WebhookCreated = components['schemas']['WebhookCreated'];
export type WebhookInput = { url: string; kinds: NotificationKind[]; format: Webhook['format'] };
export type WebhookDelivery = components['schemas']['WebhookDeliveryPage']['items'][number];
export type NotificationKind = components['schemas']['NotificationKind'];

const WEBHOOKS_KEY = ['webhooks'] as const;
const LIST_KEY = [...WEBHOOKS_KEY, 'list'] as const;
const deliveriesKey = (webhookId: string) => [...WEBHOOKS_KEY, 'deliveries', webhookId] as const;

/** The server's worker looks for due deliveries every 5 s (NOTIFY_INTERVAL_S): a pending one is looked at again as often. */
export const PENDING_REFRESH_MS = 5_000;

export const webhooksQueryOptions = () =>
  queryOptions({ queryKey: LIST_KEY, queryFn: async ({ signal }) => unwrap(await api.GET('/v1/webhooks', { signal })) });

export function useWebhooks() {
  return useQuery(webhooksQueryOptions());
}

export function useCreateWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: WebhookInput): Promise<WebhookCreated> => unwrap(await api.POST('/v1/webhooks', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: LIST_KEY }),
  });
}

export function useDeleteWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (webhookId: string) => {
      unwrap(await api.DELETE('/v1/webhooks/{webhookId}', { params: { path: { webhookId } } }));
    },
    onSuccess: (_, webhookId) => {
      client.removeQueries({ queryKey: deliveriesKey(webhookId) });
      return client.invalidateQueries({ queryKey: LIST_KEY });
    },
  });
}

export const webhookDeliveriesQueryOptions = (webhookId: string) =>
  queryOptions({
    queryKey: deliveriesKey(webhookId),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/v1/webhooks/{webhookId}/deliveries', { params: { path: { webhookId } }, signal })),
    // While one waits for a try, its tries and state change on the server: look again. The
    // simulator sends nothing (its deliveries stay pending): there is nothing to wait for.
    refetchInterval: (query) => (!__USE_MOCK__ && query.state.data?.items.some((d) => d.status === 'pending') ? PENDING_REFRESH_MS : false),
  });

export function useWebhookDeliveries(webhookId: string) {
  return useQuery(webhookDeliveriesQueryOptions(webhookId));
}

export function useReplayDelivery(webhookId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (deliveryId: string) =>
      unwrap(await api.POST('/v1/webhooks/{webhookId}/deliveries/{deliveryId}/replay', { params: { path: { webhookId, deliveryId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: deliveriesKey(webhookId) }),
  });
}
