/**
 * GET /v1/ssh-keys: the signed-in user's saved SSH public keys, newest first. Shared by the
 * Account page (to manage them) and the launch form (to choose one), under one query key, so a
 * key saved or removed on one shows on the other.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { components } from './schema';

export type SshKey = components['schemas']['SshKey'];

export const SSH_KEYS_QUERY_KEY = ['ssh-keys'] as const;

export const sshKeysQueryOptions = () =>
  queryOptions({
    queryKey: SSH_KEYS_QUERY_KEY,
    queryFn: async ({ signal }) => unwrap(await api.GET('/v1/ssh-keys', { signal })),
    staleTime: 60_000,
  });

export function useSshKeys() {
  return useQuery(sshKeysQueryOptions());
}
