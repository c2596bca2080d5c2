/** Surfaces: a card, a page header (which names the document), and a headline figure. */
import { useEffect, type ReactNode } from 'react';
import { brand } from '../brand/brand.config';

/** The page's own document title (WCAG 2.4.2), as tabs, history and screen readers show it: "Pods · Northlight Console". */
export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    if (title) document.title = `${title} · ${brand.consoleName}`;
  }, [title]);
}

export function Card({ title, children, actions, className = '' }: { title?: ReactNode; children: ReactNode; actions?: ReactNode; className?: string }) {
  return (
    <section className={`rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-700 dark:bg-slate-900 ${className}`}>
      {(title || actions) && (
        <div className="mb-3 flex items-center justify-between gap-2">
          {title && <h2 className="text-base font-semibold text-slate-900 dark:text-slate-100">{title}</h2>}
          {actions}
        </div>
      )}
      {children}
    </section>
  );
}

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  useDocumentTitle(title);
  return (
    <header className="mb-6 flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-slate-50">{title}</h1>
        {description && <p className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-300">{description}</p>}
      </div>
      {actions && <div className="flex gap-2">{actions}</div>}
    </header>
  );
}

export function Stat({ label, value, hint, children }: { label: string; value: ReactNode; hint?: ReactNode; children?: ReactNode }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-700 dark:bg-slate-900">
      <dl>
        <dt className="text-sm font-medium text-slate-600 dark:text-slate-300">{label}</dt>
        <dd className="mt-1 text-3xl font-semibold tabular-nums text-slate-900 dark:text-slate-50">{value}</dd>
        {hint && <dd className="mt-1 text-sm text-slate-600 dark:text-slate-300">{hint}</dd>}
      </dl>
      {children}
    </div>
  );
}
