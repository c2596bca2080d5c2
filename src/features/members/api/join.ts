/**
 * An invitation link's own side: POST /v1/auth/invitations/preview and /accept (no session needed).
 * The link's secret travels only in these two bodies.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type InvitationPreview = components['schemas']['InvitationPreview'];
export type InvitationAccept = components['schemas']['InvitationAccept'];
export type Session = components['schemas']['Session'];

/** What a link offers. Its key holds no secret; the page reads one link at a time, and keeps nothing after. */
export function useInvitationPreview(token: string) {
  return useQuery({
    queryKey: ['invitation-preview'],
    queryFn: async ({ signal }): Promise<InvitationPreview> => unwrap(await api.POST('/v1/auth/invitations/preview', { body: { token }, signal })),
    enabled: token !== '',
    retry: false,
    staleTime: Infinity,
    gcTime: 0,
  });
}

/** Joins: the answer is the new member's session (a real server also sets its cookies; the demo acts as them). */
export function useAcceptInvitation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: InvitationAccept): Promise<Session> => unwrap(await api.POST('/v1/auth/invitations/accept', { body })),
    onSuccess: async (session) => {
      // Another person now: nothing read before belongs to them (the preview goes with the page:
      // removed now, the page still open would read it again, and the used link answer 404).
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' && q.queryKey[0] !== 'invitation-preview' });
      client.setQueryData(['session'], session);
      await client.invalidateQueries({ queryKey: ['session'] });
    },
  });
}
