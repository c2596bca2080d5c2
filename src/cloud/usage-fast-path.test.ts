import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateWorld, DEFAULT_ANCHOR_MS } from './world';
import { gpuTypes } from './catalog-data';
import { gpuSample, SAMPLE_PERIOD_MS, usageSamplesInto } from './telemetry';
import type { Archetype } from './model';
import { gpuHourUsageInto, hourColumns, hourEvidence, USAGE_FIELDS, type UsageRates } from '../domain/usage-rollup';
import type { WasteSettings } from '../domain/waste';

const world = generateWorld({ realNowMs: DEFAULT_ANCHOR_MS, preset: 'large' });
const ARCHETYPES: readonly Archetype[] = ['training', 'notebook', 'inference', 'hoarder', 'small-model', 'forgotten'];
/** A few pods of each archetype, with several GPUs where there are (the hoarder's GPU 0 differs from its others). */
const pods = ARCHETYPES.flatMap((a) => world.pods.filter((p) => p.archetype === a).slice(0, 6));
const anchorBucket = Math.floor(DEFAULT_ANCHOR_MS / SAMPLE_PERIOD_MS);

describe('the usage ledger fast path gives the same numbers as the one rule', () => {
  it('usageSamplesInto: every period of every archetype reads what gpuSample reads, to the bit', () => {
    expect(new Set(pods.map((p) => p.archetype)).size).toBe(ARCHETYPES.length);
    const out = hourColumns();
    const buckets = new Int32Array(12);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: pods.length - 1 }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: -120 * 288, max: 288 }), fc.integer({ min: 1, max: 12 }), (i, gpuPick, back, count) => {
        const pod = pods[i]!;
        const gpu = gpuTypes.find((g) => g.id === pod.gpuTypeId)!;
        const gpuIndex = gpuPick % Math.max(1, pod.gpuCount);
        for (let k = 0; k < count; k++) buckets[k] = anchorBucket + back + k * 3;
        usageSamplesInto(pod, gpu, gpuIndex, buckets, count, out);
        for (let k = 0; k < count; k++) {
          // Any moment of the period reads the period's sample.
          const s = gpuSample(pod, gpu, gpuIndex, buckets[k]! * SAMPLE_PERIOD_MS + ((k * 37_000) % SAMPLE_PERIOD_MS));
          expect([out.engineActive[k], out.smActive[k], out.memUsedMiB[k], out.powerW[k], out.tensorActive[k]]).toEqual([
            s.DCGM_FI_PROF_GR_ENGINE_ACTIVE,
            s.DCGM_FI_PROF_SM_ACTIVE,
            s.DCGM_FI_DEV_FB_USED,
            s.DCGM_FI_DEV_POWER_USAGE,
            s.DCGM_FI_PROF_PIPE_TENSOR_ACTIVE,
          ]);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('gpuHourUsageInto judging the evidence itself writes the row hourEvidence and a given cheaper rate write', () => {
    const period = fc.record({
      runningMs: fc.oneof(fc.constant(SAMPLE_PERIOD_MS), fc.integer({ min: 0, max: SAMPLE_PERIOD_MS })),
      observed: fc.boolean(),
      engine: fc.integer({ min: 0, max: 1000 }),
      sm: fc.integer({ min: 0, max: 1000 }),
      tensor: fc.integer({ min: 0, max: 1000 }),
      mem: fc.integer({ min: 0, max: 82_000 }),
      power: fc.integer({ min: 0, max: 7000 }),
    });
    const settings = fc.record({ idleEngineActive: fc.integer({ min: 0, max: 30 }).map((x) => x / 100), smActiveTarget: fc.integer({ min: 0, max: 90 }).map((x) => x / 100), memoryHeadroom: fc.constant(1.2) });
    fc.assert(
      fc.property(fc.array(period, { minLength: 0, maxLength: 12 }), settings, fc.integer({ min: 0, max: 4 }), (periods, s: WasteSettings, tier) => {
        const c = hourColumns();
        c.count = periods.length;
        periods.forEach((p, i) => {
          c.runningMs[i] = p.runningMs;
          c.observed[i] = p.observed ? 1 : 0;
          c.engineActive[i] = p.engine / 1000;
          c.smActive[i] = p.sm / 1000;
          c.tensorActive[i] = p.tensor / 1000;
          c.memUsedMiB[i] = p.mem;
          c.powerW[i] = p.power / 10;
        });
        // A tier-fit stand-in that depends on both figures of the evidence.
        const fit = { cheaperRate: (peak: number, p95: number) => (tier === 0 ? null : Math.round(1_000_000 * tier + peak * 3 + p95 * 1_000_000)) };
        const rates: UsageRates = { rateMicroUsdPerGpuHour: 6_000_000, cheaperRateMicroUsdPerGpuHour: null, pue: 1.3, gridGCo2ePerKWh: 400, vramMiB: 81_920 };
        const evidence = hourEvidence(c, s);
        const given: UsageRates = { ...rates, cheaperRateMicroUsdPerGpuHour: evidence.observed ? fit.cheaperRate(evidence.peakMemMiB, evidence.p95SmActive) : null };
        const want = new Array<number>(USAGE_FIELDS.length).fill(0);
        gpuHourUsageInto(c, given, s, want, 0);
        const got = new Int32Array(USAGE_FIELDS.length);
        gpuHourUsageInto(c, rates, s, got, 0, fit);
        expect(Array.from(got)).toEqual(want);
      }),
      { numRuns: 500 },
    );
  });
});
