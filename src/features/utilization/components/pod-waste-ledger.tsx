/**
 * A pod's own waste ledger, for the bottom of its page: over a chosen range, its GPU spend split
 * into productive use and the three waste categories, per GPU, with the cheaper GPU that would
 * fit when it is oversized. Light on purpose (no charts): the pod page loads it with its own chunk.
 */
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { useCatalog } from '../../../api/queries';
import { formatCents, formatPercent, formatRatePerHour } from '../../../lib/format';
import { Card } from '../../../ui/card';
import { EmptyState, ErrorState, Skeleton } from '../../../ui/states';
import { usePodWaste } from '../api/get-pod-waste';
import { CATEGORIES, formatGpuHours } from '../figures';
import { NAMED_RANGES, type NamedRange } from '../params';
import { TD, TH } from './disclosure-table';
import { ScrollTable } from '../../../ui/scroll-table';

export function PodWasteLedger({ podId }: { podId: string }) {
  const [range, setRange] = useState<NamedRange>('7d');
  const selectId = useId();
  const { data, error, refetch, isFetching } = usePodWaste(podId, range);
  return (
    <Card
      title="Waste ledger"
      actions={
        <div className="flex items-center gap-2">
          <label htmlFor={selectId} className="text-sm text-slate-600 dark:text-slate-300">
            Over the
          </label>
          <select id={selectId} className="field-input w-auto" value={range} onChange={(e) => setRange(e.target.value as NamedRange)}>
            {NAMED_RANGES.map((r) => (
              <option key={r.value} value={r.value}>
                last {r.label}
              </option>
            ))}
          </select>
        </div>
      }
    >
      <div aria-busy={isFetching}>
        {error && !data ? (
          <ErrorState error={error} onRetry={() => void refetch()} minHeight="min-h-32" />
        ) : !data ? (
          <Skeleton className="h-32 w-full" label="Loading the waste ledger…" />
        ) : data.figures.allocatedGpuSeconds === 0 ? (
          <EmptyState title="This pod's GPUs did not run in this range">Nothing was billed for GPUs, so nothing was wasted.</EmptyState>
        ) : (
          <>
            <p className="mb-3 text-sm text-slate-700 dark:text-slate-200">
              Of {formatCents(data.figures.spendCents)} of GPU time, <strong>{formatCents(data.figures.wasteCents)}</strong> ({formatPercent(data.figures.spendCents > 0 ? data.figures.wasteCents / data.figures.spendCents : 0)}) bought no work; the GPUs were active {formatPercent(data.figures.efficiency)} of the time.{' '}
              <Link className="link" to="/utilization">
                How we compute this
              </Link>
            </p>
            <ScrollTable label="Waste by GPU and category">
              <table className="w-full min-w-[40rem] text-sm">
                <caption className="sr-only">Waste by GPU and category</caption>
                <thead>
                  <tr>
                    <th scope="col" className={TH}>GPU</th>
                    <th scope="col" className={TH}>Allocated</th>
                    <th scope="col" className={TH}>GPU spend</th>
                    {CATEGORIES.map((c) => (
                      <th key={c.key} scope="col" className={TH}>{c.label}</th>
                    ))}
                    <th scope="col" className={TH}>Productive</th>
                  </tr>
                </thead>
                <tbody>
                  {data.gpus.map((g) => (
                    <tr key={g.gpuIndex} className="border-t border-slate-100 dark:border-slate-800">
                      <th scope="row" className={TH}>
                        GPU {g.gpuIndex}
                        <span className="block text-xs font-normal">idle {formatPercent(g.idleShare)} · peak {(g.peakMemMiB / 1024).toFixed(1)} GiB</span>
                      </th>
                      <td className={TD}>{formatGpuHours(g.figures.allocatedGpuSeconds)}</td>
                      <td className={TD}>{formatCents(g.figures.spendCents)}</td>
                      {CATEGORIES.map((c) => (
                        <td key={c.key} className={TD}>{formatCents(g.figures.waste[c.key].cents)}</td>
                      ))}
                      <td className={TD}>{formatCents(g.figures.productive.cents)}</td>
                    </tr>
                  ))}
                </tbody>
                {data.gpus.length > 1 && (
                  <tfoot>
                    <tr className="border-t-2 border-slate-300 font-semibold dark:border-slate-600">
                      <th scope="row" className={TH}>All GPUs</th>
                      <td className={TD}>{formatGpuHours(data.figures.allocatedGpuSeconds)}</td>
                      <td className={TD}>{formatCents(data.figures.spendCents)}</td>
                      {CATEGORIES.map((c) => (
                        <td key={c.key} className={TD}>{formatCents(data.figures.waste[c.key].cents)}</td>
                      ))}
                      <td className={TD}>{formatCents(data.figures.productive.cents)}</td>
                    </tr>
                  </tfoot>
                )}
              </table>
            </ScrollTable>
            <CheaperFits gpus={data.gpus} />
          </>
        )}
      </div>
    </Card>
  );
}

function CheaperFits({ gpus }: { gpus: NonNullable<ReturnType<typeof usePodWaste>['data']>['gpus'] }) {
  const catalog = useCatalog();
  const fits = gpus.filter((g) => g.cheaperFit && g.figures.waste.oversized.cents > 0);
  if (fits.length === 0) return null;
  const fit = fits[0]?.cheaperFit;
  if (!fit) return null;
  const gpuName = catalog.data?.gpuTypes.find((g) => g.id === fit.gpuTypeId)?.name ?? fit.gpuTypeId;
  const regionName = catalog.data?.regions.find((r) => r.id === fit.regionId)?.name ?? fit.regionId;
  return (
    <p className="mt-3 text-sm text-slate-700 dark:text-slate-200">
      Oversized: the observed memory and compute of {fits.length === gpus.length ? 'its GPUs' : `${fits.length} of its GPUs`} would fit an {gpuName} in {regionName} at {formatRatePerHour(fit.rateMicroUsdPerGpuHour)} per GPU.{' '}
      <Link className="link" to="/recommendations">
        See recommendations
      </Link>
    </p>
  );
}
