import { describe, expect, it } from 'vitest';
import { generateWorld, DEFAULT_ANCHOR_MS } from './world';
import { gpuTypes } from './catalog-data';
import { lastTransitionAt, statusAt } from './lifecycle';
import { gpuSample } from './telemetry';
import { UsageLedger } from './usage-ledger';
import { MAX_LOOKBACK_MS, podIdleNow, type IdleNow } from './utilization-idle';
import { USAGE_PERIOD_MS } from '../domain/usage-rollup';
import { DEFAULT_WASTE_SETTINGS, isIdleEngine } from '../domain/waste';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from '../domain/units';
import type { Pod } from './model';

const MIN_IDLE_MS = 15 * MS_PER_MINUTE;
const idleEngineActive = DEFAULT_WASTE_SETTINGS.idleEngineActive;

/**
 * The walk the rows replaced, at the telemetry's resolution: back from now over every 5-minute
 * period the pod ran in, sample by sample, to a busy or missing sample or the start of the run
 * (30 days at most); idle since the first idle period's start (the run's start within it).
 */
function walkEveryPeriod(pod: Pod, nowMs: number): IdleNow | null {
  const gpu = gpuTypes.find((g) => g.id === pod.gpuTypeId)!;
  const runStartMs = Math.max(lastTransitionAt(pod, nowMs)?.atMs ?? pod.createdAtMs, nowMs - MAX_LOOKBACK_MS);
  let idleSinceMs = 0;
  let idleGpuCount = 0;
  for (let g = 0; g < pod.gpuCount; g++) {
    let since: number | null = null;
    let busyFound = false;
    for (let p = Math.floor((nowMs - 1) / USAGE_PERIOD_MS) * USAGE_PERIOD_MS; p + USAGE_PERIOD_MS > runStartMs; p -= USAGE_PERIOD_MS) {
      const s = gpuSample(pod, gpu, g, Math.max(p, runStartMs));
      if (!isIdleEngine(s.DCGM_FI_PROF_GR_ENGINE_ACTIVE, idleEngineActive)) {
        busyFound = true;
        break;
      }
      since = Math.max(p, runStartMs);
    }
    if (since === null) continue;
    const gpuSince = busyFound ? since : runStartMs;
    if (nowMs - gpuSince < MIN_IDLE_MS) continue;
    idleGpuCount++;
    idleSinceMs = Math.max(idleSinceMs, gpuSince);
  }
  return idleGpuCount > 0 ? { idleGpuCount, idleSinceMs } : null;
}

/** The sampled walk as it was before the rows (every 15 minutes for a day, then hourly). */
function sampledWalk(pod: Pod, nowMs: number): IdleNow | null {
  const gpu = gpuTypes.find((g) => g.id === pod.gpuTypeId)!;
  const runStartMs = Math.max(lastTransitionAt(pod, nowMs)?.atMs ?? pod.createdAtMs, nowMs - MAX_LOOKBACK_MS);
  let idleSinceMs = 0;
  let idleGpuCount = 0;
  for (let g = 0; g < pod.gpuCount; g++) {
    let since: number | null = null;
    let busyFound = false;
    for (let t = nowMs; t >= runStartMs; t -= nowMs - t < MS_PER_DAY ? 15 * MS_PER_MINUTE : MS_PER_HOUR) {
      const s = gpuSample(pod, gpu, g, t);
      if (!isIdleEngine(s.DCGM_FI_PROF_GR_ENGINE_ACTIVE, idleEngineActive)) {
        busyFound = true;
        break;
      }
      since = t;
    }
    if (since === null) continue;
    const gpuSince = busyFound ? since : runStartMs;
    if (nowMs - gpuSince < MIN_IDLE_MS) continue;
    idleGpuCount++;
    idleSinceMs = Math.max(idleSinceMs, gpuSince);
  }
  return idleGpuCount > 0 ? { idleGpuCount, idleSinceMs } : null;
}

describe('idle right now, read from the usage rows', () => {
  const world = generateWorld({ realNowMs: DEFAULT_ANCHOR_MS });
  // On the hour, within its first period, and late in it: the open hour is computed live each time.
  const nows = [0, 7 * MS_PER_MINUTE + 13_000, 2 * MS_PER_HOUR + 52 * MS_PER_MINUTE].map((d) => DEFAULT_ANCHOR_MS + d);

  it('equals a walk back over every 5-minute period, closed hours stored or not', () => {
    const ledger = new UsageLedger(DEFAULT_WASTE_SETTINGS);
    let idle = 0;
    let compared = 0;
    for (const nowMs of nows) {
      for (const pod of world.pods) {
        if (statusAt(pod, nowMs) !== 'running') continue;
        const expected = walkEveryPeriod(pod, nowMs);
        // Closed hours from stored rows, and with the reconcilers three hours behind (those live).
        expect(podIdleNow(pod, nowMs, ledger, MIN_IDLE_MS, { closedUntilMs: nowMs })).toEqual(expected);
        expect(podIdleNow(pod, nowMs, new UsageLedger(DEFAULT_WASTE_SETTINGS), MIN_IDLE_MS, { closedUntilMs: nowMs - 3 * MS_PER_HOUR, sample: (...a) => gpuSample(...a) })).toEqual(expected);
        compared++;
        if (expected) idle++;
      }
    }
    // The world has pods idle now and pods at work.
    expect(idle).toBeGreaterThan(2);
    expect(compared - idle).toBeGreaterThan(2);
  });

  it('finds the same pods idle as the sampled walk it replaced, idle since no later than it says', () => {
    const ledger = new UsageLedger(DEFAULT_WASTE_SETTINGS);
    for (const nowMs of nows) {
      for (const pod of world.pods) {
        if (statusAt(pod, nowMs) !== 'running') continue;
        const before = sampledWalk(pod, nowMs);
        const now = podIdleNow(pod, nowMs, ledger, MIN_IDLE_MS, { closedUntilMs: nowMs });
        expect({ pod: pod.id, idleGpuCount: now?.idleGpuCount ?? 0 }).toEqual({ pod: pod.id, idleGpuCount: before?.idleGpuCount ?? 0 });
        if (now && before) expect(Math.abs(now.idleSinceMs - before.idleSinceMs)).toBeLessThanOrEqual(MS_PER_HOUR);
      }
    }
  });
});
