import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { percentile } from './observation';
import { addUsage, BAND_TOPS, bandOfPct, bandQuantilePct, emptyUsageRow, gpuHourUsage, PERIODS_PER_HOUR, USAGE_FIELDS, USAGE_PERIOD_MS, type PeriodUsage, type UsageRates, type UsageRow } from './usage-rollup';
import { bandMemMiB, GpuEvidence, PodEvidence } from './usage-evidence';
import { DEFAULT_WASTE_SETTINGS, ratioPct } from './waste';
import { MS_PER_DAY, MS_PER_HOUR, startOfUtcDay } from './units';

const VRAM_MIB = 80 * 1024;
const rates: UsageRates = { rateMicroUsdPerGpuHour: 3_990_000, cheaperRateMicroUsdPerGpuHour: null, pue: 1.2, gridGCo2ePerKWh: 30, vramMiB: VRAM_MIB };
const values = (row: UsageRow): number[] => USAGE_FIELDS.map((f) => row[f]);

const ratio = fc.integer({ min: 0, max: 1000 }).map((x) => x / 1000);
// Whole seconds of running time, so seconds are exact and the idle tail can be compared to the second.
const period = fc.record({
  runningMs: fc.integer({ min: 0, max: USAGE_PERIOD_MS / 1000 }).map((s) => s * 1000),
  sample: fc.option(
    fc.record({
      // Engine activity near the 5 % idle threshold half the time: idle and busy periods both.
      engineActive: fc.oneof(fc.integer({ min: 0, max: 10 }).map((x) => x / 100), ratio),
      smActive: ratio,
      tensorActive: ratio,
      memUsedMiB: fc.integer({ min: 0, max: VRAM_MIB }),
      powerW: fc.integer({ min: 0, max: 700 }),
    }),
    { freq: 8 },
  ),
});
const hour = fc.array(period, { minLength: 0, maxLength: PERIODS_PER_HOUR });
/** Hours of a window, in time order: each one's periods and its offset in hours from the window's start. */
const window = fc.array(fc.tuple(hour, fc.integer({ min: 1, max: 30 })), { maxLength: 60 }).map((hs) => {
  let at = 0;
  return hs.map(([periods, gap]) => {
    at += gap;
    return { startMs: Date.UTC(2026, 9, 1) + at * MS_PER_HOUR, periods };
  });
});

/** The evidence's rule, straight from the periods: nearest-rank p95 of whole percents, up to its band's top. */
const bandedP95 = (pcts: number[]): number => (pcts.length === 0 ? 0 : (BAND_TOPS[bandOfPct(percentile(pcts, 95))] ?? 100));

