/** A page outside the console's shell, for someone who has no session (yet): the brand, a card, its heading. */
import type { ReactNode } from 'react';
import { brand } from '../../brand/brand.config';
import { useDocumentTitle } from '../../ui/card';

export function OutsideShell({ title, headingId, narrow = false, before, children }: { title: string; headingId?: string; narrow?: boolean; before?: ReactNode; children: ReactNode }) {
  const base = import.meta.env.BASE_URL;
  useDocumentTitle(title);
  return (
    <main id="main" className="flex min-h-screen items-center justify-center p-4">
      <div className={`w-full ${narrow ? 'max-w-sm' : 'max-w-md'} rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-700 dark:bg-slate-900`}>
        <div className="mb-6 flex items-center gap-2 text-lg font-semibold">
          <img src={`${base}${brand.logoFile}`} alt="" width={24} height={24} />
          {brand.shortName}
        </div>
        {before}
        <h1 id={headingId} className="mb-4 text-2xl font-semibold tracking-tight text-slate-900 dark:text-slate-50">
          {title}
        </h1>
        {children}
      </div>
    </main>
  );
}
