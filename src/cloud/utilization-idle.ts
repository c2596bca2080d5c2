/**
 * Which GPUs of a running pod are idle right now, and since when: the "Idle right now" list.
 * Walks the telemetry (the simulator's, or the request's GpuSampler) back from now, finely at
 * first (every 15 minutes for a day, the grain of a notebook's bursts), then hourly, to the start
 * of the pod's current run or 30 days at most. A missing sample ends the walk like a busy one:
 * idleness is claimed only as far back as the samples show it.
 */
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from '../domain/units';
import { isIdleEngine } from '../domain/waste';
import { lastTransitionAt } from './lifecycle';
import type { Pod } from './model';
import { transitionsKey } from './pod-observations';
import { gpuSample, SAMPLE_PERIOD_MS, type GpuSampler } from './telemetry';
import { gpuTypeOf } from './utilization-ledger';

export interface IdleNow {
  idleGpuCount: number;
  /** Since when every one of those GPUs has been idle. */
  idleSinceMs: number;
}

const FINE_STEP_MS = 15 * MS_PER_MINUTE;
const FINE_SPAN_MS = MS_PER_DAY;
const COARSE_STEP_MS = MS_PER_HOUR;
export const MAX_LOOKBACK_MS = 30 * MS_PER_DAY;

const cache = new WeakMap<Pod, { key: string; value: IdleNow | null }>();

/** The pod's idle GPUs now (idle for at least minIdleMs), or null when none is; the pod must be running. */
export function podIdleNow(pod: Pod, nowMs: number, idleEngineActive: number, minIdleMs: number, sample: GpuSampler): IdleNow | null {
  // Only the simulator's samples are a function of the pod alone; another sampler's are the request's.
  if (sample !== gpuSample) return compute(pod, nowMs, idleEngineActive, minIdleMs, sample);
  // Samples change every 5 minutes: an answer holds until the next one.
  const key = `${Math.floor(nowMs / SAMPLE_PERIOD_MS)}|${idleEngineActive}|${minIdleMs}|${transitionsKey(pod)}`;
  const hit = cache.get(pod);
  if (hit?.key === key) return hit.value;
  const value = compute(pod, nowMs, idleEngineActive, minIdleMs, sample);
  cache.set(pod, { key, value });
  return value;
}

function compute(pod: Pod, nowMs: number, idleEngineActive: number, minIdleMs: number, sample: GpuSampler): IdleNow | null {
  const gpu = gpuTypeOf(pod);
  const runStartMs = Math.max(lastTransitionAt(pod, nowMs)?.atMs ?? pod.createdAtMs, nowMs - MAX_LOOKBACK_MS);
  let idleSinceMs = 0;
  let idleGpuCount = 0;
  for (let g = 0; g < pod.gpuCount; g++) {
    let since: number | null = null;
    let busyFound = false;
    for (let t = nowMs; t >= runStartMs; t -= nowMs - t < FINE_SPAN_MS ? FINE_STEP_MS : COARSE_STEP_MS) {
      const s = sample(pod, gpu, g, t);
      if (!s || !isIdleEngine(s.DCGM_FI_PROF_GR_ENGINE_ACTIVE, idleEngineActive)) {
        busyFound = true;
        break;
      }
      since = t;
    }
    if (since === null) continue;
    // Idle at every sample back to the start of the run (or the lookback): idle since then.
    const gpuSince = busyFound ? since : runStartMs;
    if (nowMs - gpuSince < minIdleMs) continue;
    idleGpuCount++;
    idleSinceMs = Math.max(idleSinceMs, gpuSince);
  }
  return idleGpuCount > 0 ? { idleGpuCount, idleSinceMs } : null;
}
