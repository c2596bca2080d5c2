/** The meter: each project's egress this month so far, its free allowance left, the month-end projection, and warnings before the allowance runs out. */
import type { components } from '../../../api/schema';
import { useSession } from '../../../api/queries';
import { formatCents, formatDate, formatDateTime, formatMonth } from '../../../lib/format';
import { ALL_PROJECTS, useProjectScope } from '../../../lib/project-scope';
import { Card } from '../../../ui/card';
import { EmptyState, ErrorState, Skeleton } from '../../../ui/states';
import { useEgressMeter } from '../api/get-egress-meter';
import { useEgressPriceBook } from '../api/get-egress-price-book';
import { formatMeterVolume, formatPricePerUnit, ownProviderName } from '../format';
import { ThresholdForm } from './threshold-form';
import { ScrollTable } from '../../../ui/scroll-table';

type ProjectMeter = components['schemas']['EgressProjectMeter'];

function usedPercent(p: ProjectMeter): number {
  return p.allowanceBytes > 0 ? Math.min(100, Math.floor((p.internetBytes / p.allowanceBytes) * 100)) : 0;
}

function warningText(p: ProjectMeter, monthEndIso: string, pricePerGb: string | null): string {
  const rate = `${formatMeterVolume(p.recentInternetBytesPerDay)} a day over the last week`;
  const runsOut = p.allowanceRunsOutAt ? formatDate(p.allowanceRunsOutAt) : null;
  const monthEnd = formatMonth(Date.parse(monthEndIso) - 1);
  switch (p.warning) {
    case 'exhausted':
      return `${p.projectName} has used its free allowance of ${formatMeterVolume(p.allowanceBytes)}${runsOut ? ` (on ${runsOut})` : ''}: every further GB is billed${pricePerGb ? ` at ${pricePerGb}` : ''}. ${formatCents(p.costCents)} so far; about ${formatCents(p.projectedCostCents)} by the end of ${monthEnd}.`;
    case 'reached':
      return `${p.projectName} has used ${usedPercent(p)}% of its free allowance, past its warning threshold of ${p.warningThresholdPercent}%.${runsOut ? ` At ${rate}, it runs out around ${runsOut}.` : ''}`;
    case 'projected':
      return runsOut
        ? `${p.projectName} will run out of free egress around ${runsOut} at ${rate}: about ${formatMeterVolume(p.projectedInternetBytes)} by the end of ${monthEnd}, ${formatCents(p.projectedCostCents)} billed.`
        : `${p.projectName} will reach ${p.warningThresholdPercent}% of its free allowance by the end of ${monthEnd} at ${rate}.`;
    case 'none':
      return '';
  }
}

function AllowanceBar({ p }: { p: ProjectMeter }) {
  const pct = usedPercent(p);
  const color = p.warning === 'exhausted' ? 'bg-red-600' : p.warning === 'none' ? 'bg-teal-600' : 'bg-amber-500';
  return (
    <div className="mt-1 h-1.5 w-28 rounded-full bg-slate-200 dark:bg-slate-700" aria-hidden="true">
      <div className={`h-1.5 rounded-full ${color}`} style={{ width: `${pct}%` }} />
    </div>
  );
}

