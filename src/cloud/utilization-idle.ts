/**
 * Which GPUs of a running pod are idle right now, and since when: the "Idle right now" list.
 * Read back from now over the usage ledger's rows (usage-ledger.ts): the still-open hour computed
 * live, then the closed hours from stored rows, each one's idle tail (domain/usage-rollup.ts: the
 * observed idle seconds at the hour's end, back to its last busy or unobserved period) until an
 * hour that was not idle all the time it ran, or the start of the pod's current run, or 30 days
 * back. Every 5-minute period counts (the walk this replaced sampled every 15 minutes for a day,
 * then hourly); a missing sample ends the idleness like a busy one: it is claimed only as far
 * back as the samples show it.
 */
import { gpuFraction } from '../domain/mig';
import { MS_PER_DAY, MS_PER_HOUR, startOfUtcDay } from '../domain/units';
import { USAGE_PERIOD_MS } from '../domain/usage-rollup';
import { lastTransitionAt } from './lifecycle';
import type { Pod } from './model';
import { transitionsKey } from './pod-observations';
import { gpuSample, SAMPLE_PERIOD_MS } from './telemetry';
import { FIELDS, liveHourRows, startOfHour, type UsageLedger } from './usage-ledger';
import { FIELD, type ReadOptions } from './usage-read';

export interface IdleNow {
  idleGpuCount: number;
  /** Since when every one of those GPUs has been idle. */
  idleSinceMs: number;
}

export const MAX_LOOKBACK_MS = 30 * MS_PER_DAY;

const cache = new WeakMap<Pod, { key: string; value: IdleNow | null }>();
const ledgerIds = new WeakMap<UsageLedger, number>();
let nextLedgerId = 0;

/**
 * The pod's idle GPUs now (idle for at least minIdleMs), or null when none is; the pod must be
 * running. The ledger judges idleness (its thresholds' idle engine activity).
 */
export function podIdleNow(pod: Pod, nowMs: number, ledger: UsageLedger, minIdleMs: number, options: ReadOptions): IdleNow | null {
  // Only the simulator's samples are a function of the pod alone; another sampler's are the request's.
  if (options.sample && options.sample !== gpuSample) return compute(pod, nowMs, ledger, minIdleMs, options);
  let id = ledgerIds.get(ledger);
  if (id === undefined) ledgerIds.set(ledger, (id = nextLedgerId++));
  // Samples change every 5 minutes: an answer holds until the next one.
  const key = `${Math.floor(nowMs / SAMPLE_PERIOD_MS)}|${id}|${minIdleMs}|${startOfHour(options.closedUntilMs)}|${transitionsKey(pod)}`;
  const hit = cache.get(pod);
  if (hit?.key === key) return hit.value;
  const value = compute(pod, nowMs, ledger, minIdleMs, options);
  cache.set(pod, { key, value });
  return value;
}

function compute(pod: Pod, nowMs: number, ledger: UsageLedger, minIdleMs: number, options: ReadOptions): IdleNow | null {
  const runStartMs = Math.max(lastTransitionAt(pod, nowMs)?.atMs ?? pod.createdAtMs, nowMs - MAX_LOOKBACK_MS);
  if (nowMs <= runStartMs) return null;
  const gpuCount = pod.gpuCount;
  const tail = new Array<number>(gpuCount).fill(0);
  const walking = new Array<boolean>(gpuCount).fill(true);
  let left = gpuCount;
  const storedEnd = Math.min(startOfHour(options.closedUntilMs), startOfHour(nowMs));
  const build = options.sample ? { sample: options.sample } : {};
  const firstHour = startOfHour(runStartMs);
  // Each hour's rows, newest first: the open hour (and any not closed yet) live, the rest stored.
  for (let hs = startOfHour(nowMs - 1); hs >= firstHour && left > 0; hs -= MS_PER_HOUR) {
    let rows: ArrayLike<number> | null = null;
    let n = 0;
    let at = 0;
    if (hs >= storedEnd) {
      const live = liveHourRows(ledger, pod, hs, Math.min(hs + MS_PER_HOUR, nowMs), build);
      if (live) ({ rows, gpuCount: n } = live);
    } else {
      const dayMs = startOfUtcDay(hs);
      const day = ledger.podDay(pod, dayMs, storedEnd, build);
      if (day) {
        rows = day.hours;
        n = day.gpuCount;
        at = ((hs - dayMs) / MS_PER_HOUR) * n * FIELDS;
      }
    }
    for (let g = 0; g < gpuCount; g++) {
      if (!walking[g]) continue;
      const o = at + g * FIELDS;
      const rowTail = g < n && rows ? (rows[o + FIELD.idleTailSeconds] ?? 0) : 0;
      const allocated = g < n && rows ? (rows[o + FIELD.allocatedSeconds] ?? 0) : 0;
      tail[g] = (tail[g] ?? 0) + rowTail;
      // Busy or unobserved somewhere in the hour: the idle run starts after it.
      if (rowTail !== allocated) {
        walking[g] = false;
        left--;
      }
    }
  }
  let idleSinceMs = 0;
  let idleGpuCount = 0;
  // Rows count GPU-seconds: a slice's idle tail is its running time × its fraction.
  const fraction = gpuFraction(pod.migProfile);
  for (let g = 0; g < gpuCount; g++) {
    const seconds = (tail[g] ?? 0) / fraction;
    if (seconds <= 0) continue;
    // Idle back to the start of the run (or the lookback): idle since then. Otherwise since the
    // start of the idle run's first period: the tail is whole seconds of whole periods (but the
    // open hour's last, and the run's first), so its start is within 2 s of a period's start.
    const gpuSince = walking[g] ? runStartMs : Math.max(runStartMs, Math.floor((nowMs - seconds * 1000) / USAGE_PERIOD_MS) * USAGE_PERIOD_MS);
    if (nowMs - gpuSince < minIdleMs) continue;
    idleGpuCount++;
    idleSinceMs = Math.max(idleSinceMs, gpuSince);
  }
  return idleGpuCount > 0 ? { idleGpuCount, idleSinceMs } : null;
}
