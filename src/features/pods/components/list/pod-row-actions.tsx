/**
 * A pod's actions in the list, as the pod has them: Connect while it runs (its page, at the
 * connect details) and Stop while it runs or is on its way to (not for finance users).
 */
import { Link, useLocation } from 'react-router';
import { useStopPod } from '../../api/stop-pod';
import type { Pod } from '../../api/types';

export const STOPPABLE: ReadonlySet<Pod['status']> = new Set(['queued', 'provisioning', 'running']);

export function PodRowActions({
  pod,
  canAct,
  onStopFailed,
}: {
  pod: Pod;
  canAct: boolean;
  onStopFailed: (pod: Pod, error: unknown) => void;
}) {
  const stop = useStopPod(pod.id);
  // The pod's page links back to this list as it is filtered now.
  const { search } = useLocation();
  const small = 'px-2.5 py-1';
  return (
    <div className="flex items-center justify-end gap-2">
      {pod.status === 'running' && (
        <Link
          className={`btn-secondary ${small}`}
          to={`/pods/${pod.id}#connect`}
          state={{ listSearch: search }}
          aria-label={`Connect to ${pod.name}`}
        >
          Connect
        </Link>
      )}
      {canAct && STOPPABLE.has(pod.status) && (
        <button
          type="button"
          className={`btn-secondary ${small}`}
          disabled={stop.isPending}
          aria-label={`${stop.isPending ? 'Stopping' : 'Stop'} ${pod.name}`}
          onClick={() => stop.mutate(undefined, { onError: (error) => onStopFailed(pod, error) })}
        >
          {stop.isPending ? 'Stopping…' : 'Stop'}
        </button>
      )}
    </div>
  );
}
