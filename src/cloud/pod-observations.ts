/**
 * What a pod's GPUs did over a window, summarised from its DCGM telemetry (the simulator's, or
 * a GpuSampler's such as a server's Prometheus): the PodObservation the waste ledger and the
 * recommendations read. Samples are taken on a grid whose step grows with the window (about 400
 * samples per GPU at most), so a 30-day look at the large preset stays a few million samples;
 * the simulator's observations are cached per pod and window. A period the sampler has no
 * sample for is unobserved: it adds no evidence, and the ledger bills it without calling it waste.
 */
import type { GpuType } from '../domain/catalog';
import { percentile, type ActivityCell, type GpuObservation, type PodObservation } from '../domain/observation';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, startOfUtcDay } from '../domain/units';
import { DEFAULT_WASTE_SETTINGS, isIdleEngine, ratioPct } from '../domain/waste';
import { gpuCountSegments } from './billing';
import { runningIntervals, type Interval } from './lifecycle';
import type { Pod } from './model';
import { gpuSample, SAMPLE_PERIOD_MS, type GpuSample, type GpuSampler } from './telemetry';

export interface ObserveOptions {
  /** Spacing of the samples; defaults to observationStepMs(toMs − fromMs). */
  sampleMs?: number;
  /** Engine activity below which a sample counts as idle (idleMs, busy percentiles, idle by hour). */
  idleEngineActive?: number;
  /** Include the (engine %, SM %) time histogram the ledger uses to apply other thresholds. */
  withActivity?: boolean;
  /** Where the samples come from (CloudContext.telemetry); default the simulator's. */
  telemetry?: GpuSampler;
}

/** Steps that divide a day, so no sample straddles two daily ledger rows. */
const STEP_MINUTES = [5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440];
/** Samples per GPU a window may take: 24 h at 5 min, 7 d at 30 min, 30 d at 2 h, 90 d at 6 h. */
export const MAX_SAMPLES_PER_GPU = 400;

/** The sampling step for a window: the finest step (never below the telemetry's 5 minutes) within the budget. */
export function observationStepMs(windowMs: number): number {
  for (const minutes of STEP_MINUTES) {
    const stepMs = minutes * MS_PER_MINUTE;
    if (stepMs >= SAMPLE_PERIOD_MS && Math.ceil(windowMs / stepMs) <= MAX_SAMPLES_PER_GPU) return stepMs;
  }
  return MS_PER_DAY;
}

/** One grid cell of a pod's running time within a window, with one sample per GPU. */
export interface RunningCell {
  /** Start of the grid cell (a multiple of the step since the epoch). */
  cellStartMs: number;
  /** Running time inside both the cell and the window: the samples' weight. */
  weightMs: number;
  /**
   * Each GPU's running time in the cell, where it differs between them: only in a cell holding a
   * change of the pod's GPU count (a GPU that was not there did not run). Absent: all weightMs.
   */
  gpuWeightsMs?: number[];
  /** When the samples were taken: the middle of the longest running stretch in the cell. */
  sampleAtMs: number;
  /**
   * One per GPU that ran in the cell (as many as the pod had then: its count may have been
   * changed in place, see gpuCountHistory); null where the sampler has none (the GPU's time in
   * the cell is unobserved).
   */
  samples: Array<GpuSample | null>;
}

/** A running interval with the pod's GPU count in it. */
export interface CountedRun extends Interval {
  gpuCount: number;
}

/** The pod's running intervals in [fromMs, toMs), split where its GPU count changed. */
export function countedRuns(pod: Pod, fromMs: number, toMs: number): CountedRun[] {
  const runs = runningIntervals(pod, fromMs, toMs);
  if (!pod.gpuCountHistory?.length) return runs.map((r) => ({ ...r, gpuCount: pod.gpuCount }));
  return runs.flatMap((r) => gpuCountSegments(pod, r.startMs, r.endMs));
}

/** The most GPUs the pod had while running in [fromMs, toMs) (its count, unless that was changed in place). */
export function maxGpuCount(pod: Pod, fromMs: number, toMs: number): number {
  if (!pod.gpuCountHistory?.length) return pod.gpuCount;
  return countedRuns(pod, fromMs, toMs).reduce((n, r) => Math.max(n, r.gpuCount), 0);
}

/**
 * Visits, in time order, every grid cell of [fromMs, toMs) in which the pod ran. Running time is
 * exact (from the pod's transitions); activity is the sample in the middle of the running stretch.
 */
