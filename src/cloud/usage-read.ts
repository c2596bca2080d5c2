/**
 * Reads over the usage ledger (usage-ledger.ts): a pod's rows over a window, per GPU, summed
 * from stored days where a whole day lies in the window, from stored hours at its edges, and
 * from the open hour computed live. A window starts on an hour and ends on an hour, or at now.
 */
import { MS_PER_DAY, MS_PER_HOUR } from '../domain/units';
import { emptyWasteFigures, type WasteFigures } from '../domain/waste';
import { FIELDS, addRowInto, daysOf, liveHourRows, startOfHour, type UsageLedger } from './usage-ledger';
import type { Pod } from './model';
import type { GpuSampler } from './telemetry';
import { USAGE_FIELDS } from '../domain/usage-rollup';
import type { GpuType } from '../domain/catalog';
import type { PodObservation } from '../domain/observation';
import { PodEvidence } from '../domain/usage-evidence';
import { gpuFraction, gpuInstanceMemMiB } from '../domain/mig';
import { montrealHourOfWeek } from './pod-observations';

const F = Object.fromEntries(USAGE_FIELDS.map((f, i) => [f, i])) as Record<(typeof USAGE_FIELDS)[number], number>;
export { F as FIELD };

export interface UsageWindow {
  fromMs: number;
  toMs: number;
}

export interface ReadOptions {
  /** Hours before this are closed and read from the store (the reconcilers' mark, at most now). */
  closedUntilMs: number;
  sample?: GpuSampler;
}

/**
 * Visits each hour of the window the pod ran in, with its rows (FIELDS numbers per GPU):
 * stored hours, then the open hour live. A stored day wholly inside the window is visited as
 * one "hour" at its start with the day's sum when `wholeDays` is set.
 */
export function forEachPodHour(
  ledger: UsageLedger,
  pod: Pod,
  window: UsageWindow,
  options: ReadOptions,
  visit: (startMs: number, spanMs: number, gpuCount: number, rows: Int32Array, at: number) => void,
  wholeDays = false,
): void {
  const storedEnd = Math.min(startOfHour(options.closedUntilMs), startOfHour(window.toMs));
  const build = options.sample ? { sample: options.sample } : {};
  for (const dayMs of daysOf(window.fromMs, storedEnd)) {
    const day = ledger.podDay(pod, dayMs, storedEnd, build);
    if (!day) continue;
    const n = day.gpuCount;
    if (wholeDays && dayMs >= window.fromMs && dayMs + MS_PER_DAY <= storedEnd) {
      visit(dayMs, MS_PER_DAY, n, day.total, 0);
      continue;
    }
    const first = Math.max(0, Math.floor((window.fromMs - dayMs) / MS_PER_HOUR));
    const last = Math.min(day.builtHours, Math.ceil((storedEnd - dayMs) / MS_PER_HOUR));
    for (let h = first; h < last; h++) {
      const at = h * n * FIELDS;
      if ((day.hours[at] ?? 0) === 0 && !anyAllocated(day.hours, at, n)) continue;
      visit(dayMs + h * MS_PER_HOUR, MS_PER_HOUR, n, day.hours, at);
    }
  }
  // The rest of the window is in hours not closed yet: computed live, never stored.
  for (let hs = Math.max(storedEnd, startOfHour(window.fromMs)); hs < window.toMs; hs += MS_PER_HOUR) {
    const live = liveHourRows(ledger, pod, Math.max(hs, window.fromMs), Math.min(hs + MS_PER_HOUR, window.toMs), build);
    if (live) visit(hs, MS_PER_HOUR, live.gpuCount, live.rows, 0);
  }
}

function anyAllocated(rows: Int32Array, at: number, gpuCount: number): boolean {
  for (let g = 0; g < gpuCount; g++) if ((rows[at + g * FIELDS] ?? 0) > 0) return true;
  return false;
}

export interface PodUsage {
  pod: Pod;
  /** The most GPUs the pod had in the window. */
  gpuCount: number;
  /** Per GPU: perGpu[g × FIELDS + f]. */
  perGpu: Float64Array;
  /** All GPUs: FIELDS numbers. */
  total: Float64Array;
}

