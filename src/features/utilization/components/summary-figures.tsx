/** The window's headline figures against the previous window of the same length, and where the waste goes. */
import type { components } from '../../../api/schema';
import { formatCents, formatDateTime, formatPercent } from '../../../lib/format';
import { ErrorState } from '../../../ui/states';
import { CATEGORIES, changeText, formatGpuHours, wasteShare } from '../figures';

type Summary = components['schemas']['UtilizationSummary'];

function Figure({ label, value, change, tone, note }: { label: string; value: string; change: string; tone?: 'good' | 'bad' | 'neutral'; note?: string }) {
  const toneClass = tone === 'bad' ? 'text-red-700 dark:text-red-300' : tone === 'good' ? 'text-emerald-700 dark:text-emerald-300' : 'text-slate-600 dark:text-slate-300';
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-700 dark:bg-slate-900">
      <dt className="text-sm font-medium text-slate-600 dark:text-slate-300">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900 dark:text-slate-50">{value}</dd>
      <dd className={`mt-1 text-sm ${toneClass}`}>{change}</dd>
      {note && <dd className="mt-1 text-xs text-slate-600 dark:text-slate-300">{note}</dd>}
    </div>
  );
}

const toneOf = (change: number, upIsGood: boolean): 'good' | 'bad' | 'neutral' => (change === 0 ? 'neutral' : change > 0 === upIsGood ? 'good' : 'bad');

const INTRO = 'mb-3 text-sm text-slate-600 dark:text-slate-300';
const EFFICIENCY_NOTE = 'Share of allocated GPU-hours not idle. Under-used and oversized time counts as active here, but its cost is part of the waste in dollars.';
const FIGURE_LABELS = ['GPU spend', 'Waste', 'Allocated', 'Active', 'GPU time active'];
/** Holds a line's height where a figure will be. */
const PENDING = '\u00a0';

/**
 * The summary's place while it loads: the same boxes, labels and lines as the figures, empty, so
 * the charts below do not move when the figures arrive (issue 17: layout shift).
 */
function SummaryLoading({ isLoading }: { isLoading: boolean }) {
  return (
    <section aria-label="Summary" aria-busy="true" className="mb-6">
      <p className={INTRO} role="status">
        {isLoading ? 'Loading the summary…' : PENDING}
      </p>
      <dl className="grid animate-pulse gap-3 sm:grid-cols-2 lg:grid-cols-5">
        {FIGURE_LABELS.map((label) => (
          <Figure key={label} label={label} value={PENDING} change={PENDING} {...(label === 'GPU time active' ? { note: EFFICIENCY_NOTE } : {})} />
        ))}
      </dl>
      <WasteSplit summary={null} />
    </section>
  );
}

export function SummaryFigures({ summary, isLoading, error, onRetry }: { summary: Summary | undefined; isLoading: boolean; error: unknown; onRetry: () => void }) {
  if (error && !summary) return <ErrorState error={error} onRetry={onRetry} minHeight="min-h-40" />;
  if (!summary) return <SummaryLoading isLoading={isLoading} />;
  const { current: cur, previous: prev, change } = summary;
  return (
    <section aria-labelledby="util-summary-heading" className="mb-6">
      <h2 id="util-summary-heading" className="sr-only">
        Summary
      </h2>
      <p className={INTRO}>
        {summary.scope.name}, {formatDateTime(summary.window.from)} to {formatDateTime(summary.window.to)}; compared with the {summary.window.range ? 'previous' : 'preceding'} period of the same length. {summary.podCount} pods ran.
      </p>
      <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <Figure label="GPU spend" value={formatCents(cur.spendCents)} change={changeText(change.spendCents, prev.spendCents, 'cents')} />
        <Figure label="Waste" value={formatCents(cur.wasteCents)} change={changeText(change.wasteCents, prev.wasteCents, 'cents')} tone={toneOf(change.wasteCents, false)} />
        <Figure label="Allocated" value={formatGpuHours(cur.allocatedGpuSeconds)} change={changeText(change.allocatedGpuSeconds, prev.allocatedGpuSeconds, 'gpuSeconds')} />
        <Figure label="Active" value={formatGpuHours(cur.activeGpuSeconds)} change={changeText(change.activeGpuSeconds, prev.activeGpuSeconds, 'gpuSeconds')} />
        <Figure
          label="GPU time active"
          value={formatPercent(cur.efficiency, 1)}
          change={changeText(change.efficiencyPoints, 0, 'points')}
          tone={toneOf(change.efficiencyPoints, true)}
          note={EFFICIENCY_NOTE}
        />
      </dl>
      <WasteSplit summary={summary} />
    </section>
  );
}

/** Spend split into productive and the three waste categories: a bar, and the same as a list (null: loading, the same lines empty). */
function WasteSplit({ summary }: { summary: Summary | null }) {
  const cur = summary?.current;
  const parts = [
    ...CATEGORIES.map((c) => ({ key: c.key, label: c.label, colour: c.colour, cents: cur?.waste[c.key].cents, gpuSeconds: cur?.waste[c.key].gpuSeconds, previousCents: summary?.previous.waste[c.key].cents })),
    { key: 'productive', label: 'Productive', colour: '#0f766e', cents: cur?.productive.cents, gpuSeconds: cur?.productive.gpuSeconds, previousCents: summary?.previous.productive.cents },
  ];
  const total = Math.max(1, cur?.spendCents ?? 0);
  return (
    <div className="mt-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-700 dark:bg-slate-900">
      <h3 className="text-sm font-semibold text-slate-900 dark:text-slate-100">
        Where the GPU spend went{cur ? `: ${formatPercent(wasteShare(cur), 1)} of the dollars wasted` : ''}
      </h3>
      <div className="mt-3 flex h-3 overflow-hidden rounded-full bg-slate-100 dark:bg-slate-800" aria-hidden="true">
        {parts.map((p) => (
          <div key={p.key} style={{ width: `${((p.cents ?? 0) / total) * 100}%`, backgroundColor: p.colour }} />
        ))}
      </div>
      <ul className="mt-3 grid gap-2 text-sm sm:grid-cols-2 lg:grid-cols-4">
        {parts.map((p) => (
          <li key={p.key} className="flex items-start gap-2">
            <span className="mt-1 inline-block size-3 shrink-0 rounded-sm" style={{ backgroundColor: p.colour }} aria-hidden="true" />
            <span>
              <span className="font-medium text-slate-900 dark:text-slate-100">{p.label}</span>{' '}
              <span className="tabular-nums text-slate-900 dark:text-slate-100">{p.cents === undefined ? PENDING : formatCents(p.cents)}</span>
              <span className="block text-slate-600 dark:text-slate-300">
                {p.gpuSeconds === undefined || p.previousCents === undefined ? PENDING : `${formatGpuHours(p.gpuSeconds)} · previous period ${formatCents(p.previousCents)}`}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
