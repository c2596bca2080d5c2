/**
 * The waste ledger of the simulated fleet: for each pod over a window, one pass over its
 * sampled telemetry gives its daily ledger rows (domain/waste.ts, judged on the whole window's
 * evidence), and the per-cell activity the over-time chart and the heatmap aggregate. Cached
 * per pod, window and thresholds, so the page's several calls share one computation.
 */
import type { GpuType } from '../domain/catalog';
import type { PodObservation } from '../domain/observation';
import { MS_PER_DAY, startOfUtcDay } from '../domain/units';
import { isIdleEngine, sumWasteFigures, wasteLedger, type PodWaste, type WasteFigures, type WasteSettings } from '../domain/waste';
import { gpuTypes, offers, regions } from './catalog-data';
import type { Pod } from './model';
import { forEachRunningCell, ObservationBuilder, transitionsKey } from './pod-observations';

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

/** One pod's running cells over the window, in time order, with each GPU's engine activity. */
export interface PodCells {
  count: number;
  startMs: Float64Array;
  weightMs: Float64Array;
  /** Engine activity (DCGM_FI_PROF_GR_ENGINE_ACTIVE) in ‰, at [cell × gpuCount + gpu]. */
  enginePermille: Uint16Array;
}

export interface PodAnalysis {
  pod: Pod;
  gpuType: GpuType;
  /** The window's observation: the evidence for the oversized test, and the pod's GPU facts. */
  observation: PodObservation;
  days: PodDayLedger[];
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
export function analysePod(pod: Pod, window: Window, settings: WasteSettings): PodAnalysis | null {
  const key = `${window.fromMs}|${window.toMs}|${window.stepMs}|${settings.idleEngineActive}|${settings.smActiveTarget}|${settings.memoryHeadroom}|${transitionsKey(pod)}`;
  let perPod = cache.get(pod);
  if (perPod?.has(key)) return perPod.get(key) ?? null;
  const analysis = computeAnalysis(pod, window, settings);
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

function computeAnalysis(pod: Pod, window: Window, settings: WasteSettings): PodAnalysis | null {
  const gpuType = gpuTypeOf(pod);
  const { fromMs, toMs, stepMs } = window;
  const n = pod.gpuCount;
  const whole = new ObservationBuilder(pod.id, n, fromMs, toMs, stepMs, settings.idleEngineActive, false);
  const days = new Map<number, ObservationBuilder>();
  const starts: number[] = [];
  const weights: number[] = [];
  const engines: number[] = [];
  forEachRunningCell(pod, gpuType, fromMs, toMs, stepMs, (cell) => {
    whole.add(cell);
    const day = startOfUtcDay(cell.cellStartMs);
    let daily = days.get(day);
    if (!daily) {
      daily = new ObservationBuilder(pod.id, n, Math.max(fromMs, day), Math.min(toMs, day + MS_PER_DAY), stepMs, settings.idleEngineActive, true, false);
      days.set(day, daily);
    }
    daily.add(cell);
    starts.push(cell.cellStartMs);
    weights.push(cell.weightMs);
    for (const s of cell.samples) engines.push(Math.round(s.DCGM_FI_PROF_GR_ENGINE_ACTIVE * 1000));
  });
  if (starts.length === 0) return null;
  const observation = whole.build();
  const pricing = {
    gpuType,
    rateMicroUsdPerGpuHour: pod.rateMicroUsdPerGpuHour,
    regionId: pod.regionId,
    gpuTypes,
    offers,
    regions,
  };
  const dayLedgers = [...days.entries()].map(([dayStartMs, builder]) => ({
    dayStartMs,
    ledger: wasteLedger(builder.build(), pricing, { settings, tierEvidence: observation }),
  }));
  return {
    pod,
    gpuType,
    observation,
    days: dayLedgers,
    total: sumWasteFigures(dayLedgers.map((d) => d.ledger)),
    cells: {
      count: starts.length,
      startMs: Float64Array.from(starts),
      weightMs: Float64Array.from(weights),
      enginePermille: Uint16Array.from(engines),
    },
  };
}

/** Whether a cell's sample of one GPU reads idle under the thresholds. */
export function cellIdle(cells: PodCells, gpuCount: number, cell: number, gpu: number, settings: WasteSettings): boolean {
  return isIdleEngine((cells.enginePermille[cell * gpuCount + gpu] ?? 0) / 1000, settings.idleEngineActive);
}
