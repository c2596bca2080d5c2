/** The idle auto-stop: when the pod stops if its GPUs stay idle, what that saves a day, and "Keep running". */
import { errorMessage } from '../../../../api/problem';
import { formatCents, formatDateTime } from '../../../../lib/format';
import { useKeepPodRunning } from '../../api/keep-pod-running';
import type { PodDetail } from '../../api/types';

export const SNOOZE_MINUTES = 60;

function minutesLabel(m: number): string {
  return m % 60 === 0 ? `${m / 60} hour${m === 60 ? '' : 's'}` : `${m} minutes`;
}

export function AutoStopPanel({ pod, canAct }: { pod: PodDetail; canAct: boolean }) {
  const keep = useKeepPodRunning(pod.id);
  if (pod.autoStopIdleMinutes === null) {
    return <p className="text-sm">Auto-stop is off: this pod runs until someone stops it.</p>;
  }
  const a = pod.autoStop;
  // Queued or still provisioning, the pod has no GPU to be busy or idle yet.
  if (!a || pod.status !== 'running') {
    return (
      <p className="text-sm">
        {pod.status === 'queued' || pod.status === 'provisioning' ? 'Once the pod runs, it' : 'It'} stops itself when every GPU has been idle for {minutesLabel(pod.autoStopIdleMinutes)}
        {a ? ` (saves ${formatCents(a.savesCentsPerDay)} a day)` : ' while it runs'}.
      </p>
    );
  }
  return (
    <div className="space-y-2 text-sm" aria-live="polite">
      {a.stopsAt ? (
        <p className="rounded-lg border border-amber-400 bg-amber-50 p-3 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50">
          <strong>Stops at {formatDateTime(a.stopsAt)} if still idle</strong>: every GPU has been idle since {formatDateTime(a.idleSince ?? a.stopsAt)}. Stopping saves {formatCents(a.savesCentsPerDay)} a day; the disk is kept.
        </p>
      ) : a.snoozedUntil ? (
        <p>Auto-stop is paused until {formatDateTime(a.snoozedUntil)}; then it stops the pod once its GPUs have been idle for {minutesLabel(a.idleMinutes)}.</p>
      ) : (
        <p>The GPUs are busy. The pod stops itself once every GPU has been idle for {minutesLabel(a.idleMinutes)} (saves {formatCents(a.savesCentsPerDay)} a day).</p>
      )}
      {canAct && (a.stopsAt || a.snoozedUntil) && (
        <button type="button" className="btn-secondary" disabled={keep.isPending} onClick={() => keep.mutate(SNOOZE_MINUTES)}>
          Keep running
        </button>
      )}
      {canAct && a.stopsAt && <p className="text-xs text-slate-600 dark:text-slate-400">Keep running pauses auto-stop for 1 hour.</p>}
      {keep.isError && (
        <p role="alert" className="field-error">
          Could not pause auto-stop: {errorMessage(keep.error)}
        </p>
      )}
    </div>
  );
}
