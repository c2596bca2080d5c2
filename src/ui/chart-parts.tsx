/**
 * Chart text that reads in both themes (WCAG 1.4.3, 4.5:1): axis ticks, legends and tooltips
 * write in the page's text colour, never in a series colour; a series shows its colour as a
 * swatch beside its name. Imported by the chart modules only (each loaded with its own page).
 */
import type { ReactNode } from 'react';
import type { TooltipContentProps } from 'recharts';

/** Axis ticks in the surrounding text colour (slate-900 on white, slate-100 on slate-900). */
export const CHART_TICK = { fontSize: 12, fill: 'currentColor' } as const;
export const CHART_TICK_SMALL = { fontSize: 11, fill: 'currentColor' } as const;
/** Room between the X axis and its labels: the first label clears the Y axis's lowest tick. */
export const X_TICK_MARGIN = 6;

/** Legend labels in the surrounding text colour; the icon keeps the series colour. */
export const LEGEND_LABEL_STYLE = { color: 'inherit' } as const;

export interface ChartTooltipOptions {
  /** The heading: the hovered period or point. */
  formatLabel?: (label: string) => string;
  /** One series' value as text. */
  formatValue: (value: number) => string;
  /** A stack: list the series top of the stack first, as they are drawn. */
  stacked?: boolean;
  /** A last line with the sum of the series, under this name ("Total"). */
  totalLabel?: string;
}

type Entry = TooltipContentProps<number | string, string | number>['payload'][number];

/**
 * The tooltip's content, given to Recharts as an element (`content={<ChartTooltip … />}`: Recharts
 * adds active, payload and label): the heading, one line per series (a colour swatch, the name,
 * the value) in the order of the chart, and the total when asked.
 */
export function ChartTooltip({ active, payload, label, formatLabel, formatValue, stacked, totalLabel }: ChartTooltipOptions & Partial<Pick<TooltipContentProps<number | string, string | number>, 'active' | 'payload' | 'label'>>): ReactNode {
  if (!active || !payload || payload.length === 0) return null;
  const entries: Entry[] = payload.filter((e) => e.type !== 'none' && e.value != null);
  const ordered = stacked ? [...entries].reverse() : entries;
  const total = entries.reduce((sum, e) => sum + Number(e.value ?? 0), 0);
  const heading = label === undefined || label === null ? '' : String(label);
  return (
    <div className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-md dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100">
      {heading !== '' && <p className="mb-1 font-medium">{formatLabel ? formatLabel(heading) : heading}</p>}
      <ul className="space-y-0.5">
        {ordered.map((e) => (
          <li key={String(e.dataKey ?? e.name)} className="flex items-center gap-2">
            <span aria-hidden="true" className="inline-block h-2.5 w-2.5 shrink-0 rounded-sm" style={{ backgroundColor: e.color ?? e.fill ?? e.stroke ?? 'currentColor' }} />
            <span>{String(e.name ?? e.dataKey ?? '')}</span>
            <span className="ml-auto pl-3 tabular-nums">{formatValue(Number(e.value))}</span>
          </li>
        ))}
      </ul>
      {totalLabel && entries.length > 1 && (
        <p className="mt-1 flex gap-2 border-t border-slate-200 pt-1 font-semibold dark:border-slate-600">
          <span>{totalLabel}</span>
          <span className="ml-auto pl-3 tabular-nums">{formatValue(total)}</span>
        </p>
      )}
    </div>
  );
}

/**
 * Recharts' `interval` for a category axis: how many ticks to skip between two labels so that
 * `count` labels of about `labelPx` fit `plotWidthPx` with `gapPx` between them. Computed from the
 * width, where `minTickGap` would measure every label in the DOM (hundreds of layouts a chart).
 */
export function tickInterval(count: number, plotWidthPx: number, labelPx: number, gapPx: number): number {
  return everyNth(count, Math.floor(Math.max(0, plotWidthPx) / (labelPx + gapPx)));
}

/** Recharts' `interval` that shows at most `labels` of `count` ticks (at least one). */
export function everyNth(count: number, labels: number): number {
  return Math.max(0, Math.ceil(count / Math.max(1, labels)) - 1);
}

/**
 * A grid's `verticalCoordinatesGenerator` where it draws no vertical lines: Recharts places them
 * even when `vertical={false}`, measuring every X tick label in the DOM to do so.
 */
export const NO_LINES = (): number[] => [];

/** A grid of horizontal lines only (spread into CartesianGrid), with no vertical ones measured. */
export const HORIZONTAL_LINES = { vertical: false, verticalCoordinatesGenerator: NO_LINES } as const;
