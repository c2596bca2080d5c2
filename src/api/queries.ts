/** Queries every page shares: the session (who, which org, which projects) and the catalog. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';

export const sessionQueryOptions = () =>
  queryOptions({
    queryKey: ['session'],
    queryFn: async ({ signal }) => unwrap(await api.GET('/v1/session', { signal })),
    staleTime: 60_000,
  });

export function useSession() {
  return useQuery(sessionQueryOptions());
}

export const catalogQueryOptions = () =>
  queryOptions({
    queryKey: ['catalog'],
    queryFn: async ({ signal }) => unwrap(await api.GET('/v1/catalog', { signal })),
    staleTime: 30_000,
  });

export function useCatalog() {
  return useQuery(catalogQueryOptions());
}

export const usersQueryOptions = () =>
  queryOptions({
    queryKey: ['users'],
    queryFn: async ({ signal }) => unwrap(await api.GET('/v1/users', { signal })),
    staleTime: 5 * 60_000,
  });
