/** Serving figures by UTC day as a table: the text alternative of a cost-per-million-tokens chart (a pod's section, the Inference tab). */
import type { components } from '../../../api/schema';
import { formatDate } from '../../../lib/format';
import { ScrollTable } from '../../../ui/scroll-table';
import { formatCount } from '../inference-format';
import { TD, TH } from './disclosure-table';
import { SERVING_COLUMNS } from './inference-parts';

type ServingDay = components['schemas']['PodInferenceDay'];

export function ServingDaysTable({ days, label = 'Serving by day' }: { days: ServingDay[]; label?: string }) {
  return (
    <ScrollTable label={label}>
      <table className="w-full min-w-[72rem] text-sm">
        <caption className="sr-only">Serving figures by UTC day</caption>
        <thead>
          <tr>
            <th scope="col" className={TH}>
              Day (UTC)
            </th>
            <th scope="col" className={TH}>
              Tokens in / out
            </th>
            {SERVING_COLUMNS.map((c) => (
              <th key={c.label} scope="col" className={TH}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.date} className="border-t border-slate-100 dark:border-slate-800">
              <th scope="row" className={TH}>
                {formatDate(`${d.date}T00:00:00Z`)}
              </th>
              <td className={TD}>
                {formatCount(d.figures.promptTokens)} / {formatCount(d.figures.generationTokens)}
              </td>
              {SERVING_COLUMNS.map((c) => (
                <td key={c.label} className={TD}>
                  {c.value(d.figures)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}
