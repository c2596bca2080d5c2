/**
 * The billing ledger: per pod and UTC day, GPU cost for the seconds it ran and disk cost
 * for the seconds it existed, at the prices locked at launch. Every figure on screen is a
 * sum of these rows, so totals equal the sum of their parts to the cent.
 */
import { costCentsForDuration, type Cents } from '../domain/money';
import { MS_PER_DAY, MS_PER_HOUR, overlapMs, startOfUtcDay } from '../domain/units';
import { existenceInterval, runningIntervals } from './lifecycle';
import type { Pod } from './model';

export interface LedgerRow {
  podId: string;
  dayStartMs: number;
  runningMs: number;
  existingMs: number;
  gpuCents: Cents;
  diskCents: Cents;
}

/** One row per UTC day in [fromMs, toMs) on which the pod existed. */
export function podLedger(pod: Pod, fromMs: number, toMs: number): LedgerRow[] {
  const exists = existenceInterval(pod, fromMs, toMs);
  if (!exists) return [];
  const runs = runningIntervals(pod, fromMs, toMs);
  const rows: LedgerRow[] = [];
  for (let day = startOfUtcDay(exists.startMs); day < exists.endMs; day += MS_PER_DAY) {
    const dayEnd = day + MS_PER_DAY;
    const existingMs = overlapMs(exists.startMs, exists.endMs, day, dayEnd);
    let runningMs = 0;
    let gpuCents = 0;
    for (const r of runs) runningMs += overlapMs(r.startMs, r.endMs, day, dayEnd);
    const counted: Array<{ startMs: number; endMs: number; gpuCount: number }> = [];
    for (const segment of gpuCountSegments(pod, day, dayEnd)) {
      for (const r of runs) {
        const s = Math.max(r.startMs, segment.startMs);
        const e = Math.min(r.endMs, segment.endMs);
        if (e > s) counted.push({ startMs: s, endMs: e, gpuCount: segment.gpuCount });
      }
    }
    gpuCents = gpuHourCents(pod.rateMicroUsdPerGpuHour, counted);
    rows.push({
      podId: pod.id,
      dayStartMs: day,
      runningMs,
      existingMs,
      gpuCents,
      diskCents: costCentsForDuration(pod.diskMicroUsdPerHour, existingMs),
    });
  }
  return rows;
}

/**
 * GPU cost of running spans (each with its GPU count), billed per GPU and clock hour: each
 * GPU's whole seconds in an hour at the rate, rounded once to the cent. The usage ledger
 * (domain/usage-rollup.ts) charges each GPU-hour row the same way, so the bill and the waste
 * ledger agree to the cent over any window of whole hours.
 */
export function gpuHourCents(rateMicroUsdPerGpuHour: number, spans: ReadonlyArray<{ startMs: number; endMs: number; gpuCount: number }>): Cents {
  // Each GPU's running ms per clock hour (the spans are one day's: at most 24 hours each).
  const perHour = new Map<number, number[]>();
  for (const { startMs, endMs, gpuCount } of spans) {
    for (let h = Math.floor(startMs / MS_PER_HOUR) * MS_PER_HOUR; h < endMs; h += MS_PER_HOUR) {
      const ms = Math.min(endMs, h + MS_PER_HOUR) - Math.max(startMs, h);
      const perGpu = perHour.get(h) ?? [];
      perHour.set(h, perGpu);
      for (let g = 0; g < gpuCount; g++) perGpu[g] = (perGpu[g] ?? 0) + ms;
    }
  }
  let cents = 0;
  for (const perGpu of perHour.values()) for (const ms of perGpu) cents += costCentsForDuration(rateMicroUsdPerGpuHour, ms ?? 0);
  return cents;
}

/** Spans of [fromMs, toMs) with the GPU count in effect (one span unless the count was changed in place). */
export function gpuCountSegments(pod: Pod, fromMs: number, toMs: number): Array<{ startMs: number; endMs: number; gpuCount: number }> {
  const history = pod.gpuCountHistory;
  if (!history || history.length === 0) return [{ startMs: fromMs, endMs: toMs, gpuCount: pod.gpuCount }];
  const out: Array<{ startMs: number; endMs: number; gpuCount: number }> = [];
  history.forEach((h, i) => {
    const s = Math.max(fromMs, i === 0 ? -Infinity : h.fromMs);
    const e = Math.min(toMs, history[i + 1]?.fromMs ?? Infinity);
    if (e > s) out.push({ startMs: s, endMs: e, gpuCount: h.gpuCount });
  });
  return out;
}

export interface SpendTotals {
  gpuCents: Cents;
  diskCents: Cents;
  totalCents: Cents;
}

export function spendTotals(pods: readonly Pod[], fromMs: number, toMs: number): SpendTotals {
  let gpuCents = 0;
  let diskCents = 0;
  for (const pod of pods) {
    for (const row of podLedger(pod, fromMs, toMs)) {
      gpuCents += row.gpuCents;
      diskCents += row.diskCents;
    }
  }
  return { gpuCents, diskCents, totalCents: gpuCents + diskCents };
}
