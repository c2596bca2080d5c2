import { describe, expect, it } from 'vitest';
import { generateWorld, DEFAULT_ANCHOR_MS } from './world';
import { gpuTypes } from './catalog-data';
import { runningIntervals } from './lifecycle';
import { observePod } from './pod-observations';
import { SAMPLE_PERIOD_MS } from './telemetry';
import { UsageLedger } from './usage-ledger';
import { podObservationFromRows } from './usage-read';
import { BAND_TOPS, bandOfPct } from '../domain/usage-rollup';
import { bandMemMiB } from '../domain/usage-evidence';
import { DEFAULT_WASTE_SETTINGS, ratioPct } from '../domain/waste';
import { MS_PER_DAY, MS_PER_HOUR } from '../domain/units';

/** The band rule applied to an exact nearest-rank percentile (floor to whole percent is monotone). */
const banded = (ratio: number): number => (BAND_TOPS[bandOfPct(ratioPct(ratio))] ?? 100) / 100;

describe('recommendations’ evidence from usage rows', () => {
  it('equals the observation of every 5-minute period of the 30-day window, its p95s read by band', () => {
    const world = generateWorld({ realNowMs: DEFAULT_ANCHOR_MS });
    const asOfMs = Math.floor(DEFAULT_ANCHOR_MS / MS_PER_HOUR) * MS_PER_HOUR;
    const windowStartMs = asOfMs - 30 * MS_PER_DAY;
    const ledger = new UsageLedger(DEFAULT_WASTE_SETTINGS);
    const pods = world.pods.filter((p) => runningIntervals(p, windowStartMs, asOfMs).length > 0).slice(0, 24);
    expect(pods.length).toBeGreaterThan(10);
    for (const pod of pods) {
      const gpuType = gpuTypes.find((g) => g.id === pod.gpuTypeId)!;
      const fromMs = Math.max(windowStartMs, pod.createdAtMs);
      const rows = podObservationFromRows([{ fromMs, toMs: asOfMs, ledger }], pod, gpuType, { closedUntilMs: asOfMs });
      // Brute force: a sample from every 5-minute period (the observation's grid at the telemetry's own step).
      const every = observePod(pod, gpuType, fromMs, asOfMs, { sampleMs: SAMPLE_PERIOD_MS });
      const hours = Math.ceil((asOfMs - fromMs) / MS_PER_HOUR);
      expect(rows.daysObserved).toBe(every.daysObserved);
      expect(rows.gpus.length).toBe(every.gpus.length);
      rows.gpus.forEach((g, i) => {
        const e = every.gpus[i]!;
        expect(g.peakMemMiB).toBe(e.peakMemMiB);
        expect(g.p95SmActive).toBe(e.runningMs > e.idleMs ? banded(e.p95SmActive) : 0);
        expect(g.p95TensorActive).toBe(e.runningMs > e.idleMs ? banded(e.p95TensorActive) : 0);
        expect(g.p95MemMiB).toBe(bandMemMiB(banded(e.p95MemMiB / (gpuType.vramGiB * 1024)) * 100, gpuType.vramGiB * 1024, e.peakMemMiB));
        // Seconds, split within each hour's row: a second an hour at most.
        expect(Math.abs(g.runningMs - e.runningMs)).toBeLessThanOrEqual(1000 * hours);
        expect(Math.abs(g.idleMs - e.idleMs)).toBeLessThanOrEqual(1000 * hours);
      });
      every.idleShareByHourOfWeek.forEach((share, h) => {
        const fromRows = rows.idleShareByHourOfWeek[h];
        if (share === null) expect(fromRows).toBeNull();
        else expect(Math.abs((fromRows ?? -1) - share)).toBeLessThan(0.002);
      });
    }
  });
});
