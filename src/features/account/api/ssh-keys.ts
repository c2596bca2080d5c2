/** GET/POST /v1/ssh-keys and DELETE /v1/ssh-keys/{keyId}: the user's saved SSH public keys. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';
import { SSH_KEYS_QUERY_KEY, useSshKeys, type SshKey } from '../../../api/ssh-keys';

export { useSshKeys, type SshKey };
export type SshKeyCreate = components['schemas']['SshKeyCreate'];

export async function createSshKey(body: SshKeyCreate): Promise<SshKey> {
  return unwrap(await api.POST('/v1/ssh-keys', { body }));
}

export async function deleteSshKey(keyId: string): Promise<void> {
  unwrap(await api.DELETE('/v1/ssh-keys/{keyId}', { params: { path: { keyId } } }));
}

export function useCreateSshKey() {
  const client = useQueryClient();
  return useMutation({ mutationFn: createSshKey, onSuccess: () => client.invalidateQueries({ queryKey: SSH_KEYS_QUERY_KEY }) });
}

export function useDeleteSshKey() {
  const client = useQueryClient();
  return useMutation({ mutationFn: deleteSshKey, onSuccess: () => client.invalidateQueries({ queryKey: SSH_KEYS_QUERY_KEY }) });
}
