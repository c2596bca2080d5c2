/**
 * Where the money goes: ledger rows (one per pod, UTC day and cost kind, plus egress per
 * project and day) summed into periods and one dimension at a time. Every figure is a sum of
 * whole-cent rows, so series sum to period totals, breakdown rows to their total, to the cent.
 */
import type { Cents } from './money';
import { MS_PER_DAY, startOfUtcDay } from './units';

export type SpendDimension = 'project' | 'gpuType' | 'region' | 'user' | 'kind';
export const SPEND_DIMENSIONS: readonly SpendDimension[] = ['project', 'gpuType', 'region', 'user', 'kind'];
export type CostKind = 'gpu' | 'disk' | 'egress';
export const COST_KINDS: readonly CostKind[] = ['gpu', 'disk', 'egress'];
export type Granularity = 'day' | 'week';

/** One whole-cent cost. Attributes a row does not have (egress has no GPU type) are null. */
export interface CostRow {
  dayStartMs: number;
  kind: CostKind;
  cents: Cents;
  projectId: string;
  gpuTypeId: string | null;
  regionId: string | null;
  userId: string | null;
  podId: string | null;
}

/**
 * Rows as a list, or as a function that hands each row to a visitor: a ledger of a large fleet
 * is visited without being held in memory (and without a generator's cost per row).
 */
export type CostSource = Iterable<CostRow> | ((visit: (row: CostRow) => void) => void);

export function eachCost(source: CostSource, visit: (row: CostRow) => void): void {
  if (typeof source === 'function') source(visit);
  else for (const row of source) visit(row);
}

/** The key a row counts under for a dimension; rows without the attribute share one key. */
export const UNATTRIBUTED = 'unattributed';

export function keyOf(row: CostRow, by: SpendDimension): string {
  switch (by) {
    case 'project':
      return row.projectId;
    case 'gpuType':
      return row.gpuTypeId ?? UNATTRIBUTED;
    case 'region':
      return row.regionId ?? UNATTRIBUTED;
    case 'user':
      return row.userId ?? UNATTRIBUTED;
    case 'kind':
      return row.kind;
  }
}

export interface Period {
  startMs: number;
  /** Exclusive. */
  endMs: number;
}

/** Monday 00:00 UTC of the ISO week holding a time. */
export function startOfIsoWeek(ms: number): number {
  const day = startOfUtcDay(ms);
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return day - weekday * MS_PER_DAY;
}

/** Days or ISO weeks (Monday to Sunday) covering [fromMs, toMs), the first and last clipped to it. */
export function periodsOf(fromMs: number, toMs: number, granularity: Granularity): Period[] {
  const periods: Period[] = [];
  let start = startOfUtcDay(fromMs);
  while (start < toMs) {
    const natural = granularity === 'day' ? start + MS_PER_DAY : startOfIsoWeek(start) + 7 * MS_PER_DAY;
    const end = Math.min(natural, toMs);
    periods.push({ startMs: Math.max(start, fromMs), endMs: end });
    start = end;
  }
  return periods;
}

export interface SeriesLine {
  key: string;
  pointsCents: Cents[];
  totalCents: Cents;
}

export interface SpendSeries {
  periodTotalsCents: Cents[];
  series: SeriesLine[];
  totalCents: Cents;
}

function periodIndex(periods: readonly Period[], dayStartMs: number): number {
  // Periods are ordered and contiguous; rows are whole UTC days, so a binary search finds one.
  let lo = 0;
  let hi = periods.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = periods[mid]!;
    if (dayStartMs < startOfUtcDay(p.startMs)) hi = mid - 1;
    else if (dayStartMs >= p.endMs) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** Spend per period, stacked by one dimension; series largest first. Rows outside the periods are ignored. */
export function spendSeries(rows: CostSource, periods: readonly Period[], by: SpendDimension): SpendSeries {
  const byKey = new Map<string, Cents[]>();
  const periodTotalsCents: Cents[] = periods.map(() => 0);
  eachCost(rows, (row) => {
    const i = periodIndex(periods, row.dayStartMs);
    if (i < 0 || row.cents === 0) return;
    const key = keyOf(row, by);
    let points = byKey.get(key);
    if (!points) {
      points = periods.map(() => 0);
      byKey.set(key, points);
    }
    points[i]! += row.cents;
    periodTotalsCents[i]! += row.cents;
  });
  const series = [...byKey.entries()]
    .map(([key, pointsCents]) => ({ key, pointsCents, totalCents: pointsCents.reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.totalCents - a.totalCents || a.key.localeCompare(b.key));
  return { periodTotalsCents, series, totalCents: periodTotalsCents.reduce((a, b) => a + b, 0) };
}

export interface BreakdownLine {
  key: string;
  amountCents: Cents;
  previousCents: Cents;
  changeCents: Cents;
  /** Change against the previous period as a ratio (0.25 = +25%); null when there was nothing before. */
  changeRatio: number | null;
  /** Share of the total (0-1); 0 when the total is 0. */
  share: number;
}

export interface Breakdown {
  lines: BreakdownLine[];
  totalCents: Cents;
  previousTotalCents: Cents;
}

function sumBy(rows: CostSource, by: SpendDimension, fromMs: number, toMs: number): Map<string, Cents> {
  const sums = new Map<string, Cents>();
  const firstDayMs = startOfUtcDay(fromMs);
  eachCost(rows, (row) => {
    if (row.dayStartMs < firstDayMs || row.dayStartMs >= toMs || row.cents === 0) return;
    const key = keyOf(row, by);
    sums.set(key, (sums.get(key) ?? 0) + row.cents);
  });
  return sums;
}

/**
 * Amount per key in [fromMs, toMs), with the same key's amount in the previous period and the
 * change. Keys with spend in either period appear; largest amount first.
 */
export function breakdownOf(current: CostSource, previous: CostSource, by: SpendDimension, period: Period, previousPeriod: Period): Breakdown {
  const now = sumBy(current, by, period.startMs, period.endMs);
  const before = sumBy(previous, by, previousPeriod.startMs, previousPeriod.endMs);
  const totalCents = [...now.values()].reduce((a, b) => a + b, 0);
  const previousTotalCents = [...before.values()].reduce((a, b) => a + b, 0);
  const keys = new Set([...now.keys(), ...before.keys()]);
  const lines = [...keys]
    .map((key) => {
      const amountCents = now.get(key) ?? 0;
      const previousCents = before.get(key) ?? 0;
      return {
        key,
        amountCents,
        previousCents,
        changeCents: amountCents - previousCents,
        changeRatio: previousCents === 0 ? null : (amountCents - previousCents) / previousCents,
        share: totalCents === 0 ? 0 : amountCents / totalCents,
      };
    })
    .sort((a, b) => b.amountCents - a.amountCents || b.previousCents - a.previousCents || a.key.localeCompare(b.key));
  return { lines, totalCents, previousTotalCents };
}

/** The period of the same length just before. */
export function previousPeriodOf(period: Period): Period {
  const length = period.endMs - period.startMs;
  return { startMs: period.startMs - length, endMs: period.startMs };
}
