/** Loading, empty and error states that hold their height, so pages do not jump. */
import type { ReactNode } from 'react';
import { errorMessage } from '../api/problem';

export function Skeleton({ className = 'h-6 w-full', label }: { className?: string; label?: string }) {
  return (
    <div role="status" aria-live="polite" className={`animate-pulse rounded-md bg-slate-200 dark:bg-slate-700 ${className}`}>
      <span className="sr-only">{label ?? 'Loading…'}</span>
    </div>
  );
}

export function ErrorState({ error, onRetry, minHeight = 'min-h-24' }: { error: unknown; onRetry?: () => void; minHeight?: string }) {
  return (
    <div role="alert" className={`flex flex-col items-start justify-center gap-2 rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100 ${minHeight}`}>
      <p>{errorMessage(error)}</p>
      {onRetry && (
        <button type="button" onClick={onRetry} className="btn-secondary">
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="flex min-h-24 flex-col items-center justify-center gap-1 rounded-lg border border-dashed border-slate-300 p-6 text-center dark:border-slate-600">
      <p className="font-medium text-slate-800 dark:text-slate-100">{title}</p>
      {children && <div className="text-sm text-slate-600 dark:text-slate-300">{children}</div>}
    </div>
  );
}
