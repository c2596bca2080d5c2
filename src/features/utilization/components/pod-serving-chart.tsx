/** Cost per million input and output tokens by UTC day (a serving pod's section, and the Inference tab's whole); the days' table beside it has the same figures. Loaded with the chart only. */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { components } from '../../../api/schema';
import { formatDate } from '../../../lib/format';
import { CHART_TICK, ChartTooltip, LEGEND_LABEL_STYLE, HORIZONTAL_LINES, X_TICK_MARGIN } from '../../../ui/chart-parts';
import { formatMicroUsd } from '../inference-format';
import { INPUT_COLOUR, OUTPUT_COLOUR } from './inference-parts';

type Day = components['schemas']['PodInferenceDay'];

const shortDate = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const dayLabel = (d: string) => `${d}T00:00:00Z`;

export default function PodServingChart({ days }: { days: Day[] }) {
  const points = days.map((d) => ({ date: d.date, input: d.figures.inputMicroUsdPerMillionTokens, output: d.figures.outputMicroUsdPerMillionTokens }));
  return (
    <div className="h-56" role="img" aria-label={`Line chart of the cost per million input and output tokens on each of ${days.length} days; the table below has the same figures.`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#94a3b8" strokeOpacity={0.4} {...HORIZONTAL_LINES} />
          <XAxis dataKey="date" tickFormatter={(d: string) => shortDate.format(new Date(dayLabel(d)))} minTickGap={24} tick={CHART_TICK} tickMargin={X_TICK_MARGIN} />
          <YAxis tickFormatter={(v: number) => formatMicroUsd(v)} tick={CHART_TICK} width={72} />
          <Tooltip content={<ChartTooltip formatLabel={(d) => formatDate(dayLabel(d))} formatValue={(v) => `${formatMicroUsd(v)} per million tokens`} />} />
          <Legend labelStyle={LEGEND_LABEL_STYLE} />
          <Line type="monotone" dataKey="input" name="Input tokens" stroke={INPUT_COLOUR} strokeWidth={2} dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="output" name="Output tokens" stroke={OUTPUT_COLOUR} strokeWidth={2} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
