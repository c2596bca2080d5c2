/** GET /v1/members, PATCH and DELETE /v1/members/{userId}, and the projects to name (GET /v1/projects). */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type Member = components['schemas']['Member'];
export type MemberUpdate = components['schemas']['MemberUpdate'];
export type Role = components['schemas']['Role'];
export type Project = components['schemas']['Project'];

export const MEMBERS_QUERY_KEY = ['members'] as const;

export const membersQueryOptions = () =>
  queryOptions({ queryKey: MEMBERS_QUERY_KEY, queryFn: async ({ signal }) => unwrap(await api.GET('/v1/members', { signal })) });

export function useMembers() {
  return useQuery(membersQueryOptions());
}

/** Every project of the organization, to name a member's and to choose from. */
export function useProjects() {
  return useQuery({ queryKey: ['projects'], queryFn: async ({ signal }) => unwrap(await api.GET('/v1/projects', { signal })), staleTime: 5 * 60_000 });
}

export function useUpdateMember() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ userId, body }: { userId: string; body: MemberUpdate }): Promise<Member> =>
      unwrap(await api.PATCH('/v1/members/{userId}', { params: { path: { userId } }, body })),
    // Your own role may have changed: the session says what you may do.
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: MEMBERS_QUERY_KEY }), client.invalidateQueries({ queryKey: ['session'] })]),
  });
}

export function useRemoveMember() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (userId: string) => {
      unwrap(await api.DELETE('/v1/members/{userId}', { params: { path: { userId } } }));
    },
    onSuccess: () => client.invalidateQueries({ queryKey: MEMBERS_QUERY_KEY }),
  });
}
