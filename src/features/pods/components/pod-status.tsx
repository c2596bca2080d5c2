/** A pod's status as a badge: a word (never colour alone), with a dot for the eye. */
import type { PodStatus } from '../api/types';

const STYLE: Record<PodStatus, { label: string; cls: string }> = {
  queued: { label: 'Queued', cls: 'bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100' },
  provisioning: { label: 'Provisioning', cls: 'bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100' },
  running: { label: 'Running', cls: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100' },
  stopping: { label: 'Stopping', cls: 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100' },
  stopped: { label: 'Stopped', cls: 'bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100' },
  terminating: { label: 'Terminating', cls: 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100' },
  terminated: { label: 'Terminated', cls: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300' },
  failed: { label: 'Failed', cls: 'bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100' },
};

export function statusLabel(status: PodStatus): string {
  return STYLE[status].label;
}

export function PodStatusBadge({ status }: { status: PodStatus }) {
  const s = STYLE[status];
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ${s.cls}`}>
      <span aria-hidden="true" className="h-1.5 w-1.5 rounded-full bg-current" />
      {s.label}
    </span>
  );
}
