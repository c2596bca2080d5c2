/**
 * The waste ledger of the fleet: for each pod over a window, one pass over its sampled
 * telemetry (the simulator's, or the request's GpuSampler) gives its daily ledger rows
 * (domain/waste.ts, judged on the whole window's evidence), and the per-cell activity the
 * over-time chart and the heatmap aggregate. On the simulator's telemetry, cached per pod,
 * window and thresholds, so the page's several calls share one computation. Running time
 * without a sample is billed and counted as productive: no evidence, no waste claimed.
 */
import type { GpuType } from '../domain/catalog';
import { allocateCents, costCentsForDuration } from '../domain/money';
import type { PodObservation } from '../domain/observation';
import { MS_PER_DAY, MS_PER_SECOND, startOfUtcDay } from '../domain/units';
import { addWasteFigures, emptyWasteFigures, isIdleEngine, sumWasteFigures, wasteLedger, type PodWaste, type WasteFigures, type WastePricing, type WasteSettings } from '../domain/waste';
import { gpuTypes, offers, regions } from './catalog-data';
import type { Pod } from './model';
import { forEachRunningCell, maxGpuCount, ObservationBuilder, transitionsKey, type RunningCell } from './pod-observations';
import { gpuSample, type GpuSampler } from './telemetry';
import { yieldToEventLoop } from './next-task';

export interface Window {
  fromMs: number;
  toMs: number;
  /** Sample spacing (pod-observations.ts's observationStepMs for the window's length). */
  stepMs: number;
}

export interface PodDayLedger {
  dayStartMs: number;
  ledger: PodWaste;
}

/**
 * A pod's daily ledger rows, flat: row i's figures are FIGURE_FIELDS numbers from
 * i × FIGURE_FIELDS (thousands of pods × days as objects would weigh on memory).
 */
export interface PodDays {
  count: number;
  dayStartMs: Float64Array;
  figures: Float64Array;
}

const FIGURE_FIELDS = 11;

function writeFigures(into: Float64Array, row: number, f: WasteFigures): void {
  const o = row * FIGURE_FIELDS;
  into.set(
    [
      f.allocatedGpuSeconds, f.activeGpuSeconds, f.spendCents, f.productive.gpuSeconds, f.productive.cents,
      f.waste.idle.gpuSeconds, f.waste.idle.cents, f.waste.underUsed.gpuSeconds, f.waste.underUsed.cents,
      f.waste.oversized.gpuSeconds, f.waste.oversized.cents,
    ],
    o,
  );
}

/** Adds day row i of a pod into a ledger. */
export function addDay(into: WasteFigures, days: PodDays, row: number): WasteFigures {
  const d = days.figures;
  const o = row * FIGURE_FIELDS;
  const at = (k: number): number => d[o + k] ?? 0;
  into.allocatedGpuSeconds += at(0);
  into.activeGpuSeconds += at(1);
  into.spendCents += at(2);
  into.productive.gpuSeconds += at(3);
  into.productive.cents += at(4);
  into.waste.idle.gpuSeconds += at(5);
  into.waste.idle.cents += at(6);
  into.waste.underUsed.gpuSeconds += at(7);
  into.waste.underUsed.cents += at(8);
  into.waste.oversized.gpuSeconds += at(9);
  into.waste.oversized.cents += at(10);
  return into;
}

/** One pod's running cells over the window, in time order, with each GPU's engine activity. */
export interface PodCells {
  count: number;
  startMs: Float64Array;
  weightMs: Float64Array;
  /**
   * Engine activity (DCGM_FI_PROF_GR_ENGINE_ACTIVE) in ‰, at [cell × gpuCount + gpu] (the
   * analysis' gpuCount); UNOBSERVED where there was no sample, ABSENT where the pod did not have
   * that GPU then (its count was changed in place).
   */
  enginePermille: Uint16Array;
}

/** enginePermille of a cell whose GPU had no sample (real values are 0-1000). */
export const UNOBSERVED = 0xffff;
/** enginePermille of a GPU the pod did not have in that cell. */
export const ABSENT = 0xfffe;

export interface PodAnalysis {
  pod: Pod;
  gpuType: GpuType;
  /** The window's observation: the evidence for the oversized test, and the pod's GPU facts. */
  observation: PodObservation;
  /** The most GPUs the pod had in the window (its count may have been changed in place): the cells' stride. */
  gpuCount: number;
  days: PodDays;
  total: WasteFigures;
  cells: PodCells;
}

const cache = new WeakMap<Pod, Map<string, PodAnalysis | null>>();
/** Analyses kept per pod: the current and previous periods of a few ranges and thresholds. */
const ANALYSES_PER_POD = 6;

export function gpuTypeOf(pod: Pod): GpuType {
  const gpu = gpuTypes.find((g) => g.id === pod.gpuTypeId);
  if (!gpu) throw new Error(`unknown GPU type ${pod.gpuTypeId}`);
  return gpu;
}

