/**
 * The Utilization page's two views, GPU utilization and Inference, as tabs by the WAI-ARIA
 * pattern (arrow keys, Home and End move between them); the view is in the URL (`view=inference`).
 */
import type { KeyboardEvent } from 'react';

export type UtilizationView = 'gpus' | 'inference';

const VIEWS: Array<{ value: UtilizationView; label: string }> = [
  { value: 'gpus', label: 'GPU utilization' },
  { value: 'inference', label: 'Inference' },
];

export const viewTabId = (v: UtilizationView) => `utilization-tab-${v}`;
export const VIEW_PANEL_ID = 'utilization-view-panel';

export function readView(raw: string | null): UtilizationView {
  return raw === 'inference' ? 'inference' : 'gpus';
}

export function UtilizationTabs({ view, onChange }: { view: UtilizationView; onChange: (v: UtilizationView) => void }) {
  const onKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    const i = VIEWS.findIndex((v) => v.value === view);
    const target = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? VIEWS.length - 1 : null;
    if (target === null) return;
    e.preventDefault();
    const next = VIEWS[(target + VIEWS.length) % VIEWS.length];
    if (next) {
      onChange(next.value);
      document.getElementById(viewTabId(next.value))?.focus();
    }
  };
  return (
    <div role="tablist" aria-label="Utilization views" className="mb-6 flex gap-1 border-b border-slate-200 dark:border-slate-700">
      {VIEWS.map((v) => (
        <button
          key={v.value}
          id={viewTabId(v.value)}
          type="button"
          role="tab"
          aria-selected={view === v.value}
          aria-controls={VIEW_PANEL_ID}
          tabIndex={view === v.value ? 0 : -1}
          onClick={() => onChange(v.value)}
          onKeyDown={onKey}
          className={`-mb-px border-b-2 px-4 py-2 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-teal-600 ${view === v.value ? 'border-teal-700 text-teal-800 dark:border-teal-400 dark:text-teal-200' : 'border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white'}`}
        >
          {v.label}
        </button>
      ))}
    </div>
  );
}