export function forEachRunningCell(
  pod: Pod,
  gpuType: GpuType,
  fromMs: number,
  toMs: number,
  stepMs: number,
  visit: (cell: RunningCell) => void,
  sample: GpuSampler,
): void {
  const runs = countedRuns(pod, fromMs, toMs);
  let runIndex = 0;
  for (const run of runs) {
    for (let cellStartMs = Math.floor(run.startMs / stepMs) * stepMs; cellStartMs < run.endMs; cellStartMs += stepMs) {
      // A cell visited for an earlier run is not visited again.
      if (runIndex > 0 && cellStartMs < (runs[runIndex - 1]?.endMs ?? 0)) continue;
      const cellEndMs = cellStartMs + stepMs;
      const { weightMs, longest, gpuCount, gpuWeightsMs } = overlapWith(runs, runIndex, cellStartMs, cellEndMs);
      if (weightMs <= 0) continue;
      const sampleAtMs = Math.floor((longest.startMs + longest.endMs) / 2);
      const samples: Array<GpuSample | null> = [];
      for (let g = 0; g < gpuCount; g++) samples.push(sample(pod, gpuType, g, sampleAtMs));
      visit(gpuWeightsMs ? { cellStartMs, weightMs, gpuWeightsMs, sampleAtMs, samples } : { cellStartMs, weightMs, sampleAtMs, samples });
    }
    runIndex++;
  }
}

interface Overlap {
  weightMs: number;
  longest: Interval;
  /** The most GPUs running in the cell. */
  gpuCount: number;
  /** Per GPU, where the count changed inside the cell. */
  gpuWeightsMs: number[] | null;
}

function overlapWith(runs: CountedRun[], fromIndex: number, cellStartMs: number, cellEndMs: number): Overlap {
  let weightMs = 0;
  let longest: Interval = { startMs: cellStartMs, endMs: cellStartMs };
  let gpuCount = 0;
  let mixed = false;
  for (let i = fromIndex; i < runs.length; i++) {
    const r = runs[i];
    if (!r || r.startMs >= cellEndMs) break;
    const s = Math.max(r.startMs, cellStartMs);
    const e = Math.min(r.endMs, cellEndMs);
    if (e <= s) continue;
    if (gpuCount > 0 && r.gpuCount !== gpuCount) mixed = true;
    gpuCount = Math.max(gpuCount, r.gpuCount);
    weightMs += e - s;
    if (e - s > longest.endMs - longest.startMs) longest = { startMs: s, endMs: e };
  }
  if (!mixed) return { weightMs, longest, gpuCount, gpuWeightsMs: null };
  // A GPU counts only the stretches in which the pod had it.
  const gpuWeightsMs = Array.from({ length: gpuCount }, () => 0);
  for (let i = fromIndex; i < runs.length; i++) {
    const r = runs[i];
    if (!r || r.startMs >= cellEndMs) break;
    const ms = Math.min(r.endMs, cellEndMs) - Math.max(r.startMs, cellStartMs);
    if (ms > 0) for (let g = 0; g < r.gpuCount; g++) gpuWeightsMs[g] = (gpuWeightsMs[g] ?? 0) + ms;
  }
  return { weightMs, longest, gpuCount, gpuWeightsMs };
}

/** Accumulates one pod's samples into a PodObservation. */
export class ObservationBuilder {
  private readonly gpus: GpuAccumulator[];
  private readonly days = new Set<number>();
  private readonly idleByHour: Float64Array;
  private readonly runningByHour: Float64Array;

  constructor(
    private readonly podId: string,
    gpuCount: number,
    private readonly fromMs: number,
    private readonly toMs: number,
    private readonly stepMs: number,
    private readonly idleEngineActive: number,
    private readonly withActivity: boolean,
    /**
     * Without distributions the builder skips what only a whole window needs (percentiles, idle
     * share by hour): a daily ledger row reads its activity and takes its evidence from the window.
     */
    private readonly withDistributions = true,
  ) {
    this.gpus = Array.from({ length: gpuCount }, () => new GpuAccumulator(withActivity, withDistributions));
    this.idleByHour = new Float64Array(withDistributions ? 168 : 0);
    this.runningByHour = new Float64Array(withDistributions ? 168 : 0);
  }

