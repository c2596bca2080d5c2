/** Sign in (real API only): where the console goes when the server answers 401, and back after. */
import { useSearchParams } from 'react-router';
import { brand } from '../../brand/brand.config';
import { useDocumentTitle } from '../../ui/card';
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
  useDocumentTitle('Sign in');
  return (
    <main id="main" className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-700 dark:bg-slate-900">
        <div className="mb-6 flex items-center gap-2 text-lg font-semibold">
          <img src={`${base}${brand.logoFile}`} alt="" width={24} height={24} />
          {brand.shortName}
        </div>
        {refused && (
          <div role="alert" className="mb-4 rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
            {refused}
          </div>
        )}
        <h1 id="sign-in-heading" className="mb-4 text-2xl font-semibold tracking-tight text-slate-900 dark:text-slate-50">
          Sign in
        </h1>
        {/* A full load after signing in: every query starts again with the new session. */}
        <SignInForm onSignedIn={() => location.assign(next)} />
        <div className="mt-6 border-t border-slate-200 pt-4 dark:border-slate-700">
          <SsoSignIn next={next} open={refused !== null} />
        </div>
      </div>
    </main>
  );
}
