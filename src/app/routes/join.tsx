/** An invitation link (/join#…), outside the shell: whoever opens it has no session yet. */
import { brand } from '../../brand/brand.config';
import { useDocumentTitle } from '../../ui/card';
import { JoinPage } from '../../features/members/components/join-page';

export function Component() {
  const base = import.meta.env.BASE_URL;
  useDocumentTitle('Join your team');
  return (
    <main id="main" className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-700 dark:bg-slate-900">
        <div className="mb-6 flex items-center gap-2 text-lg font-semibold">
          <img src={`${base}${brand.logoFile}`} alt="" width={24} height={24} />
          {brand.shortName}
        </div>
        <h1 className="mb-4 text-2xl font-semibold tracking-tight text-slate-900 dark:text-slate-50">Join your team</h1>
        {/* The demo has no sign-in page (nor an identity provider): its way on is the console itself. */}
        <JoinPage signIn={__USE_MOCK__ ? { to: '/', label: 'Open the console' } : { to: '/sign-in', label: 'Go to sign in' }} ssoWorks={!__USE_MOCK__} />
      </div>
    </main>
  );
}