  add(cell: RunningCell): void {
    const hour = this.withDistributions ? montrealHourOfWeek(cell.sampleAtMs) : 0;
    const samples = cell.samples;
    let observed = false;
    // A builder of fewer GPUs than ran (an observation of the pod as it is now) leaves the others out.
    const n = Math.min(samples.length, this.gpus.length);
    for (let g = 0; g < n; g++) {
      const s = samples[g];
      const weightMs = cell.gpuWeightsMs?.[g] ?? cell.weightMs;
      if (weightMs <= 0) continue;
      if (!s) {
        // No sample: no evidence of what the GPU did, so its time is kept apart (unobservedMs).
        this.gpus[g]?.addUnobserved(weightMs);
        continue;
      }
      observed = true;
      const idle = isIdleEngine(s.DCGM_FI_PROF_GR_ENGINE_ACTIVE, this.idleEngineActive);
      this.gpus[g]?.add(s, weightMs, idle);
      if (this.withDistributions) {
        this.runningByHour[hour] = (this.runningByHour[hour] ?? 0) + weightMs;
        if (idle) this.idleByHour[hour] = (this.idleByHour[hour] ?? 0) + weightMs;
      }
    }
    if (observed) this.days.add(startOfUtcDay(cell.cellStartMs));
  }

  /**
   * Each GPU's running time without a sample (0 with the simulator's telemetry): not part of the
   * observation, whose runningMs and means are the observed time's, but billed all the same.
   */
  unobservedMs(): number[] {
    return this.gpus.map((g) => g.unobservedMs);
  }

  build(): PodObservation {
    const idleShareByHourOfWeek: Array<number | null> = [];
    for (let h = 0; h < this.runningByHour.length; h++) {
      const running = this.runningByHour[h] ?? 0;
      idleShareByHourOfWeek.push(running > 0 ? (this.idleByHour[h] ?? 0) / running : null);
    }
    return {
      podId: this.podId,
      fromMs: this.fromMs,
      toMs: this.toMs,
      sampleMs: this.stepMs,
      gpus: this.gpus.map((g, gpuIndex) => g.build(gpuIndex, this.withActivity)),
      daysObserved: this.days.size,
      idleShareByHourOfWeek,
    };
  }
}

class GpuAccumulator {
  runningMs = 0;
  unobservedMs = 0;
  idleMs = 0;
  engineMs = 0;
  smMs = 0;
  peakMemMiB = 0;
  readonly mem: number[] = [];
  readonly busySm: number[] = [];
  readonly busyTensor: number[] = [];
  /** The activity histogram's cells and their keys (few per window: a linear search beats a Map). */
  readonly activity: ActivityCell[] | null;
  private readonly activityKeys: number[] = [];

  constructor(
    withActivity: boolean,
    private readonly withDistributions: boolean,
  ) {
    this.activity = withActivity ? [] : null;
  }

  addUnobserved(weightMs: number): void {
    this.unobservedMs += weightMs;
  }

  add(s: GpuSample, weightMs: number, idle: boolean): void {
    const engine = s.DCGM_FI_PROF_GR_ENGINE_ACTIVE;
    const sm = s.DCGM_FI_PROF_SM_ACTIVE;
    this.runningMs += weightMs;
    this.engineMs += engine * weightMs;
    this.smMs += sm * weightMs;
    this.peakMemMiB = Math.max(this.peakMemMiB, s.DCGM_FI_DEV_FB_USED);
    if (idle) this.idleMs += weightMs;
    if (this.withDistributions) {
      this.mem.push(s.DCGM_FI_DEV_FB_USED);
      if (!idle) {
        this.busySm.push(sm);
        this.busyTensor.push(s.DCGM_FI_PROF_PIPE_TENSOR_ACTIVE);
      }
    }
    if (this.activity) {
      const engineActivePct = ratioPct(engine);
      const smActivePct = ratioPct(sm);
      const key = engineActivePct * 101 + smActivePct;
      const index = this.activityKeys.indexOf(key);
      const cell = index >= 0 ? this.activity[index] : undefined;
      if (cell) {
        cell.ms += weightMs;
        cell.smActiveMs += sm * weightMs;
      } else {
        this.activityKeys.push(key);
        this.activity.push({ engineActivePct, smActivePct, ms: weightMs, smActiveMs: sm * weightMs });
      }
    }
  }

