/** POST /v1/auth/sign-out: ends the session on a real server (the demo's simulator has none). */
import { useMutation } from '@tanstack/react-query';
import { api, setSigningOut, unwrap } from '../../../api/client';
import { ApiError } from '../../../api/problem';

export async function signOut(): Promise<void> {
  // Reads the page makes meanwhile meet the ending session: they must not send the user to sign in
  // with this page as the way back (the sign-out goes to the sign-in page itself).
  setSigningOut(true);
  try {
    unwrap(await api.POST('/v1/auth/sign-out', {}));
  } catch (e) {
    // No session to end (it expired, or another tab ended it): signed out all the same.
    if (!(e instanceof ApiError && e.status === 401)) {
      setSigningOut(false);
      throw e;
    }
  }
}

export function useSignOut() {
  return useMutation({ mutationFn: signOut });
}
