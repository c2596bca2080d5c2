/** GET/POST /v1/api-tokens and DELETE /v1/api-tokens/{id}: the user's API tokens (every token, for admins). */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type ApiToken = components['schemas']['ApiToken'];
export type ApiTokenCreate = components['schemas']['ApiTokenCreate'];
export type ApiTokenCreated = components['schemas']['ApiTokenCreated'];

export const apiTokensQueryOptions = () =>
  queryOptions({ queryKey: ['api-tokens'], queryFn: async ({ signal }) => unwrap(await api.GET('/v1/api-tokens', { signal })) });

export function useApiTokens() {
  return useQuery(apiTokensQueryOptions());
}

export function useCreateApiToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: ApiTokenCreate): Promise<ApiTokenCreated> => unwrap(await api.POST('/v1/api-tokens', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['api-tokens'] }),
  });
}

export function useRevokeApiToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      unwrap(await api.DELETE('/v1/api-tokens/{id}', { params: { path: { id } } }));
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['api-tokens'] }),
  });
}
