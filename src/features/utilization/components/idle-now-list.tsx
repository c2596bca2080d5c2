/** Pods whose GPUs are idle right now, idle longest first, with what they burn per hour and a Stop button. */
import { Link } from 'react-router';
import { errorMessage } from '../../../api/problem';
import { formatCents, formatDuration } from '../../../lib/format';
import { Card } from '../../../ui/card';
import { EmptyState, ErrorState, Skeleton } from '../../../ui/states';
import { useIdleNow } from '../api/get-idle-now';
import { useStopIdlePod } from '../api/stop-idle-pod';
import type { WindowQuery } from '../params';

export function IdleNowList({ query }: { query: WindowQuery }) {
  const { data, error, refetch } = useIdleNow(query);
  const stop = useStopIdlePod();
  const nowMs = data ? Date.parse(data.asOf) : 0;
  return (
    <Card title="Idle right now" className="mb-6">
      {error && !data ? (
        <ErrorState error={error} onRetry={() => void refetch()} minHeight="min-h-32" />
      ) : !data ? (
        <Skeleton className="h-32 w-full" label="Loading idle pods…" />
      ) : data.items.length === 0 ? (
        <EmptyState title="No idle GPUs right now">Every running pod's GPUs did work in the last {formatDuration(data.minIdleMs)}.</EmptyState>
      ) : (
        <>
          <p className="mb-3 text-sm text-slate-600 dark:text-slate-300">
            Running pods with GPUs idle for at least {formatDuration(data.minIdleMs)}, idle longest first{data.total > data.items.length ? ` (${data.items.length} of ${data.total})` : ''}. Stopping a pod releases its GPUs and keeps its disk.
          </p>
          {stop.error && (
            <p role="alert" className="mb-2 text-sm text-red-700 dark:text-red-300">
              Could not stop the pod: {errorMessage(stop.error)}
            </p>
          )}
          <ul className="divide-y divide-slate-100 dark:divide-slate-800">
            {data.items.map((p) => {
              const stopping = stop.isPending && stop.variables === p.podId;
              return (
                <li key={p.podId} className="flex flex-wrap items-center justify-between gap-3 py-3">
                  <div className="min-w-0">
                    <Link className="link font-medium" to={`/pods/${encodeURIComponent(p.podId)}`}>
                      {p.podName}
                    </Link>
                    <p className="text-sm text-slate-600 dark:text-slate-300">
                      {p.projectName} · {p.ownerName} · {p.idleGpuCount === p.gpuCount ? `all ${p.gpuCount} GPU${p.gpuCount === 1 ? '' : 's'}` : `${p.idleGpuCount} of ${p.gpuCount} GPUs`} idle for {formatDuration(nowMs - Date.parse(p.idleSince))}
                    </p>
                  </div>
                  <div className="flex items-center gap-3">
                    <p className="text-right text-sm">
                      <span className="block font-semibold tabular-nums text-red-700 dark:text-red-300">{formatCents(p.idleCentsPerHour)}/h idle</span>
                      <span className="block text-slate-600 dark:text-slate-300">pod {formatCents(p.podCentsPerHour)}/h</span>
                    </p>
                    {p.canStop && (
                      <button type="button" className="btn-danger" aria-label={`Stop ${p.podName}`} disabled={stopping} onClick={() => stop.mutate(p.podId)}>
                        {stopping ? 'Stopping…' : 'Stop'}
                      </button>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </Card>
  );
}
