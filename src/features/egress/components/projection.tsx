/** The 12-month projection: a chart of this path against the hybrid scenario, and the same figures as a table. */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCents, formatCentsWhole } from '../../../lib/format';
import type { Estimate } from '../estimate';
import { formatVolume } from '../format';
import { ScrollTable } from '../../../ui/scroll-table';
import { CHART_TICK, ChartTooltip, LEGEND_LABEL_STYLE, X_TICK_MARGIN } from '../../../ui/chart-parts';
import { WhenNearScreen } from '../../../ui/defer';

const PATH_COLOR = '#c2410c';
const HYBRID_COLOR = '#0d9488';

function monthLabel(i: number): string {
  return `Month ${i + 1}`;
}

export function ProjectionChart({ estimate, pathLabel }: { estimate: Estimate; pathLabel: string }) {
  const data = estimate.projection.map((r) => ({ month: monthLabel(r.monthIndex), path: r.pathCents, hybrid: r.hybridCents }));
  return (
    <div className="h-72 w-full" aria-hidden="true">
      <WhenNearScreen className="h-full">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
            <XAxis dataKey="month" tick={CHART_TICK} tickMargin={X_TICK_MARGIN} interval="preserveStartEnd" />
            <YAxis tickFormatter={(c: number) => formatCentsWhole(c)} tick={CHART_TICK} width={80} />
            <Tooltip content={<ChartTooltip formatValue={formatCents} />} />
            <Legend labelStyle={LEGEND_LABEL_STYLE} />
            <Line type="monotone" dataKey="path" name={pathLabel} stroke={PATH_COLOR} strokeWidth={2} dot={false} isAnimationActive={false} />
            {estimate.hybrid && <Line type="monotone" dataKey="hybrid" name="Kept next to the GPUs here" stroke={HYBRID_COLOR} strokeWidth={2} strokeDasharray="6 3" dot={false} isAnimationActive={false} />}
          </LineChart>
        </ResponsiveContainer>
      </WhenNearScreen>
    </div>
  );
}

export function ProjectionTable({ estimate, pathLabel }: { estimate: Estimate; pathLabel: string }) {
  const unit = estimate.inputs.unit;
  return (
    <ScrollTable label="12-month projection, month by month">
      <table className="w-full min-w-[32rem] text-left text-sm">
        <caption className="sr-only">12-month projection, month by month</caption>
        <thead>
          <tr className="border-b border-slate-200 dark:border-slate-700">
            <th scope="col" className="py-2 pr-3 font-medium">Month</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">Volume</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">{pathLabel}</th>
            {estimate.hybrid && <th scope="col" className="py-2 text-right font-medium">Kept next to the GPUs here</th>}
          </tr>
        </thead>
        <tbody>
          {estimate.projection.map((r) => (
            <tr key={r.monthIndex} className="border-b border-slate-100 dark:border-slate-800">
              <th scope="row" className="py-1.5 pr-3 font-normal">{monthLabel(r.monthIndex)}</th>
              <td className="py-1.5 pr-3 text-right tabular-nums">{formatVolume(r.volumeBytes, unit)}</td>
              <td className="py-1.5 pr-3 text-right tabular-nums">{formatCents(r.pathCents)}</td>
              {estimate.hybrid && <td className="py-1.5 text-right tabular-nums">{formatCents(r.hybridCents ?? 0)}</td>}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="font-semibold">
            <th scope="row" className="py-2 pr-3 text-left">12 months</th>
            <td />
            <td className="py-2 pr-3 text-right tabular-nums">{formatCents(estimate.path.totalCents)}</td>
            {estimate.hybrid && <td className="py-2 text-right tabular-nums">{formatCents(estimate.hybrid.totalCents)}</td>}
          </tr>
        </tfoot>
      </table>
    </ScrollTable>
  );
}

export function Projection({ estimate, pathLabel }: { estimate: Estimate; pathLabel: string }) {
  const monthly = estimate.inputs.cadence === 'monthly';
  const summary = `${pathLabel}: ${formatCents(estimate.path.totalCents)} over 12 months${estimate.hybrid ? `; kept next to the GPUs here: ${formatCents(estimate.hybrid.totalCents)}` : ''}.`;
  return (
    <section aria-labelledby="egress-projection-heading" className="space-y-2">
      <h3 id="egress-projection-heading" className="text-base font-semibold">
        The next 12 months
      </h3>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        {monthly ? 'Each month is billed on its own: allowances and tiers start again every month.' : 'A one-time move is billed in the month it happens.'} {summary}
      </p>
      <ProjectionChart estimate={estimate} pathLabel={pathLabel} />
      <details>
        <summary className="link cursor-pointer text-sm">The projection as a table</summary>
        <div className="mt-2">
          <ProjectionTable estimate={estimate} pathLabel={pathLabel} />
        </div>
      </details>
    </section>
  );
}
