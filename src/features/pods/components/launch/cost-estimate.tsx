/** The total cost estimate before launch: per hour, per working day, per month; compute and disk; energy and CO2e. */
import { formatCents, formatInteger, formatRatePerHour } from '../../../../lib/format';
import type { LaunchEstimate } from '../../launch-estimate';

const kWh = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const kg = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export function CostEstimate({
  estimate,
  gpuLabel,
  diskGb,
  regionName,
  pue,
}: {
  estimate: LaunchEstimate | null;
  gpuLabel: string;
  diskGb: number;
  regionName: string;
  pue: number | undefined;
}) {
  return (
    <section
      aria-labelledby="cost-estimate-heading"
      aria-live="polite"
      className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-700 dark:bg-slate-900"
    >
      <h2 id="cost-estimate-heading" className="text-base font-semibold">
        Cost estimate
      </h2>
      {estimate === null ? (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
          Choose a GPU type offered in the region and a disk size to see the cost.
        </p>
      ) : (
        <>
          <table className="mt-3 w-full text-sm tabular-nums">
            <caption className="sr-only">What the pod costs while it runs, by period</caption>
            <thead>
              {/* Headers apart (pl-3) and never broken at a hyphen ("Per 8-" over "hour day"); they may wrap at spaces on a phone. */}
              <tr className="text-left text-slate-600 dark:text-slate-300">
                <th scope="col" className="py-1 font-medium">
                  <span className="sr-only">Part</span>
                </th>
                <th scope="col" className="whitespace-nowrap py-1 pl-3 text-right font-medium">
                  Per hour
                </th>
                <th scope="col" className="py-1 pl-3 text-right font-medium">
                  Per <span className="whitespace-nowrap">8-hour</span> day
                </th>
                <th scope="col" className="py-1 pl-3 text-right font-medium">
                  Per <span className="whitespace-nowrap">30-day</span> month
                </th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row" className="py-1 text-left font-normal">
                  GPU compute ({gpuLabel})
                </th>
                <td className="text-right">{formatCents(estimate.cost.perHour.gpuCents)}</td>
                <td className="text-right">{formatCents(estimate.cost.perWorkingDay.gpuCents)}</td>
                <td className="text-right">{formatCents(estimate.cost.perMonth.gpuCents)}</td>
              </tr>
              <tr>
                <th scope="row" className="py-1 text-left font-normal">
                  Disk ({formatInteger(diskGb)} GB)
                </th>
                <td className="text-right">{formatCents(estimate.cost.perHour.diskCents)}</td>
                <td className="text-right">{formatCents(estimate.cost.perWorkingDay.diskCents)}</td>
                <td className="text-right">{formatCents(estimate.cost.perMonth.diskCents)}</td>
              </tr>
              <tr className="border-t border-slate-200 font-semibold dark:border-slate-700">
                <th scope="row" className="py-1 text-left">
                  Total
                </th>
                <td className="text-right">{formatCents(estimate.cost.perHour.totalCents)}</td>
                <td className="text-right">{formatCents(estimate.cost.perWorkingDay.totalCents)}</td>
                <td className="text-right">{formatCents(estimate.cost.perMonth.totalCents)}</td>
              </tr>
            </tbody>
          </table>
          <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
            Billed per second: GPUs {formatRatePerHour(estimate.gpuRateMicroUsdPerHour)} while the pod runs, disk{' '}
            {formatRatePerHour(estimate.diskRateMicroUsdPerHour)} while it exists. While stopped, the disk alone costs{' '}
            {formatCents(estimate.cost.stoppedPerMonthCents)} a month.
          </p>
          <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
            Energy in a month at full power: about {kWh.format(estimate.energyKWhPerMonth)} kWh (GPU power × PUE {pue ?? '–'}),{' '}
            {kg.format(estimate.co2eKgPerMonth)} kg CO2e on {regionName}’s grid.
          </p>
        </>
      )}
    </section>
  );
}
