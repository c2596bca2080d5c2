/**
 * Pieces the Inference view and a serving pod's section share: the headline serving figures and
 * the hosted-API comparison. They render the API's figures; the words come from inference-format.ts.
 */
import type { ReactNode } from 'react';
import { formatCents, formatDate } from '../../../lib/format';
import { ScrollTable } from '../../../ui/scroll-table';
import { formatCount, formatLatency, formatMicroUsd, formatP50P95, formatRate, formatShare, type HostedComparison, type InferenceFigures } from '../inference-format';
import { TD, TH } from './disclosure-table';

/** The serving charts' series colours: input tokens sky-700, output tokens teal-700 (the page's text, never these, carries the words). */
export const INPUT_COLOUR = '#0369a1';
export const OUTPUT_COLOUR = '#0f766e';

/** The serving figures as table columns, in the order every serving table shows them. */
export const SERVING_COLUMNS: Array<{ label: string; value: (f: InferenceFigures) => string }> = [
  { label: 'GPU spend', value: (f) => formatCents(f.spendCents) },
  { label: 'Input, per million', value: (f) => formatMicroUsd(f.inputMicroUsdPerMillionTokens) },
  { label: 'Output, per million', value: (f) => formatMicroUsd(f.outputMicroUsdPerMillionTokens) },
  { label: 'Blended, per million', value: (f) => formatMicroUsd(f.blendedMicroUsdPerMillionTokens) },
  { label: 'Output tokens/s per GPU', value: (f) => formatRate(f.outputTokensPerGpuSecond) },
  { label: 'Output tokens/s per $/h', value: (f) => formatRate(f.outputTokensPerSecondPerDollarHour) },
  { label: 'Time to first token, p50 / p95', value: (f) => formatP50P95(f.ttftP50Seconds, f.ttftP95Seconds) },
  { label: 'Inter-token latency, p50 / p95', value: (f) => formatP50P95(f.interTokenLatencyP50Seconds, f.interTokenLatencyP95Seconds) },
  { label: 'KV-cache use', value: (f) => formatShare(f.kvCacheUsage) },
  { label: 'Prefix-cache hits', value: (f) => formatShare(f.prefixCacheHitRate) },
];

function Figure({ label, value, note }: { label: string; value: ReactNode; note?: ReactNode }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-700 dark:bg-slate-900">
      <dt className="text-sm font-medium text-slate-600 dark:text-slate-300">{label}</dt>
      <dd className="mt-1 text-xl font-semibold tabular-nums text-slate-900 dark:text-slate-50">{value}</dd>
      {note && <dd className="mt-1 text-sm text-slate-600 dark:text-slate-300">{note}</dd>}
    </div>
  );
}

/** The figures a serving reader looks for first: spend, tokens, cost per million, performance per dollar, latency, caches. */
export function ServingFigures({ figures: f }: { figures: InferenceFigures }) {
  return (
    <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
      <Figure label="GPU spend on serving" value={formatCents(f.spendCents)} note={`${formatCents(f.inputSpendCents)} for input tokens, ${formatCents(f.outputSpendCents)} for output tokens`} />
      <Figure label="Tokens" value={`${formatCount(f.promptTokens)} in · ${formatCount(f.generationTokens)} out`} note={`${formatCount(f.requests)} requests`} />
      <Figure
        label="Cost per million tokens"
        value={`${formatMicroUsd(f.inputMicroUsdPerMillionTokens)} in · ${formatMicroUsd(f.outputMicroUsdPerMillionTokens)} out`}
        note={`${formatMicroUsd(f.blendedMicroUsdPerMillionTokens)} blended over all tokens`}
      />
      <Figure
        label="Performance per dollar"
        value={`${formatRate(f.outputTokensPerSecondPerDollarHour)} output tokens/s per $/h`}
        note={`${formatRate(f.outputTokensPerGpuSecond)} output tokens/s per GPU, at a time to first token of ${formatLatency(f.ttftP50Seconds)} (p50) and ${formatLatency(f.ttftP95Seconds)} (p95)`}
      />
      <Figure label="Latency, p50 / p95" value={`${formatP50P95(f.ttftP50Seconds, f.ttftP95Seconds)} to first token`} note={`${formatP50P95(f.interTokenLatencyP50Seconds, f.interTokenLatencyP95Seconds)} between output tokens`} />
      <Figure label="Prefix-cache hit rate" value={formatShare(f.prefixCacheHitRate)} note={`KV-cache use ${formatShare(f.kvCacheUsage)} on average`} />
    </dl>
  );
}

/** Hosted APIs for comparable models: their list prices, and what the same tokens would have cost there. */
export function HostedTable({ hosted, ourSpendCents, caption, label }: { hosted: HostedComparison[]; ourSpendCents: number; caption: string; label: string }) {
  if (hosted.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-300">No hosted API in our price table serves a model of this size.</p>;
  return (
    <ScrollTable label={label}>
      <table className="w-full min-w-[48rem] text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className={TH}>Hosted API</th>
            <th scope="col" className={TH}>Input, per million</th>
            <th scope="col" className={TH}>Output, per million</th>
            <th scope="col" className={TH}>The same tokens there</th>
            <th scope="col" className={TH}>Price as of</th>
            <th scope="col" className={TH}>Source</th>
          </tr>
        </thead>
        <tbody>
          {hosted.map((h) => (
            <tr key={h.id} className="border-t border-slate-100 dark:border-slate-800">
              <th scope="row" className={`${TH} font-medium`}>
                {h.provider} · {h.model}
              </th>
              <td className={TD}>{formatMicroUsd(h.microUsdPer1MInputTokens)}</td>
              <td className={TD}>{formatMicroUsd(h.microUsdPer1MOutputTokens)}</td>
              <td className={TD}>{formatCents(h.sameTokensCents)}</td>
              <td className={TD}>{formatDate(`${h.priceDate}T00:00:00Z`)}</td>
              <td className={`${TD} text-xs`}>{h.source}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="border-t-2 border-slate-300 font-semibold dark:border-slate-600">
            <th scope="row" className={TH}>Our GPUs (GPU spend)</th>
            <td className={TD} colSpan={2} />
            <td className={TD}>{formatCents(ourSpendCents)}</td>
            <td className={TD} colSpan={2} />
          </tr>
        </tfoot>
      </table>
    </ScrollTable>
  );
}
