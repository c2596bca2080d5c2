/**
 * The recommendations' evidence from usage rows (usage-rollup.ts), not from sampled telemetry:
 * a pod's PodObservation over any window is a merge of its GPU-hour rows (and day rows, which
 * are their sums), the still-open hour computed live like any other row. Every figure the
 * recommendation rules read comes from every 5-minute period of the window:
 *
 * - running time (observed) and idle time: sums of seconds;
 * - peak memory: the max;
 * - p95 SM and tensor activity over busy periods and p95 memory over observed periods: from the
 *   rows' band counts, as the band quantile (bandQuantilePct): the nearest-rank 95th percentile
 *   of the periods' whole-percent values, rounded up to the highest whole percent of its band
 *   (bands 0-4, 5-9, 10-14, 15-19, then ten points, the last 90-100). Memory's percent is of the
 *   GPU's memory, and its p95 never reads above the peak;
 * - days observed: UTC days with an observed period; idle share by hour of the week: the idle
 *   seconds of the hour rows over their observed seconds (the caller names each hour's hour of
 *   the week, a fact of the calendar).
 */
import type { GpuObservation, PodObservation } from './observation';
import { startOfUtcDay } from './units';
import { addPackedBands, BAND_COUNT, bandQuantilePct, FIELD_INDEX as F, tailAfter, USAGE_FIELDS, USAGE_PERIOD_MS } from './usage-rollup';

/** The percentile the evidence states. */
export const EVIDENCE_PERCENTILE = 95;
const FIELDS = USAGE_FIELDS.length;
const HOURS_PER_WEEK = 168;

/** The memory a band quantile stands for: its share of the GPU's memory, never above the peak. */
export function bandMemMiB(pct: number, vramMiB: number, peakMemMiB: number): number {
  return Math.min(peakMemMiB, Math.round((pct / 100) * vramMiB));
}

/** One GPU's rows merged: sums, the peak, the band counts, the idle tail (rows added in time order). */
export class GpuEvidence {
  allocatedSeconds = 0;
  observedSeconds = 0;
  idleSeconds = 0;
  engineActiveSeconds = 0;
  smActiveSeconds = 0;
  peakMemMiB = 0;
  idleTailSeconds = 0;
  readonly busySm = new Float64Array(BAND_COUNT);
  readonly busyTensor = new Float64Array(BAND_COUNT);
  readonly mem = new Float64Array(BAND_COUNT);

  /** Adds one row (USAGE_FIELDS numbers from at), later in time than those added before. */
  addRow(values: ArrayLike<number>, at: number): void {
    const v = (f: number): number => values[at + f] ?? 0;
    const allocated = v(F.allocatedSeconds);
    this.idleTailSeconds = tailAfter(this.idleTailSeconds, v(F.idleTailSeconds), allocated);
    this.allocatedSeconds += allocated;
    this.observedSeconds += allocated - v(F.unobservedSeconds);
    this.idleSeconds += v(F.idleSeconds);
    this.engineActiveSeconds += v(F.engineActiveSeconds);
    this.smActiveSeconds += v(F.smActiveSeconds);
    this.peakMemMiB = Math.max(this.peakMemMiB, v(F.peakMemMiB));
    addPackedBands(this.busySm, values, at + F.busySmBands0);
    addPackedBands(this.busyTensor, values, at + F.busyTensorBands0);
    addPackedBands(this.mem, values, at + F.memBands0);
  }

  /**
   * The GPU's observation (observation.ts) over the rows added. gpuFraction: the share of a GPU the
   * rows' GPU is (a MIG slice's g/7): rows count GPU-seconds, the observation its running time.
   */
  observation(gpuIndex: number, vramMiB: number, gpuFraction = 1): GpuObservation {
    const s = this.observedSeconds;
    return {
      gpuIndex,
      runningMs: (s * 1000) / gpuFraction,
      idleMs: (this.idleSeconds * 1000) / gpuFraction,
      meanEngineActive: s > 0 ? this.engineActiveSeconds / s : 0,
      meanSmActive: s > 0 ? this.smActiveSeconds / s : 0,
      peakMemMiB: this.peakMemMiB,
      p95MemMiB: bandMemMiB(bandQuantilePct(this.mem, EVIDENCE_PERCENTILE), vramMiB, this.peakMemMiB),
      p95SmActive: bandQuantilePct(this.busySm, EVIDENCE_PERCENTILE) / 100,
      p95TensorActive: bandQuantilePct(this.busyTensor, EVIDENCE_PERCENTILE) / 100,
    };
  }
}

