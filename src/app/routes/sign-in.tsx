/** Sign in (real API only): where the console goes when the server answers 401, and back after. */
import { useSearchParams } from 'react-router';
import { OutsideShell } from '../layout/outside-shell';
import { SignInForm } from '../../features/auth/components/sign-in-form';
import { SsoSignIn } from '../../features/auth/components/sso-sign-in';
import { nextPath } from '../../features/auth/next-path';
import { ssoRefusalWords } from '../../features/auth/sso-refusal';

export function Component() {
  const [params] = useSearchParams();
  const base = import.meta.env.BASE_URL;
  const next = nextPath(params.get('next'), base);
  // Single sign-on that did not let the person in comes back here with ?sso=<reason>.
  const refused = ssoRefusalWords(params.get('sso'));
  return (
    <OutsideShell
      title="Sign in"
      headingId="sign-in-heading"
      narrow
      before={
        refused && (
          <div role="alert" className="mb-4 rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
            {refused}
          </div>
        )
      }
    >
      {/* A full load after signing in: every query starts again with the new session. */}
      <SignInForm onSignedIn={() => location.assign(next)} />
      <div className="mt-6 border-t border-slate-200 pt-4 dark:border-slate-700">
        <SsoSignIn next={next} open={refused !== null} />
      </div>
    </OutsideShell>
  );
}
