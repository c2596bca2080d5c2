/** An action link from a notification e-mail (/pod-action#…), outside the shell: it needs no session. */
import { brand } from '../../brand/brand.config';
import { useDocumentTitle } from '../../ui/card';
import { ActionLinkPage } from '../../features/notifications/components/action-link-page';

export function Component() {
  const base = import.meta.env.BASE_URL;
  useDocumentTitle('An idle pod');
  return (
    <main id="main" className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-700 dark:bg-slate-900">
        <div className="mb-6 flex items-center gap-2 text-lg font-semibold">
          <img src={`${base}${brand.logoFile}`} alt="" width={24} height={24} />
          {brand.shortName}
        </div>
        <h1 className="mb-4 text-2xl font-semibold tracking-tight text-slate-900 dark:text-slate-50">An idle pod</h1>
        <ActionLinkPage />
      </div>
    </main>
  );
}
