/** The pods behind one breakdown row (and a project's egress), summing to the row, each linking to its pod. */
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { formatDate } from '../../../lib/format';
import { EmptyState, ErrorState, Skeleton } from '../../../ui/states';
import { useBreakdownItems, type BreakdownItemsQuery } from '../api/get-breakdown-items';
import type { SpendBreakdownItems } from '../api/types';
import { downloadText } from '../../../lib/download';
import { breakdownItemsCsv } from '../exports';
import type { Money } from '../money';

export function BreakdownItems({ query, money, gpuName, regionName, onClose }: { query: BreakdownItemsQuery; money: Money; gpuName: (id: string) => string; regionName: (id: string) => string; onClose: () => void }) {
  const items = useBreakdownItems(query);
  const heading = useRef<HTMLHeadingElement>(null);
  // Opening a row moves focus to what it opened, so keyboard and screen reader users land there.
  useEffect(() => heading.current?.focus(), [query.key]);
  const label = items.data?.label ?? query.key;
  return (
    <section aria-labelledby="items-heading" className="space-y-3 rounded-xl border border-teal-300 p-4 dark:border-teal-800">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="items-heading" ref={heading} tabIndex={-1} className="text-base font-semibold">
          Pods behind {label}
        </h3>
        <div className="flex gap-2">
          {items.data && items.data.items.length > 0 && (
            <button type="button" className="btn-secondary" onClick={() => downloadText(`pods-behind-${query.key}-${items.data.from}-to-${items.data.to}-${money.currency}.csv`, breakdownItemsCsv(items.data, money))}>
              Export pods as CSV
            </button>
          )}
          <button type="button" className="btn-secondary" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
      {items.isPending ? (
        <Skeleton className="h-40" label="Loading the pods…" />
      ) : items.isError ? (
        <ErrorState error={items.error} onRetry={() => void items.refetch()} minHeight="min-h-40" />
      ) : items.data.items.length === 0 ? (
        <EmptyState title="Nothing behind this row">No pod of it cost anything in this range.</EmptyState>
      ) : (
        <ItemsTable data={items.data} money={money} gpuName={gpuName} regionName={regionName} />
      )}
    </section>
  );
}

function ItemsTable({ data, money, gpuName, regionName }: { data: SpendBreakdownItems; money: Money; gpuName: (id: string) => string; regionName: (id: string) => string }) {
  const t = money.formatTable(data.items.map((i) => i.amountCents), data.totalCents);
  const pods = data.items.filter((i) => i.kind === 'pod').length;
  return (
    <div className="relative max-h-[28rem] overflow-auto">
      <p className="mb-2 text-sm text-slate-700 dark:text-slate-300">
        {pods} pod{pods === 1 ? '' : 's'} from {formatDate(`${data.from}T00:00:00Z`)} to {formatDate(`${data.to}T00:00:00Z`)}, largest first.
      </p>
      <table className="w-full min-w-[40rem] text-left text-sm">
        <caption className="sr-only">What makes up {data.label}</caption>
        <thead className="sticky top-0 bg-white dark:bg-slate-900">
          <tr className="border-b border-slate-200 dark:border-slate-700">
            <th scope="col" className="py-2 pr-3 font-medium">Pod</th>
            <th scope="col" className="py-2 pr-3 font-medium">Project</th>
            <th scope="col" className="py-2 pr-3 font-medium">Owner</th>
            <th scope="col" className="py-2 pr-3 font-medium">GPUs</th>
            <th scope="col" className="py-2 pr-3 font-medium">Region</th>
            <th scope="col" className="py-2 text-right font-medium">Amount</th>
          </tr>
        </thead>
        <tbody>
          {data.items.map((item, i) => (
            <tr key={`${item.kind}:${item.podId ?? item.name}`} className="border-b border-slate-100 dark:border-slate-800">
              <th scope="row" className="py-1.5 pr-3 font-normal">
                {item.podId ? (
                  <Link className="link" to={`/pods/${item.podId}`}>
                    {item.name}
                  </Link>
                ) : (
                  item.name
                )}
              </th>
              <td className="py-1.5 pr-3">{item.projectName ?? '—'}</td>
              <td className="py-1.5 pr-3">{item.ownerName ?? '—'}</td>
              <td className="py-1.5 pr-3">{item.gpuTypeId ? (item.migProfile ? `${gpuName(item.gpuTypeId)} · ${item.migProfile} slice` : `${gpuName(item.gpuTypeId)} × ${item.gpuCount}`) : '—'}</td>
              <td className="py-1.5 pr-3">{item.regionId ? regionName(item.regionId) : '—'}</td>
              <td className="py-1.5 text-right tabular-nums">{t.rows[i]}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="font-semibold">
            <th scope="row" colSpan={5} className="py-2 pr-3 text-left">
              Total
            </th>
            <td className="py-2 text-right tabular-nums">{t.total}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