/** A pod's ledger and activity over a window (null when it never ran in it). */
export function analysePod(pod: Pod, window: Window, settings: WasteSettings, sample: GpuSampler): PodAnalysis | null {
  // Only the simulator's samples are a function of the pod alone; another sampler's are the request's.
  if (sample !== gpuSample) return computeAnalysis(pod, window, settings, sample);
  const key = `${window.fromMs}|${window.toMs}|${window.stepMs}|${settings.idleEngineActive}|${settings.smActiveTarget}|${settings.memoryHeadroom}|${transitionsKey(pod)}`;
  let perPod = cache.get(pod);
  if (perPod?.has(key)) return perPod.get(key) ?? null;
  const analysis = computeAnalysis(pod, window, settings, sample);
  if (!perPod) {
    perPod = new Map();
    cache.set(pod, perPod);
  }
  if (perPod.size >= ANALYSES_PER_POD) {
    const oldest = perPod.keys().next().value;
    if (oldest !== undefined) perPod.delete(oldest);
  }
  perPod.set(key, analysis);
  return analysis;
}

interface Pass {
  observation: PodObservation;
  days: Array<{ dayStartMs: number; observation: PodObservation; unobservedMs: number[] }>;
  /** GPUs per cell in engines. */
  gpuCount: number;
  starts: number[];
  weights: number[];
  engines: number[];
}

/** One pass over the pod's samples: the window's observation, each day's, and the cells. */
function samplePass(pod: Pod, gpuType: GpuType, window: Window, settings: WasteSettings, sample: GpuSampler): Pass | null {
  const { fromMs, toMs, stepMs } = window;
  // As many GPUs as the pod ever had in the window: each is billed and judged for the time it ran.
  const n = maxGpuCount(pod, fromMs, toMs);
  const whole = new ObservationBuilder(pod.id, n, fromMs, toMs, stepMs, settings.idleEngineActive, false);
  const days: Array<{ dayStartMs: number; builder: ObservationBuilder }> = [];
  const starts: number[] = [];
  const weights: number[] = [];
  const engines: number[] = [];
  const visit = (cell: RunningCell): void => {
    whole.add(cell);
    const day = startOfUtcDay(cell.cellStartMs);
    let daily = days[days.length - 1];
    if (daily?.dayStartMs !== day) {
      daily = {
        dayStartMs: day,
        builder: new ObservationBuilder(pod.id, n, Math.max(fromMs, day), Math.min(toMs, day + MS_PER_DAY), stepMs, settings.idleEngineActive, true, false),
      };
      days.push(daily);
    }
    daily.builder.add(cell);
    starts.push(cell.cellStartMs);
    weights.push(cell.weightMs);
    for (let g = 0; g < n; g++) {
      const s = cell.samples[g];
      engines.push(g >= cell.samples.length ? ABSENT : s ? Math.round(s.DCGM_FI_PROF_GR_ENGINE_ACTIVE * 1000) : UNOBSERVED);
    }
  };
  forEachRunningCell(pod, gpuType, fromMs, toMs, stepMs, visit, sample);
  if (starts.length === 0) return null;
  return {
    observation: whole.build(),
    days: days.map((d) => ({ dayStartMs: d.dayStartMs, observation: d.builder.build(), unobservedMs: d.builder.unobservedMs() })),
    gpuCount: n,
    starts,
    weights,
    engines,
  };
}

function pricingOf(pod: Pod, gpuType: GpuType): WastePricing {
  return { gpuType, rateMicroUsdPerGpuHour: pod.rateMicroUsdPerGpuHour, regionId: pod.regionId, gpuTypes, offers, regions };
}

/** One day's ledger row: judged on the window's evidence for the oversized test, its unobserved time added. */
function dayLedger(day: Pass['days'][number], pricing: WastePricing, settings: WasteSettings, evidence: PodObservation): PodWaste {
  const ledger = wasteLedger(day.observation, pricing, { settings, tierEvidence: evidence });
  return day.unobservedMs.some((ms) => ms > 0) ? withUnobservedTime(ledger, day.observation, day.unobservedMs, pricing.rateMicroUsdPerGpuHour) : ledger;
}

/**
 * A ledger row with the GPUs' unobserved running time (periods the telemetry has no sample for)
 * added as productive: the pod paid for that time, so spend is what it would be with every
 * sample (billed per whole GPU-second, as wasteLedger bills), but with no evidence of what the
 * GPUs did no waste is claimed for it; it also counts as active. The extra spend is split over
 * the GPUs by their extra seconds (largest remainder), so the parts still add up to the spend.
 */
