/**
 * One model served in the window: what a million of its tokens cost on each GPU type it ran on,
 * beside hosted APIs' list prices for models of its size (a chart, and the same figures in the
 * tables under it), then its throughput, latency and caches per GPU type.
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { components } from '../../../api/schema';
import { formatCents } from '../../../lib/format';
import { CHART_TICK, CHART_TICK_SMALL, ChartTooltip, LEGEND_LABEL_STYLE, NO_LINES, X_TICK_MARGIN } from '../../../ui/chart-parts';
import { ScrollTable } from '../../../ui/scroll-table';
import { formatCount, formatMicroUsd } from '../inference-format';
import { TD, TH } from './disclosure-table';
import { HostedTable, INPUT_COLOUR, OUTPUT_COLOUR, SERVING_COLUMNS } from './inference-parts';

type ModelRow = components['schemas']['InferenceModelRow'];

const SIZE_CLASS = { small: '7-8B', large: '70B' } as const;

export function InferenceModelCard({ model }: { model: ModelRow }) {
  const headingId = `inference-model-${model.modelId}`;
  return (
    <section aria-labelledby={headingId} className="mb-6 rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-700 dark:bg-slate-900">
      <h3 id={headingId} className="text-base font-semibold text-slate-900 dark:text-slate-100">
        {model.modelName}
      </h3>
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-300">
        {SIZE_CLASS[model.sizeClass]} model · {model.podCount} {model.podCount === 1 ? 'pod' : 'pods'} on {model.gpuTypes.length} GPU {model.gpuTypes.length === 1 ? 'type' : 'types'} · {formatCents(model.figures.spendCents)} of GPU time for {formatCount(model.figures.promptTokens)} input and {formatCount(model.figures.generationTokens)} output tokens
      </p>
      <CostChart model={model} />
      <h4 className="mt-4 mb-2 text-sm font-semibold text-slate-900 dark:text-slate-100">On our GPUs, by GPU type</h4>
      <GpuTypeTable model={model} />
      <h4 className="mt-4 mb-2 text-sm font-semibold text-slate-900 dark:text-slate-100">Hosted APIs for {SIZE_CLASS[model.sizeClass]} models, at list prices</h4>
      <HostedTable
        hosted={model.hosted}
        ourSpendCents={model.figures.spendCents}
        label={`Hosted APIs beside ${model.modelName}`}
        caption={`Hosted API list prices per million tokens for ${SIZE_CLASS[model.sizeClass]} models, and what ${model.modelName}'s tokens in this range would have cost there, against our GPU spend`}
      />
    </section>
  );
}

/** Input and output cost per million tokens on each GPU type, then each hosted API's list price. */
function CostChart({ model }: { model: ModelRow }) {
  const rows = [
    ...model.gpuTypes.map((g) => ({ key: g.gpuTypeId, label: `${g.gpuTypeName.replace(/^NVIDIA /, '')} (ours)`, name: `${g.gpuTypeName}, our GPUs`, input: g.figures.inputMicroUsdPerMillionTokens, output: g.figures.outputMicroUsdPerMillionTokens })),
    ...model.hosted.map((h) => ({ key: h.id, label: `${h.provider} (hosted)`, name: `${h.provider} ${h.model}, list price`, input: h.microUsdPer1MInputTokens, output: h.microUsdPer1MOutputTokens })),
  ];
  const names = new Map(rows.map((r) => [r.label, r.name]));
  return (
    <div
      role="img"
      aria-label={`Bar chart of the cost per million input and output tokens of ${model.modelName} on ${model.gpuTypes.length} GPU ${model.gpuTypes.length === 1 ? 'type' : 'types'}, beside ${model.hosted.length} hosted APIs' list prices; the tables below have the same figures.`}
      style={{ height: 56 + rows.length * 36 }}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 0 }} barCategoryGap={6}>
          <CartesianGrid strokeDasharray="3 3" stroke="#94a3b8" strokeOpacity={0.4} horizontal={false} horizontalCoordinatesGenerator={NO_LINES} />
          <XAxis type="number" tickFormatter={(v: number) => formatMicroUsd(v)} tick={CHART_TICK} tickMargin={X_TICK_MARGIN} minTickGap={24} />
          <YAxis type="category" dataKey="label" width={168} tick={CHART_TICK_SMALL} interval={0} />
          <Tooltip content={<ChartTooltip formatLabel={(l) => names.get(l) ?? l} formatValue={(v) => `${formatMicroUsd(v)} per million tokens`} />} />
          <Legend labelStyle={LEGEND_LABEL_STYLE} />
          <Bar dataKey="input" name="Input tokens" fill={INPUT_COLOUR} isAnimationActive={false} />
          <Bar dataKey="output" name="Output tokens" fill={OUTPUT_COLOUR} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

function GpuTypeTable({ model }: { model: ModelRow }) {
  return (
    <ScrollTable label={`${model.modelName} by GPU type`}>
      <table className="w-full min-w-[72rem] text-sm">
        <caption className="sr-only">{model.modelName}: cost per million tokens, throughput, latency and caches by GPU type</caption>
        <thead>
          <tr>
            <th scope="col" className={TH}>GPU type</th>
            <th scope="col" className={TH}>Pods</th>
            {SERVING_COLUMNS.map((c) => (
              <th key={c.label} scope="col" className={TH}>{c.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {model.gpuTypes.map((g) => (
            <tr key={g.gpuTypeId} className="border-t border-slate-100 dark:border-slate-800">
              <th scope="row" className={`${TH} font-medium`}>{g.gpuTypeName}</th>
              <td className={TD}>{g.podCount}</td>
              {SERVING_COLUMNS.map((c) => (
                <td key={c.label} className={TD}>{c.value(g.figures)}</td>
              ))}
            </tr>
          ))}
        </tbody>
        {model.gpuTypes.length > 1 && (
          <tfoot>
            <tr className="border-t-2 border-slate-300 font-semibold dark:border-slate-600">
              <th scope="row" className={TH}>All GPU types</th>
              <td className={TD}>{model.podCount}</td>
              {SERVING_COLUMNS.map((c) => (
                <td key={c.label} className={TD}>{c.value(model.figures)}</td>
              ))}
            </tr>
          </tfoot>
        )}
      </table>
    </ScrollTable>
  );
}
