/** A chart's table alternative, rendered only when opened (a long table costs nothing until asked for). */
import { useState, type ReactNode } from 'react';

export function DisclosureTable({ summary, children }: { summary: string; children: () => ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="mt-3" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="link cursor-pointer text-sm">{summary}</summary>
      {open && <div className="mt-2 max-h-96 overflow-auto">{children()}</div>}
    </details>
  );
}

export const TH = 'px-2 py-1.5 text-left font-medium text-slate-600 dark:text-slate-300';
export const TD = 'px-2 py-1.5 tabular-nums text-slate-900 dark:text-slate-100';
