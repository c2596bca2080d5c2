/**
 * Invitations (admins): GET/POST /v1/invitations and DELETE /v1/invitations/{invitationId}. The
 * link's own side (preview and accept) is in join.ts, apart, so the join page loads none of this.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type Invitation = components['schemas']['Invitation'];
export type InvitationCreate = components['schemas']['InvitationCreate'];
export type InvitationCreated = components['schemas']['InvitationCreated'];

const INVITATIONS_QUERY_KEY = ['invitations'] as const;

export const invitationsQueryOptions = () =>
  queryOptions({ queryKey: INVITATIONS_QUERY_KEY, queryFn: async ({ signal }) => unwrap(await api.GET('/v1/invitations', { signal })) });

/** Admins only: the page shows invitations to admins alone, so nobody else asks. */
export function useInvitations() {
  return useQuery(invitationsQueryOptions());
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
