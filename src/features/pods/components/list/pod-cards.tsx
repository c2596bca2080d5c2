/**
 * The pod list on phones and narrow windows: one card per pod (name, status, GPUs, rate now,
 * cost so far, actions), virtualized like the table so 10,000 pods stay a short DOM.
 */
import { useRef } from 'react';
import { Link, useLocation } from 'react-router';
import { formatCents, formatRatePerHour } from '../../../../lib/format';
import { ErrorState } from '../../../../ui/states';
import type { Pod, PodFilters } from '../../api/types';
import { podGpusLabel } from '../../pod-gpus';
import { podRateNowMicroUsdPerHour } from '../../pod-rate';
import { PodStatusBadge } from '../pod-status';
import { useNames } from '../use-names';
import { PodRowActions } from './pod-row-actions';
import { usePodWindow } from './use-pod-window';

/** A card's height with the gap below it: the cards are laid out at fixed offsets. */
const CARD_PX = 148;

function PodCard({ pod, canAct, onStopFailed }: { pod: Pod; canAct: boolean; onStopFailed: (pod: Pod, error: unknown) => void }) {
  const names = useNames();
  const { search } = useLocation();
  const muted = 'text-slate-600 dark:text-slate-400';
  return (
    <article
      aria-label={pod.name}
      className="flex h-full flex-col justify-between rounded-xl border border-slate-200 bg-white p-3 shadow-sm dark:border-slate-700 dark:bg-slate-900"
    >
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <Link className="link block truncate" to={`/pods/${pod.id}`} state={{ listSearch: search }}>
            {pod.name}
          </Link>
          <span className={`block truncate text-xs ${muted}`}>
            {names.project(pod.projectId)} · {names.user(pod.ownerId)}
          </span>
        </div>
        <PodStatusBadge status={pod.status} />
      </div>
      <p className="truncate">
        {podGpusLabel(pod, names.gpu(pod.gpuTypeId))} <span className={muted}>· {names.region(pod.regionId)}</span>
      </p>
      <div className="flex items-center justify-between gap-2">
        <p className="tabular-nums">
          <span className="font-medium">{formatRatePerHour(podRateNowMicroUsdPerHour(pod))}</span>{' '}
          <span className={`text-xs ${muted}`}>· {formatCents(pod.costToDateCents)} so far</span>
        </p>
        <PodRowActions pod={pod} canAct={canAct} onStopFailed={onStopFailed} />
      </div>
    </article>
  );
}

export function PodCards({
  filters,
  total,
  canAct,
  onStopFailed,
}: {
  filters: PodFilters;
  total: number;
  canAct: boolean;
  onStopFailed: (pod: Pod, error: unknown) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const { items, totalPx, podAt, failed } = usePodWindow(filters, total, CARD_PX, scroller);
  return (
    <>
      {failed && <ErrorState error={failed.error} onRetry={() => void failed.refetch()} />}
      <div ref={scroller} className="h-[70vh] overflow-auto rounded-xl text-sm" tabIndex={0} aria-label="Pods, scrollable">
        <ul role="list" aria-label="Pods" className="relative" style={{ height: totalPx }}>
          {items.map((r) => {
            const pod = podAt(r.index);
            return (
              <li
                key={r.key}
                aria-setsize={total}
                aria-posinset={r.index + 1}
                className="absolute inset-x-0 pb-2"
                style={{ height: CARD_PX, transform: `translateY(${r.start}px)` }}
              >
                {pod ? (
                  <PodCard pod={pod} canAct={canAct} onStopFailed={onStopFailed} />
                ) : (
                  <div className="h-full animate-pulse rounded-xl bg-slate-100 dark:bg-slate-800">
                    <span className="sr-only">Loading…</span>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      </div>
    </>
  );
}
