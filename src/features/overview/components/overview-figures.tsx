/** The Overview's headline figures, each linking to the page that explains it. */
import { useEffect } from 'react';
import { Link } from 'react-router';
import { useCatalog } from '../../../api/queries';
import { formatCents, formatDateTime, formatGpus, formatInteger, formatMonth } from '../../../lib/format';
import { Stat } from '../../../ui/card';
import { ErrorState, Skeleton } from '../../../ui/states';
import { useOverview } from '../api/get-overview';

export function OverviewFigures() {
  const overview = useOverview();
  const catalog = useCatalog();
  // The size budget (scripts/size-report.mjs) counts the JavaScript fetched before this moment.
  useEffect(() => {
    if (overview.isSuccess && typeof performance.mark === 'function') performance.mark('northlight:overview-figures');
  }, [overview.isSuccess]);
  // The GPU names too: drawn with the type ids first, the list of GPUs in use by type grew a line
  // when the names came and pushed the page down.
  if (overview.isPending || catalog.isPending) {
    return (
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-32" label="Loading figures…" />
        ))}
      </div>
    );
  }
  if (overview.isError) return <ErrorState error={overview.error} onRetry={() => void overview.refetch()} minHeight="min-h-32" />;
  const o = overview.data;
  const gpuName = (id: string) => catalog.data?.gpuTypes.find((g) => g.id === id)?.name ?? id;
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="Running pods" value={formatInteger(o.runningPods)} hint={<Link className="link" to="/pods?status=running">See running pods</Link>} />
        <Stat label="GPUs in use" value={formatGpus(o.gpusInUse)} hint={<Link className="link" to="/utilization">How well they are used</Link>} />
        <Stat label="GPUs and disks this month" value={formatCents(o.spendMonthToDateCents)} hint={<Link className="link" to="/billing">Egress, forecast: Billing</Link>} />
        <Stat label={`GPUs and disks in ${formatMonth(Date.parse(o.monthStart) - 1)}`} value={formatCents(o.spendLastMonthCents)} hint="Before egress" />
      </div>
      <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
        {o.scopeName}, as of {formatDateTime(o.asOf)}
      </p>
      {o.gpusInUseByType && o.gpusInUseByType.length > 0 && (
        <section className="mt-6" aria-labelledby="gpus-by-type">
          <h2 id="gpus-by-type" className="mb-2 text-base font-semibold">GPUs in use by type</h2>
          <ul className="flex flex-wrap gap-2">
            {o.gpusInUseByType.map((t) => (
              <li key={t.gpuTypeId} className="rounded-full border border-slate-300 px-3 py-1 text-sm dark:border-slate-600">
                {gpuName(t.gpuTypeId)} <span className="font-semibold tabular-nums">× {formatGpus(t.count)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