describe('evidence from usage rows', () => {
  it('reads a band quantile as the top of the band holding the nearest-rank percentile', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 400 }), fc.integer({ min: 1, max: 100 }), (pcts, p) => {
        const counts = new Array<number>(BAND_TOPS.length).fill(0);
        for (const x of pcts) counts[bandOfPct(x)]! += 1;
        const q = bandQuantilePct(counts, p);
        if (pcts.length === 0) {
          expect(q).toBe(0);
          return;
        }
        const exact = percentile(pcts, p);
        expect(q).toBe(BAND_TOPS[bandOfPct(exact)]);
        // Never below the exact percentile, and within its band.
        expect(q).toBeGreaterThanOrEqual(exact);
        expect(q - exact).toBeLessThanOrEqual(10);
      }),
    );
    // The working-GPU test's 5 % is a band edge: a p95 of 4 % reads 4 %, one of 5 % reads 9 %.
    expect(bandQuantilePct([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0].map((_, b) => (b === 0 ? 20 : 0)), 95)).toBe(4);
    expect(bandQuantilePct([0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 95)).toBe(9);
  });

  it('merged from hour rows (or day rows of them) equals a brute-force pass over every 5-minute period', () => {
    fc.assert(
      fc.property(window, (hours) => {
        const rows = hours.map((h) => gpuHourUsage(h.periods, rates, DEFAULT_WASTE_SETTINGS));
        // Hour rows merged one by one, with the span's hour of the week.
        const pod = new PodEvidence('pod', 1, 0, 1);
        rows.forEach((r, i) => pod.addSpan(hours[i]!.startMs, i % 168, 1, values(r), 0));
        const fromHours = pod.build(VRAM_MIB).gpus[0]!;
        // The same hours summed into day rows first (as the ledger stores them), then merged.
        const byDay = new Map<number, UsageRow>();
        rows.forEach((r, i) => {
          const day = startOfUtcDay(hours[i]!.startMs);
          byDay.set(day, addUsage(byDay.get(day) ?? emptyUsageRow(), r));
        });
        const days = new GpuEvidence();
        for (const d of byDay.values()) days.addRow(values(d), 0);
        expect(days.observation(0, VRAM_MIB)).toEqual(fromHours);

        // Brute force over every period.
        const idlePct = ratioPct(DEFAULT_WASTE_SETTINGS.idleEngineActive);
        const sm: number[] = [];
        const tensor: number[] = [];
        const mem: number[] = [];
        const observedDays = new Set<number>();
        let peak = 0;
        let observedMs = 0;
        let idleMs = 0;
        let tailMs = 0;
        for (const h of hours) {
          for (const p of h.periods) {
            if (p.runningMs <= 0) continue;
            if (!p.sample) {
              tailMs = 0;
              continue;
            }
            observedDays.add(startOfUtcDay(h.startMs));
            observedMs += p.runningMs;
            peak = Math.max(peak, p.sample.memUsedMiB);
            mem.push(ratioPct(p.sample.memUsedMiB / VRAM_MIB));
            if (ratioPct(p.sample.engineActive) < idlePct) {
              idleMs += p.runningMs;
              tailMs += p.runningMs;
              continue;
            }
            tailMs = 0;
            sm.push(ratioPct(p.sample.smActive));
            tensor.push(ratioPct(p.sample.tensorActive ?? 0));
          }
        }
        expect(fromHours.p95SmActive).toBe(bandedP95(sm) / 100);
        expect(fromHours.p95TensorActive).toBe(bandedP95(tensor) / 100);
        expect(fromHours.peakMemMiB).toBe(peak);
        expect(fromHours.p95MemMiB).toBe(mem.length === 0 ? 0 : bandMemMiB(bandedP95(mem), VRAM_MIB, peak));
        expect(pod.build(VRAM_MIB).daysObserved).toBe(observedDays.size);
        // Seconds are split by largest remainder within each hour: a second per hour at most.
        expect(Math.abs(fromHours.runningMs - observedMs)).toBeLessThanOrEqual(1000 * hours.length);
        expect(Math.abs(fromHours.idleMs - idleMs)).toBeLessThanOrEqual(1000 * hours.length);
        // The idle tail, to the second, merged by hours or by days.
        const tail = new GpuEvidence();
        for (const r of rows) tail.addRow(values(r), 0);
        expect(tail.idleTailSeconds * 1000).toBe(tailMs);
        expect(days.idleTailSeconds * 1000).toBe(tailMs);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a day of periods in every band without carrying between the packed lanes', () => {
    // 24 hours of 12 periods in one band: 288 periods, the most a day row counts.
    const allBusy: PeriodUsage[] = Array.from({ length: PERIODS_PER_HOUR }, () => ({ runningMs: USAGE_PERIOD_MS, sample: { engineActive: 0.9, smActive: 0.33, tensorActive: 0.02, memUsedMiB: VRAM_MIB, powerW: 600 } }));
    let day = emptyUsageRow();
    for (let h = 0; h < 24; h++) day = addUsage(day, gpuHourUsage(allBusy, rates, DEFAULT_WASTE_SETTINGS));
    const g = new GpuEvidence();
    g.addRow(values(day), 0);
    expect(g.busySm[bandOfPct(33)]).toBe(288);
    expect(g.busyTensor[bandOfPct(2)]).toBe(288);
    expect(g.mem[bandOfPct(100)]).toBe(288);
    expect(g.observation(0, VRAM_MIB)).toMatchObject({ p95SmActive: 0.39, p95TensorActive: 0.04, p95MemMiB: VRAM_MIB, peakMemMiB: VRAM_MIB, runningMs: MS_PER_DAY });
  });

  it('reads an hour’s idle share by its hour of the week, and days by the periods observed', () => {
    const idle: PeriodUsage = { runningMs: USAGE_PERIOD_MS, sample: { engineActive: 0.01, smActive: 0, memUsedMiB: 1000, powerW: 80 } };
    const busy: PeriodUsage = { runningMs: USAGE_PERIOD_MS, sample: { engineActive: 0.8, smActive: 0.5, memUsedMiB: 9000, powerW: 500 } };
    const unobserved: PeriodUsage = { runningMs: USAGE_PERIOD_MS, sample: null };
    const pod = new PodEvidence('pod', 1, 0, 1);
    const start = Date.UTC(2026, 9, 5);
    pod.addSpan(start, 10, 1, values(gpuHourUsage([...Array(9).fill(idle), ...Array(3).fill(busy)] as PeriodUsage[], rates, DEFAULT_WASTE_SETTINGS)), 0);
    pod.addSpan(start + MS_PER_DAY, 11, 1, values(gpuHourUsage(Array(12).fill(unobserved) as PeriodUsage[], rates, DEFAULT_WASTE_SETTINGS)), 0);
    const o = pod.build(VRAM_MIB);
    expect(o.idleShareByHourOfWeek[10]).toBe(0.75);
    expect(o.idleShareByHourOfWeek[11]).toBeNull();
    expect(o.daysObserved).toBe(1);
    expect(o.sampleMs).toBe(USAGE_PERIOD_MS);
  });
});
