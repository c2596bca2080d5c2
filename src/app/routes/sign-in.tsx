/** Sign in (real API only): where the console goes when the server answers 401, and back after. */
import { useSearchParams } from 'react-router';
import { brand } from '../../brand/brand.config';
import { useDocumentTitle } from '../../ui/card';
import { SignInForm } from '../../features/auth/components/sign-in-form';
import { nextPath } from '../../features/auth/next-path';

export function Component() {
  const [params] = useSearchParams();
  const base = import.meta.env.BASE_URL;
  useDocumentTitle('Sign in');
  return (
    <main id="main" className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-700 dark:bg-slate-900">
        <div className="mb-6 flex items-center gap-2 text-lg font-semibold">
          <img src={`${base}${brand.logoFile}`} alt="" width={24} height={24} />
          {brand.shortName}
        </div>
        <h1 id="sign-in-heading" className="mb-4 text-2xl font-semibold tracking-tight text-slate-900 dark:text-slate-50">
          Sign in
        </h1>
        {/* A full load after signing in: every query starts again with the new session. */}
        <SignInForm onSignedIn={() => location.assign(nextPath(params.get('next'), base))} />
      </div>
    </main>
  );
}
