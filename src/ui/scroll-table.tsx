/**
 * A table wider than a phone: it scrolls sideways inside a labelled region that the keyboard can
 * reach (WCAG 2.1.1; axe's scrollable-region-focusable), and its first column, the row's name,
 * stays put while the figures scroll under it. The sticky cells take the card's background.
 */
import type { ReactNode } from 'react';

const STICKY_FIRST_COLUMN =
  '[&_tr>:first-child]:sticky [&_tr>:first-child]:left-0 [&_tr>:first-child]:z-[1] [&_tr>:first-child]:bg-white dark:[&_tr>:first-child]:bg-slate-900 [&_tr>:first-child]:shadow-[inset_-1px_0_0_#e2e8f0] dark:[&_tr>:first-child]:shadow-[inset_-1px_0_0_#334155]';

export function ScrollTable({ label, children, className = '' }: { label: string; children: ReactNode; className?: string }) {
  return (
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      className={`relative overflow-x-auto rounded-md ${STICKY_FIRST_COLUMN} ${className}`}
    >
      {children}
    </div>
  );
}