/** Whether a row has an observed period (any memory band counted). */
function observedPeriodsIn(values: ArrayLike<number>, at: number): boolean {
  for (let k = 0; k < 4; k++) if ((values[at + F.memBands0 + k] ?? 0) !== 0) return true;
  return false;
}

/** A pod's rows over a window merged into the PodObservation the recommendations read. */
export class PodEvidence {
  readonly gpus: GpuEvidence[];
  private readonly days = new Set<number>();
  private readonly idleByHour = new Float64Array(HOURS_PER_WEEK);
  private readonly runningByHour = new Float64Array(HOURS_PER_WEEK);

  /**
   * gpuCount: the GPUs the observation has (the pod's count now); rows of others are left out.
   * gpuFraction: the share of a GPU each is (a MIG slice's compute slices ÷ 7; domain/mig.ts).
   */
  constructor(
    private readonly podId: string,
    gpuCount: number,
    private readonly fromMs: number,
    private readonly toMs: number,
    private readonly gpuFraction = 1,
  ) {
    this.gpus = Array.from({ length: gpuCount }, () => new GpuEvidence());
  }

  /**
   * Adds the rows of one span starting at startMs (gpuCount rows of USAGE_FIELDS numbers from
   * at), in time order. hourOfWeek: the span's hour of the week when it is one hour; null for a
   * longer span (a day row), which then adds nothing to the idle share by hour.
   */
  addSpan(startMs: number, hourOfWeek: number | null, gpuCount: number, values: ArrayLike<number>, at: number): void {
    const n = Math.min(gpuCount, this.gpus.length);
    let observed = false;
    for (let g = 0; g < n; g++) {
      const o = at + g * FIELDS;
      this.gpus[g]?.addRow(values, o);
      if (!observedPeriodsIn(values, o)) continue;
      observed = true;
      if (hourOfWeek !== null) {
        this.runningByHour[hourOfWeek] = (this.runningByHour[hourOfWeek] ?? 0) + (values[o + F.allocatedSeconds] ?? 0) - (values[o + F.unobservedSeconds] ?? 0);
        this.idleByHour[hourOfWeek] = (this.idleByHour[hourOfWeek] ?? 0) + (values[o + F.idleSeconds] ?? 0);
      }
    }
    if (observed) this.days.add(startOfUtcDay(startMs));
  }

  /**
   * Adds what addSpan adds, from sums over rows taken elsewhere (a database): a UTC day with an
   * observed period of the pod's GPUs (those under its count now).
   */
  addObservedDay(dayStartMs: number): void {
    this.days.add(startOfUtcDay(dayStartMs));
  }

  /** Adds, for an hour of the week, observed and idle seconds of hour rows with observed periods (GPUs under the count). */
  addHourOfWeek(hourOfWeek: number, observedSeconds: number, idleSeconds: number): void {
    this.runningByHour[hourOfWeek] = (this.runningByHour[hourOfWeek] ?? 0) + observedSeconds;
    this.idleByHour[hourOfWeek] = (this.idleByHour[hourOfWeek] ?? 0) + idleSeconds;
  }

  /** The observation; vramMiB: the GPU's memory (a slice's), which the memory bands are shares of. */
  build(vramMiB: number): PodObservation {
    const idleShareByHourOfWeek: Array<number | null> = [];
    for (let h = 0; h < HOURS_PER_WEEK; h++) {
      const running = this.runningByHour[h] ?? 0;
      idleShareByHourOfWeek.push(running > 0 ? (this.idleByHour[h] ?? 0) / running : null);
    }
    return {
      podId: this.podId,
      fromMs: this.fromMs,
      toMs: this.toMs,
      sampleMs: USAGE_PERIOD_MS,
      gpus: this.gpus.map((g, gpuIndex) => g.observation(gpuIndex, vramMiB, this.gpuFraction)),
      daysObserved: this.days.size,
      idleShareByHourOfWeek,
    };
  }
}