/** A stretch of a window and the store of its rows (one per thresholds version, waste-settings.ts). */
export interface LedgerSegment extends UsageWindow {
  ledger: UsageLedger;
}

/** forEachPodHour over each segment with its own store. */
export function forEachSegmentHour(
  segments: readonly LedgerSegment[],
  pod: Pod,
  options: ReadOptions,
  visit: (startMs: number, spanMs: number, gpuCount: number, rows: Int32Array, at: number) => void,
  wholeDays = false,
): void {
  for (const s of segments) forEachPodHour(s.ledger, pod, s, options, visit, wholeDays);
}

/** The pod's rows over the window, per GPU and in all (null: it did not run in it). */
export function podUsage(ledger: UsageLedger | readonly LedgerSegment[], pod: Pod, window: UsageWindow, options: ReadOptions): PodUsage | null {
  let perGpu = new Float64Array(0);
  let gpuCount = 0;
  const segments: readonly LedgerSegment[] = Array.isArray(ledger) ? ledger : [{ ...window, ledger: ledger as UsageLedger }];
  forEachSegmentHour(
    segments,
    pod,
    options,
    (_s, _span, n, rows, at) => {
      if (n > gpuCount) {
        const grown = new Float64Array(n * FIELDS);
        grown.set(perGpu);
        perGpu = grown;
        gpuCount = n;
      }
      for (let g = 0; g < n; g++) addRowInto(perGpu, g * FIELDS, rows, at + g * FIELDS);
    },
    true,
  );
  if (gpuCount === 0) return null;
  const total = new Float64Array(FIELDS);
  for (let g = 0; g < gpuCount; g++) addRowInto(total, 0, perGpu, g * FIELDS);
  if (total[F.allocatedSeconds] === 0 && total[F.spendCents] === 0) return null;
  return { pod, gpuCount, perGpu, total };
}

/**
 * The figures the API shows for rows: unobserved time is billed and counted as productive and
 * active (no evidence, no waste claimed), as the ledger always has.
 */
export function wasteFiguresOf(values: ArrayLike<number>, at = 0): WasteFigures {
  const v = (f: number): number => values[at + f] ?? 0;
  const f = emptyWasteFigures();
  f.allocatedGpuSeconds = v(F.allocatedSeconds);
  f.activeGpuSeconds = v(F.allocatedSeconds) - v(F.idleSeconds);
  f.spendCents = v(F.spendCents);
  f.productive = { gpuSeconds: v(F.productiveSeconds) + v(F.unobservedSeconds), cents: v(F.productiveCents) + v(F.unobservedCents) };
  f.waste.idle = { gpuSeconds: v(F.idleSeconds), cents: v(F.idleCents) };
  f.waste.underUsed = { gpuSeconds: v(F.underUsedSeconds), cents: v(F.underUsedCents) };
  f.waste.oversized = { gpuSeconds: v(F.oversizedSeconds), cents: v(F.oversizedCents) };
  return f;
}

/** Observed seconds of rows: allocated less unobserved. */
export function observedSeconds(values: ArrayLike<number>, at = 0): number {
  return (values[at + F.allocatedSeconds] ?? 0) - (values[at + F.unobservedSeconds] ?? 0);
}

/**
 * A pod's observation over [fromMs, toMs) (the recommendations' evidence) merged from its usage
 * rows, hour by hour (each hour's idle share goes to its hour of the week): every 5-minute
 * period of the window, with the band quantiles of domain/usage-evidence.ts, instead of samples
 * on a grid. GPUs beyond the pod's count now are left out, as observePod leaves them.
 */
export function podObservationFromRows(segments: readonly LedgerSegment[], pod: Pod, gpuType: GpuType, options: ReadOptions): PodObservation {
  const fromMs = segments[0]?.fromMs ?? 0;
  const toMs = segments[segments.length - 1]?.toMs ?? fromMs;
  const evidence = new PodEvidence(pod.id, pod.gpuCount, fromMs, toMs, gpuFraction(pod.migProfile));
  forEachSegmentHour(segments, pod, options, (startMs, _spanMs, gpuCount, rows, at) => evidence.addSpan(startMs, montrealHourOfWeek(startMs), gpuCount, rows, at));
  return evidence.build(gpuInstanceMemMiB(pod.migProfile, gpuType.vramGiB));
}