export function EgressMeter() {
  const meter = useEgressMeter();
  const session = useSession();
  const book = useEgressPriceBook();
  const { projectId } = useProjectScope();
  const isAdmin = session.data?.user.role === 'admin';
  if (meter.isPending) return <Skeleton className="h-72" label="Loading this month’s egress…" />;
  if (meter.isError) return <ErrorState error={meter.error} onRetry={() => void meter.refetch()} minHeight="min-h-72" />;
  const m = meter.data;
  const projects = projectId === ALL_PROJECTS ? m.projects : m.projects.filter((p) => p.projectId === projectId);
  const schedule = book.data?.schedules.find((s) => s.id === m.scheduleId);
  const firstPrice = schedule?.tiers.find((t) => (t.microUsdPerUnit ?? 0) > 0)?.microUsdPerUnit ?? null;
  const pricePerGb = schedule && firstPrice !== null ? formatPricePerUnit(firstPrice, schedule.unit) : null;
  const here = ownProviderName(book.data?.schedules);
  const warnings = projects.filter((p) => p.warning !== 'none');
  return (
    <Card title={`Egress this month, by project (${formatMonth(m.monthStart)})`}>
      <p className="mb-3 text-sm text-slate-700 dark:text-slate-300">
        Each project may send {formatMeterVolume(m.allowanceBytesPerProject)} a month out of {here} (to the internet, other clouds or premises) free
        {pricePerGb ? `; after that, ${pricePerGb}` : ''}. Traffic between {here} regions is free. The projection carries the last {m.recentWindowDays} days’ rate to the
        month’s end. A project warns when its egress, so far or projected, reaches its threshold: a share of the allowance, {m.defaultWarningThresholdPercent}% unless an admin sets
        another. As of {formatDateTime(m.asOf)}.
      </p>
      {warnings.length > 0 && (
        <section aria-labelledby="egress-warnings-heading" className="mb-4 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          <h3 id="egress-warnings-heading" className="font-semibold">
            Egress warnings
          </h3>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            {warnings.map((p) => (
              <li key={p.projectId}>{warningText(p, m.monthEnd, pricePerGb)}</li>
            ))}
          </ul>
        </section>
      )}
      {projects.length === 0 ? (
        <EmptyState title="No projects to show">You see the egress of the projects you belong to.</EmptyState>
      ) : (
        <ScrollTable label="Egress this month so far, by project">
          <table className="w-full min-w-[56rem] text-left text-sm">
            <caption className="sr-only">Egress this month so far, by project</caption>
            <thead>
              <tr className="border-b border-slate-200 dark:border-slate-700">
                <th scope="col" className="py-2 pr-3 font-medium">Project</th>
                <th scope="col" className="py-2 pr-3 text-right font-medium">Sent out this month</th>
                <th scope="col" className="py-2 pr-3 text-right font-medium">Between regions (free)</th>
                <th scope="col" className="py-2 pr-3 font-medium">Free allowance left</th>
                <th scope="col" className="py-2 pr-3 text-right font-medium">Projected by month end</th>
                <th scope="col" className="py-2 pr-3 text-right font-medium">Cost so far</th>
                <th scope="col" className="py-2 pr-3 text-right font-medium">Projected cost</th>
                <th scope="col" className="py-2 font-medium">Warn at</th>
              </tr>
            </thead>
            <tbody>
              {projects.map((p) => (
                <tr key={p.projectId} className="border-b border-slate-100 align-top dark:border-slate-800">
                  <th scope="row" className="py-2 pr-3 font-medium">
                    {p.projectName}
                    {p.warning !== 'none' && <span className="ml-1 text-xs font-normal text-amber-800 dark:text-amber-200">(warning)</span>}
                  </th>
                  <td className="py-2 pr-3 text-right tabular-nums">{formatMeterVolume(p.internetBytes)}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{formatMeterVolume(p.interRegionBytes)}</td>
                  <td className="py-2 pr-3 tabular-nums">
                    {formatMeterVolume(p.allowanceLeftBytes)} <span className="text-slate-600 dark:text-slate-400">({100 - usedPercent(p)}%)</span>
                    <AllowanceBar p={p} />
                  </td>
                  <td className="py-2 pr-3 text-right tabular-nums">{formatMeterVolume(p.projectedInternetBytes)}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{formatCents(p.costCents)}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{formatCents(p.projectedCostCents)}</td>
                  <td className="py-2">
                    {isAdmin ? (
                      <ThresholdForm key={p.projectId} projectId={p.projectId} projectName={p.projectName} thresholdPercent={p.warningThresholdPercent} />
                    ) : (
                      <span>
                        {p.warningThresholdPercent}% <span className="text-xs text-slate-600 dark:text-slate-400">(admins set it)</span>
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </Card>
  );
}
