/** GET, PUT and DELETE /v1/sso (admins): the organization's single sign-on connection. */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiBaseUrl, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type SsoSettings = components['schemas']['SsoSettings'];
export type SsoConnection = components['schemas']['SsoConnection'];
export type SsoConnectionInput = components['schemas']['SsoConnectionInput'];

const SSO_QUERY_KEY = ['sso'] as const;

export const ssoQueryOptions = () => queryOptions({ queryKey: SSO_QUERY_KEY, queryFn: async ({ signal }) => unwrap(await api.GET('/v1/sso', { signal })) });

export function useSso() {
  return useQuery(ssoQueryOptions());
}

export function useSaveSso() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: SsoConnectionInput): Promise<SsoSettings> => unwrap(await api.PUT('/v1/sso', { body })),
    onSuccess: (settings) => client.setQueryData(SSO_QUERY_KEY, settings),
  });
}

export function useRemoveSso() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      unwrap(await api.DELETE('/v1/sso', {}));
    },
    onSuccess: () => client.invalidateQueries({ queryKey: SSO_QUERY_KEY }),
  });
}

/** The redirect URI an admin registers with the provider: the API's base URL, made absolute, and the callback's path. */
export function ssoRedirectUri(callbackPath: string): string {
  return new URL(`${apiBaseUrl()}${callbackPath}`, location.href).href;
}
