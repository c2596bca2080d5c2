/** POST /v1/auth/sign-out: ends the session on a real server (the demo's simulator has none). */
import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import { ApiError } from '../../../api/problem';

export async function signOut(): Promise<void> {
  try {
    unwrap(await api.POST('/v1/auth/sign-out', {}));
  } catch (e) {
    // No session to end (it expired, or another tab ended it): signed out all the same.
    if (!(e instanceof ApiError && e.status === 401)) throw e;
  }
}

export function useSignOut() {
  return useMutation({ mutationFn: signOut });
}