  build(gpuIndex: number, withActivity: boolean): GpuObservation {
    const r = this.runningMs;
    return {
      gpuIndex,
      runningMs: r,
      idleMs: this.idleMs,
      meanEngineActive: r > 0 ? this.engineMs / r : 0,
      meanSmActive: r > 0 ? this.smMs / r : 0,
      peakMemMiB: this.peakMemMiB,
      p95MemMiB: percentile(this.mem, 95),
      p95SmActive: percentile(this.busySm, 95),
      p95TensorActive: percentile(this.busyTensor, 95),
      ...(withActivity && this.activity ? { activity: this.activity } : {}),
    };
  }
}

/** Hour of the week (0 = Sunday 00:00) in Montréal time, with Canada's daylight-saving rules. */
export function montrealHourOfWeek(tMs: number): number {
  // The epoch fell on a Thursday, 96 hours into its week.
  const hours = Math.floor((tMs + montrealOffsetMs(tMs)) / MS_PER_HOUR) + 96;
  return ((hours % 168) + 168) % 168;
}

const dstByYear = new Map<number, { startMs: number; endMs: number }>();
let lastYear = { fromMs: 0, toMs: -1, year: 0 };

/**
 * UTC offset of America/Montreal: −4 h from the second Sunday of March, 07:00 UTC, to the first
 * Sunday of November, 06:00 UTC (Canada and the US since 2007), −5 h otherwise.
 */
function montrealOffsetMs(tMs: number): number {
  if (tMs < lastYear.fromMs || tMs >= lastYear.toMs) {
    const y = new Date(tMs).getUTCFullYear();
    lastYear = { fromMs: Date.UTC(y, 0, 1), toMs: Date.UTC(y + 1, 0, 1), year: y };
  }
  const year = lastYear.year;
  let dst = dstByYear.get(year);
  if (!dst) {
    const nthSunday = (month: number, n: number): number => {
      const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
      return 1 + ((7 - first) % 7) + (n - 1) * 7;
    };
    dst = {
      startMs: Date.UTC(year, 2, nthSunday(2, 2), 7),
      endMs: Date.UTC(year, 10, nthSunday(10, 1), 6),
    };
    dstByYear.set(year, dst);
  }
  return (tMs >= dst.startMs && tMs < dst.endMs ? -4 : -5) * MS_PER_HOUR;
}

/** Cached observations of the simulator's telemetry, per pod object (a new world drops them) and window. */
const cache = new WeakMap<Pod, Map<string, PodObservation>>();
/** Windows kept per pod: enough for a page's current and previous periods at a few ranges. */
const WINDOWS_PER_POD = 8;

/** A pod's observation over [fromMs, toMs): what its GPUs did while it ran. */
export function observePod(pod: Pod, gpuType: GpuType, fromMs: number, toMs: number, options: ObserveOptions = {}): PodObservation {
  const stepMs = options.sampleMs ?? observationStepMs(toMs - fromMs);
  const idleEngineActive = options.idleEngineActive ?? DEFAULT_WASTE_SETTINGS.idleEngineActive;
  const withActivity = options.withActivity ?? false;
  const sample = options.telemetry ?? gpuSample;
  const build = (): PodObservation => {
    const builder = new ObservationBuilder(pod.id, pod.gpuCount, fromMs, toMs, stepMs, idleEngineActive, withActivity);
    forEachRunningCell(pod, gpuType, fromMs, toMs, stepMs, (cell) => builder.add(cell), sample);
    return builder.build();
  };
  // Only the simulator's samples are a function of the pod alone; another sampler's are the request's.
  if (sample !== gpuSample) return build();
  const key = `${fromMs}|${toMs}|${stepMs}|${idleEngineActive}|${withActivity}|${transitionsKey(pod)}`;
  let perPod = cache.get(pod);
  const hit = perPod?.get(key);
  if (hit) return hit;
  const observation = build();
  if (!perPod) {
    perPod = new Map();
    cache.set(pod, perPod);
  }
  if (perPod.size >= WINDOWS_PER_POD) {
    const oldest = perPod.keys().next().value;
    if (oldest !== undefined) perPod.delete(oldest);
  }
  perPod.set(key, observation);
  return observation;
}

/** Changes whenever the pod's lifecycle does (a stop, a start), so a cached window is never stale. */
export function transitionsKey(pod: Pod): string {
  const last = pod.transitions[pod.transitions.length - 1];
  // A GPU count changed while the pod was stopped adds no transition, only history.
  return `${pod.transitions.length}:${last?.atMs ?? 0}:${last?.status ?? ''}:${pod.gpuCountHistory?.length ?? 0}`;
}
