/** A pod's own page: header with its actions, idle auto-stop, connect, cost, metrics and timeline. */
import { useEffect, useRef, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { Card, PageHeader, useDocumentTitle } from '../../../../ui/card';
import { PendingRead } from '../read-state';
import { usePod } from '../../api/get-pod';
import { podGpusLabel } from '../../pod-gpus';
import { PodStatusBadge } from '../pod-status';
import { useNames } from '../use-names';
import { AutoStopPanel } from './auto-stop-panel';
import { ConnectPanel } from './connect-panel';
import { PodActions } from './pod-actions';
import { PodCost } from './pod-cost';
import { PodMetrics } from './pod-metrics';
import { PodTimeline } from './pod-timeline';

export function PodDetailView({ podId, children }: { podId: string; children?: ReactNode }) {
  const pod = usePod(podId);
  const names = useNames();
  const location = useLocation();
  const { launched, listSearch = '' } = (location.state as { launched?: 'new' | 'found'; listSearch?: string } | null) ?? {};
  // The list's "Connect" lands on the connect details: scrolled to and focused once the pod is shown.
  const connect = useRef<HTMLDivElement>(null);
  const loaded = pod.data !== undefined;
  useEffect(() => {
    if (loaded && location.hash === '#connect') {
      connect.current?.scrollIntoView({ block: 'start' });
      connect.current?.focus({ preventScroll: true });
    }
  }, [loaded, location.hash]);
  // Named for the pod once it is known (PageHeader), "Pod" while it loads or cannot be shown.
  useDocumentTitle(pod.data ? undefined : 'Pod');
  if (!pod.data) return <PendingRead query={pod} className="h-96 w-full" label="Loading the pod…" minHeight="min-h-96" />;
  const p = pod.data;
  const canAct = names.role !== undefined && names.role !== 'finance';
  const region = names.catalog?.regions.find((r) => r.id === p.regionId);
  return (
    <>
      <Link className="link mb-2 inline-block text-sm" to={`/pods${listSearch}`}>
        {listSearch ? '← Back to the pods you were looking at' : '← All pods'}
      </Link>
      <PageHeader
        title={p.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <PodStatusBadge status={p.status} />
            <span>
              {podGpusLabel(p, names.gpu(p.gpuTypeId))} · {names.region(p.regionId)} · {names.image(p.imageId)} · {p.diskGb} GB disk · {names.project(p.projectId)} · {names.user(p.ownerId)}
            </span>
          </span>
        }
      />
      {launched && (
        <p role="status" className="mb-4 rounded-lg border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-50">
          {launched === 'found' ? `${p.name} had already been launched by your earlier attempt; this is that pod (only one was launched).` : `${p.name} is launched. It is billed per second once it runs.`}
        </p>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Actions">
          <PodActions pod={p} canAct={canAct} />
        </Card>
        <Card title="Auto-stop when idle">
          <AutoStopPanel pod={p} canAct={canAct} />
        </Card>
        <div id="connect" ref={connect} tabIndex={-1} className="scroll-mt-4 rounded-xl">
          <Card title="Connect" className="h-full">
            <ConnectPanel pod={p} />
          </Card>
        </div>
        <Card title="Cost">
          <PodCost pod={p} />
        </Card>
      </div>
      <Card title="GPU metrics" className="mt-4">
        <PodMetrics pod={p} regionPue={region?.pue} regionName={region?.name ?? p.regionId} />
      </Card>
      <Card title="Timeline" className="mt-4">
        <PodTimeline events={p.events} />
      </Card>
      {children}
    </>
  );
}
