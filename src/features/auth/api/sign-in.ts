/** POST /v1/auth/sign-in: a session on a real server (the demo's simulator has no sign-in). */
import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';

export interface Credentials {
  email: string;
  password: string;
}

export async function signIn(credentials: Credentials) {
  return unwrap(await api.POST('/v1/auth/sign-in', { body: credentials }));
}

export function useSignIn() {
  return useMutation({ mutationFn: signIn });
}
