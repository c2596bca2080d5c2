/**
 * Stop, Start and Terminate. Each shows the change at once; if the API refuses it (or cannot be
 * reached after a few tries), the pod goes back to how it was and the page says so. Terminate
 * says what is lost and asks for the pod's name.
 */
import { useId, useState } from 'react';
import { errorMessage } from '../../../../api/problem';
import { useStartPod } from '../../api/start-pod';
import { useStopPod } from '../../api/stop-pod';
import { useTerminatePod } from '../../api/terminate-pod';
import type { PodDetail } from '../../api/types';

export function PodActions({ pod, canAct }: { pod: PodDetail; canAct: boolean }) {
  const stop = useStopPod(pod.id);
  const start = useStartPod(pod.id);
  const terminate = useTerminatePod(pod.id);
  const [confirming, setConfirming] = useState(false);
  const busy = stop.isPending || start.isPending || terminate.isPending;
  const gone = pod.status === 'terminating' || pod.status === 'terminated' || pod.status === 'failed';
  const failure =
    (stop.isError && { what: 'stop', error: stop.error }) ||
    (start.isError && { what: 'start', error: start.error }) ||
    (terminate.isError && { what: 'terminate', error: terminate.error }) ||
    null;
  if (!canAct) return <p className="text-sm text-slate-600 dark:text-slate-300">As a finance user you can see this pod, but not stop, start or terminate it.</p>;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <button type="button" className="btn-secondary" disabled={busy || !['queued', 'provisioning', 'running'].includes(pod.status)} onClick={() => stop.mutate(undefined)}>
          Stop
        </button>
        <button type="button" className="btn-secondary" disabled={busy || pod.status !== 'stopped'} onClick={() => start.mutate(undefined)}>
          Start
        </button>
        <button type="button" className="btn-danger" disabled={busy || gone} aria-expanded={confirming} onClick={() => setConfirming(true)}>
          Terminate
        </button>
      </div>
      {failure && (
        <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-50">
          <p className="font-semibold">
            Could not {failure.what} {pod.name}. It is {pod.status} as before.
          </p>
          <p>{errorMessage(failure.error)}</p>
        </div>
      )}
      {confirming && !gone && (
        <TerminateConfirm
          pod={pod}
          pending={terminate.isPending}
          onCancel={() => setConfirming(false)}
          onConfirm={(name) => terminate.mutate(name, { onSuccess: () => setConfirming(false) })}
        />
      )}
    </div>
  );
}

function TerminateConfirm({ pod, pending, onCancel, onConfirm }: { pod: PodDetail; pending: boolean; onCancel: () => void; onConfirm: (name: string) => void }) {
  const [typed, setTyped] = useState('');
  const id = useId();
  return (
    <section aria-labelledby={`${id}-title`} className="rounded-lg border border-red-300 p-4 dark:border-red-800">
      <h3 id={`${id}-title`} className="font-semibold">
        Terminate {pod.name}?
      </h3>
      <p className="mt-1 text-sm">
        The pod and its {pod.diskGb} GB disk are deleted, with everything on the disk. This cannot be undone. To keep the disk, stop the pod instead.
      </p>
      <form
        className="mt-3 flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed === pod.name) onConfirm(typed);
        }}
      >
        <div>
          <label htmlFor={`${id}-name`} className="field-label">
            Type {pod.name} to confirm
          </label>
          <input id={`${id}-name`} className="field-input" autoComplete="off" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} autoFocus />
        </div>
        <button type="submit" className="btn-danger" disabled={typed !== pod.name || pending}>
          Terminate pod and delete disk
        </button>
        <button type="button" className="btn-secondary" onClick={onCancel}>
          Cancel
        </button>
      </form>
    </section>
  );
}
