/**
 * Invitations: GET/POST /v1/invitations and DELETE /v1/invitations/{invitationId} (admins), and
 * the link's own side, POST /v1/auth/invitations/preview and /accept (no session needed). The
 * link's secret travels only in those two bodies.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type Invitation = components['schemas']['Invitation'];
export type InvitationCreate = components['schemas']['InvitationCreate'];
export type InvitationCreated = components['schemas']['InvitationCreated'];
export type InvitationPreview = components['schemas']['InvitationPreview'];
export type InvitationAccept = components['schemas']['InvitationAccept'];
export type Session = components['schemas']['Session'];

const INVITATIONS_QUERY_KEY = ['invitations'] as const;

export const invitationsQueryOptions = () =>
  queryOptions({ queryKey: INVITATIONS_QUERY_KEY, queryFn: async ({ signal }) => unwrap(await api.GET('/v1/invitations', { signal })) });

/** Admins only: the API refuses everyone else, so others do not ask. */
export function useInvitations(enabled: boolean) {
  return useQuery({ ...invitationsQueryOptions(), enabled });
}

export function useCreateInvitation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: InvitationCreate): Promise<InvitationCreated> => unwrap(await api.POST('/v1/invitations', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: INVITATIONS_QUERY_KEY }),
  });
}

export function useRevokeInvitation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (invitationId: string) => {
      unwrap(await api.DELETE('/v1/invitations/{invitationId}', { params: { path: { invitationId } } }));
    },
    onSuccess: () => client.invalidateQueries({ queryKey: INVITATIONS_QUERY_KEY }),
  });
}

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
      // Another person now: nothing read before belongs to them.
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
      client.setQueryData(['session'], session);
      await client.invalidateQueries({ queryKey: ['session'] });
    },
  });
}