export function withUnobservedTime(ledger: PodWaste, observation: PodObservation, unobservedMs: readonly number[], rateMicroUsdPerGpuHour: number): PodWaste {
  const extraSeconds = observation.gpus.map((g, i) => {
    const observedMs = Math.max(0, g.runningMs);
    return Math.floor((observedMs + (unobservedMs[i] ?? 0)) / MS_PER_SECOND) - Math.floor(observedMs / MS_PER_SECOND);
  });
  const allocatedGpuSeconds = ledger.allocatedGpuSeconds + extraSeconds.reduce((a, b) => a + b, 0);
  const extraCents = allocateCents(costCentsForDuration(rateMicroUsdPerGpuHour, allocatedGpuSeconds * MS_PER_SECOND) - ledger.spendCents, extraSeconds);
  const gpus = ledger.gpus.map((g, i) => {
    const seconds = extraSeconds[i] ?? 0;
    const cents = extraCents[i] ?? 0;
    return {
      ...g,
      allocatedGpuSeconds: g.allocatedGpuSeconds + seconds,
      activeGpuSeconds: g.activeGpuSeconds + seconds,
      spendCents: g.spendCents + cents,
      productive: { gpuSeconds: g.productive.gpuSeconds + seconds, cents: g.productive.cents + cents },
    };
  });
  return { podId: ledger.podId, fromMs: ledger.fromMs, toMs: ledger.toMs, gpus, ...sumWasteFigures(gpus) };
}

/**
 * One pod's daily ledger rows with every GPU's part (the pod page's ledger): each day judged on
 * the window's evidence for the oversized test.
 */
export function podDayLedgers(pod: Pod, window: Window, settings: WasteSettings, sample: GpuSampler): { observation: PodObservation; days: PodDayLedger[] } | null {
  const gpuType = gpuTypeOf(pod);
  const pass = samplePass(pod, gpuType, window, settings, sample);
  if (!pass) return null;
  const pricing = pricingOf(pod, gpuType);
  return {
    observation: pass.observation,
    days: pass.days.map((d) => ({ dayStartMs: d.dayStartMs, ledger: dayLedger(d, pricing, settings, pass.observation) })),
  };
}

function computeAnalysis(pod: Pod, window: Window, settings: WasteSettings, sample: GpuSampler): PodAnalysis | null {
  const gpuType = gpuTypeOf(pod);
  const pass = samplePass(pod, gpuType, window, settings, sample);
  if (!pass) return null;
  const { observation, starts, weights, engines } = pass;
  const pricing = pricingOf(pod, gpuType);
  const days: PodDays = { count: pass.days.length, dayStartMs: new Float64Array(pass.days.length), figures: new Float64Array(pass.days.length * FIGURE_FIELDS) };
  const total = emptyWasteFigures();
  pass.days.forEach((d, i) => {
    const ledger = dayLedger(d, pricing, settings, observation);
    days.dayStartMs[i] = d.dayStartMs;
    writeFigures(days.figures, i, ledger);
    addWasteFigures(total, ledger);
  });
  return {
    pod,
    gpuType,
    observation,
    gpuCount: pass.gpuCount,
    days,
    total,
    cells: {
      count: starts.length,
      startMs: Float64Array.from(starts),
      weightMs: Float64Array.from(weights),
      enginePermille: Uint16Array.from(engines),
    },
  };
}

/**
 * Whether a cell's sample of one GPU reads idle under the thresholds (an unobserved one does not:
 * the ledger counts it active; nor does a GPU the pod did not have then).
 */
export function cellIdle(cells: PodCells, gpuCount: number, cell: number, gpu: number, settings: WasteSettings): boolean {
  const permille = cells.enginePermille[cell * gpuCount + gpu] ?? 0;
  return permille !== UNOBSERVED && permille !== ABSENT && isIdleEngine(permille / 1000, settings.idleEngineActive);
}

/** Whether the pod had this GPU in the cell (its count may have been changed in place). */
export function cellHasGpu(cells: PodCells, gpuCount: number, cell: number, gpu: number): boolean {
  return cells.enginePermille[cell * gpuCount + gpu] !== ABSENT;
}

/**
 * Longest stretch of work between two yields: the mock shares the browser's main thread. 20 ms
 * keeps a slice under the 50 ms of a long task with a pod's work on top (the large preset's
 * Utilization page: longest task 328 → 184 ms, ready no later; 10 ms made it 15 % later).
 */
const SLICE_MS = 20;

/**
 * Calls fn for each item in slices of about 20 ms with a yield between them, so that in the
 * browser the page keeps answering input while the mock works through the large preset.
 */
export async function forEachSliced<T>(items: readonly T[], fn: (item: T) => void): Promise<void> {
  let sliceStart = performance.now();
  for (const item of items) {
    fn(item);
    if (performance.now() - sliceStart > SLICE_MS) {
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
  }
}

/**
 * The analyses of the pods that ran in the window, computed in slices; concurrent calls share
 * (never repeat) each pod's work through the per-pod cache.
 */
export async function analysePods(pods: readonly Pod[], window: Window, settings: WasteSettings, sample: GpuSampler): Promise<PodAnalysis[]> {
  const out: PodAnalysis[] = [];
  await forEachSliced(pods, (pod) => {
    const a = analysePod(pod, window, settings, sample);
    if (a) out.push(a);
  });
  return out;
}
