/** A pod's status at any time and the intervals it ran and existed, derived from its transitions. */
import type { Pod, PodStatus, Transition } from './model';

export function statusAt(pod: Pod, atMs: number): PodStatus {
  let status: PodStatus = 'queued';
  for (const t of pod.transitions) {
    if (t.atMs > atMs) break;
    status = t.status;
  }
  return status;
}

export function lastTransitionAt(pod: Pod, atMs: number): Transition | undefined {
  let last: Transition | undefined;
  for (const t of pod.transitions) {
    if (t.atMs > atMs) break;
    last = t;
  }
  return last;
}

export interface Interval {
  startMs: number;
  endMs: number;
}

/** Intervals the pod was running (GPU billed), clipped to [fromMs, toMs). */
export function runningIntervals(pod: Pod, fromMs: number, toMs: number): Interval[] {
  const out: Interval[] = [];
  let start: number | null = null;
  for (const t of pod.transitions) {
    if (t.atMs >= toMs) break;
    if (t.status === 'running') {
      if (start === null) start = t.atMs;
    } else if (start !== null) {
      push(out, start, t.atMs, fromMs, toMs);
      start = null;
    }
  }
  if (start !== null) push(out, start, toMs, fromMs, toMs);
  return out;
}

/** Interval the pod's disk existed (disk billed): from creation to termination. */
export function existenceInterval(pod: Pod, fromMs: number, toMs: number): Interval | null {
  const end = pod.transitions.find((t) => t.status === 'terminated' || t.status === 'failed')?.atMs ?? toMs;
  const s = Math.max(pod.createdAtMs, fromMs);
  const e = Math.min(end, toMs);
  return e > s ? { startMs: s, endMs: e } : null;
}

function push(out: Interval[], s: number, e: number, fromMs: number, toMs: number): void {
  const cs = Math.max(s, fromMs);
  const ce = Math.min(e, toMs);
  if (ce > cs) out.push({ startMs: cs, endMs: ce });
}
