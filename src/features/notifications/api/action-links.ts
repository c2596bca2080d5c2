/**
 * An e-mail's action link (/pod-action#nla_…): POST /v1/auth/action-links/preview and /use (no
 * session needed; the link acts as the person it was sent to). The secret travels only in these
 * two bodies (server/action-links.ts).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type ActionLinkPreview = components['schemas']['ActionLinkPreview'];
export type ActionLinkResult = components['schemas']['ActionLinkResult'];

/** What the link would do. Its key holds no secret; the page reads one link at a time and keeps nothing after. */
export function useActionLinkPreview(token: string) {
  return useQuery({
    queryKey: ['action-link-preview'],
    queryFn: async ({ signal }): Promise<ActionLinkPreview> => unwrap(await api.POST('/v1/auth/action-links/preview', { body: { token }, signal })),
    enabled: token !== '',
    retry: false,
    staleTime: Infinity,
    gcTime: 0,
  });
}

export function useActionLink() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (token: string): Promise<ActionLinkResult> => unwrap(await api.POST('/v1/auth/action-links/use', { body: { token } })),
    // The pod changed: a console open in this browser reads it again.
    onSuccess: (result) => client.invalidateQueries({ queryKey: ['pods'] }).then(() => client.invalidateQueries({ queryKey: ['pod', result.podId] })),
  });
}
