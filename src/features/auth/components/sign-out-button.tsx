/**
 * Signing out of a real server: the server ends the session and clears its cookies, then the
 * console reloads at its sign-in page, so nothing of the session stays in memory either. If the
 * server cannot be reached, the session is still on and the header says so.
 */
import { errorMessage } from '../../../api/problem';
import { useSignOut } from '../api/sign-out';

export function SignOutButton({ onSignedOut = () => location.assign(`${import.meta.env.BASE_URL}sign-in`) }: { onSignedOut?: () => void }) {
  const signOut = useSignOut();
  return (
    <div className="flex items-center gap-2">
      <button type="button" className="btn-secondary" disabled={signOut.isPending || signOut.isSuccess} onClick={() => signOut.mutate(undefined, { onSuccess: onSignedOut })}>
        {signOut.isPending || signOut.isSuccess ? 'Signing out…' : 'Sign out'}
      </button>
      {signOut.isError && (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">
          Still signed in: {errorMessage(signOut.error)}
        </p>
      )}
    </div>
  );
}
