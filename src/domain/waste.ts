/**
 * The waste ledger: from what a pod's GPUs did (an observation) and what they cost, how much of
 * the spend bought work and how much leaked, as idle-allocated, under-used and oversized time,
 * in GPU-hours and cents, each moment counted once. One definition for the simulator, the UI's
 * explanations and any server.
 */
import { gpuTflops, type GpuOffer, type GpuType, type Region } from './catalog';
import { allocateCents, costCentsForDuration, type Cents, type MicroUsdPerHour } from './money';
import type { ActivityCell, GpuObservation, PodObservation } from './observation';
import { cheapestFittingTier, DEFAULT_MEMORY_HEADROOM } from './tier-fit';
import { MS_PER_SECOND } from './units';

export interface WasteSettings {
  /**
   * A GPU is idle while DCGM_FI_PROF_GR_ENGINE_ACTIVE is below this share (0-1), applied at
   * whole-percent resolution. Default 0.05: a GPU holding a model but running nothing reads
   * 0-1% (driver housekeeping and monitoring kernels), while any real job, even one starved by
   * its data loader, keeps the engine busy well above 5%. DCGM_FI_DEV_GPU_UTIL is not used: it
   * reads busy whenever any kernel ran in its period (NVIDIA dcgm-exporter #341, docs/dcgm-fields.md).
   */
  idleEngineActive: number;
  /**
   * A busy GPU is under-used while DCGM_FI_PROF_SM_ACTIVE is below this share (0-1); the
   * shortfall (1 − SM activity ÷ target) of that time is waste. Default 0.5: NVIDIA's DCGM
   * user guide (Feature overview → Profiling metrics, SM Activity) says "a value of 0.8 or
   * greater is necessary, but not sufficient, for effective use of the GPU. A value less than
   * 0.5 likely indicates ineffective GPU usage".
   */
  smActiveTarget: number;
  /**
   * A cheaper GPU must hold this multiple of the observed peak memory (tier-fit.ts: the same
   * headroom the cheaper-tier recommendation uses).
   */
  memoryHeadroom: number;
}

export const DEFAULT_WASTE_SETTINGS: WasteSettings = {
  idleEngineActive: 0.05,
  smActiveTarget: 0.5,
  memoryHeadroom: DEFAULT_MEMORY_HEADROOM,
};

/** Whole-percent bin of a DCGM ratio (0-1); the epsilon keeps 0.29 in bin 29 despite binary floats. */
export function ratioPct(ratio: number): number {
  return Math.min(100, Math.max(0, Math.floor(ratio * 100 + 1e-9)));
}

/** Whether a sample's engine activity counts as idle under a threshold, at whole-percent resolution. */
export function isIdleEngine(engineActive: number, idleEngineActive: number): boolean {
  return ratioPct(engineActive) < ratioPct(idleEngineActive);
}

export type WasteCategory = 'idle' | 'underUsed' | 'oversized';
export const WASTE_CATEGORIES: readonly WasteCategory[] = ['idle', 'underUsed', 'oversized'];

/** An amount of GPU time and the money it cost. GPU-seconds are whole, as billing is per second. */
export interface GpuTimeCost {
  gpuSeconds: number;
  cents: Cents;
}

/**
 * The ledger of any scope (a GPU, a pod-day, a project over a month): allocated time and its
 * spend, split into productive use and three waste categories that add up exactly:
 * idle + underUsed + oversized + productive = allocated (GPU-seconds) = spend (cents).
 */
export interface WasteFigures {
  allocatedGpuSeconds: number;
  /** Allocated time with the engine above the idle threshold. */
  activeGpuSeconds: number;
  spendCents: Cents;
  productive: GpuTimeCost;
  waste: Record<WasteCategory, GpuTimeCost>;
}

/** A cheaper GPU the observed work would fit: the oversized category's yardstick. */
export interface CheaperFit {
  gpuTypeId: string;
  regionId: string;
  rateMicroUsdPerGpuHour: MicroUsdPerHour;
}

export interface GpuWaste extends WasteFigures {
  gpuIndex: number;
  cheaperFit: CheaperFit | null;
}

export interface PodWaste extends WasteFigures {
  podId: string;
  fromMs: number;
  toMs: number;
  gpus: GpuWaste[];
}

/** What the pod pays and what else the catalog sells: the prices the ledger needs. */
export interface WastePricing {
  gpuType: GpuType;
  /** The pod's price per GPU-hour, locked at launch. */
  rateMicroUsdPerGpuHour: MicroUsdPerHour;
  regionId: string;
  gpuTypes: readonly GpuType[];
  offers: readonly Pick<GpuOffer, 'gpuTypeId' | 'regionId' | 'rateMicroUsdPerGpuHour'>[];
  regions: readonly Region[];
  allowedRegionIds?: readonly string[];
}

export interface WasteLedgerOptions {
  settings?: Partial<WasteSettings>;
  /**
   * The observation whose peak memory and p95 SM activity decide "a cheaper GPU would do"
   * (default: the observation itself). A daily row judged on the whole period's evidence uses
   * the period's observation, so a quiet day does not make the pod look oversized.
   */
  tierEvidence?: PodObservation;
}

interface GpuSplitMs {
  idle: number;
  underUsed: number;
  oversized: number;
  productive: number;
}

/**
 * A pod's waste ledger over its observation window. Each GPU's running time is split, in this
 * order, so no moment is counted twice:
 * 1. idle: samples with engine activity below the idle threshold (all of that time is waste);
 * 2. under-used: of the busy samples with SM activity below the target, the shortfall
 *    (1 − SM activity ÷ target) of their time;
 * 3. oversized: of the time left, the share a cheaper fitting GPU would have saved,
 *    (1 − its rate ÷ this rate), when cheapestFittingTier finds one for the GPU's peak memory;
 * 4. productive: the rest.
 * Spend is billed per second at the pod's rate (billing.ts's formula), then split first into
 * waste and productive, then waste by category and GPU (largest remainder), so every part is
 * whole cents and GPU-seconds and the parts add up to the whole exactly.
 */
export function wasteLedger(observation: PodObservation, pricing: WastePricing, options: WasteLedgerOptions = {}): PodWaste {
  const settings = { ...DEFAULT_WASTE_SETTINGS, ...options.settings };
  const evidence = options.tierEvidence ?? observation;
  const splits = observation.gpus.map((gpu) => {
    const evidenceGpu = evidence.gpus.find((g) => g.gpuIndex === gpu.gpuIndex) ?? gpu;
    const fit = gpuCheaperFit(evidenceGpu, pricing, settings.memoryHeadroom);
    return { gpu, fit, ms: splitGpuTime(gpu, fit, pricing.rateMicroUsdPerGpuHour, settings) };
  });
  const gpuSeconds = observation.gpus.map((g) => Math.floor(Math.max(0, g.runningMs) / MS_PER_SECOND));
  const allocatedGpuSeconds = gpuSeconds.reduce((a, b) => a + b, 0);
  const spendCents = costCentsForDuration(pricing.rateMicroUsdPerGpuHour, allocatedGpuSeconds * MS_PER_SECOND);
  const cents = splitAmount(spendCents, splits.map((s) => s.ms));
  const seconds = splitAmount(allocatedGpuSeconds, splits.map((s) => s.ms));
  const gpus: GpuWaste[] = splits.map((s, i) => ({
    gpuIndex: s.gpu.gpuIndex,
    cheaperFit: s.fit,
    ...figuresOf(cents.perGpu[i] ?? ZERO_SPLIT, seconds.perGpu[i] ?? ZERO_SPLIT),
  }));
  return {
    podId: observation.podId,
    fromMs: observation.fromMs,
    toMs: observation.toMs,
    gpus,
    ...sumWasteFigures(gpus),
  };
}

const ZERO_SPLIT: GpuSplitMs = { idle: 0, underUsed: 0, oversized: 0, productive: 0 };

function gpuCheaperFit(evidence: GpuObservation, pricing: WastePricing, memoryHeadroom: number): CheaperFit | null {
  if (evidence.runningMs <= 0) return null;
  const fit = cheapestFittingTier({
    current: { gpuType: pricing.gpuType, rateMicroUsdPerGpuHour: pricing.rateMicroUsdPerGpuHour, regionId: pricing.regionId },
    demand: { peakMemMiB: evidence.peakMemMiB, demandTflops: evidence.p95SmActive * gpuTflops(pricing.gpuType) },
    gpuTypes: pricing.gpuTypes,
    offers: pricing.offers,
    regions: pricing.regions,
    ...(pricing.allowedRegionIds ? { allowedRegionIds: pricing.allowedRegionIds } : {}),
    memoryHeadroom,
  });
  return fit ? { gpuTypeId: fit.gpuType.id, regionId: fit.regionId, rateMicroUsdPerGpuHour: fit.rateMicroUsdPerGpuHour } : null;
}

/** One GPU's running time split into the four parts, in ms (not yet rounded). */
function splitGpuTime(gpu: GpuObservation, fit: CheaperFit | null, rate: MicroUsdPerHour, settings: WasteSettings): GpuSplitMs {
  const runningMs = Math.max(0, gpu.runningMs);
  const idlePct = ratioPct(settings.idleEngineActive);
  const target = settings.smActiveTarget;
  const targetPct = ratioPct(target);
  let idle = 0;
  let underUsed = 0;
  for (const cell of activityOf(gpu)) {
    if (cell.engineActivePct < idlePct) idle += cell.ms;
    else if (cell.smActivePct < targetPct && target > 0) underUsed += Math.max(0, cell.ms - cell.smActiveMs / target);
  }
  idle = Math.min(idle, runningMs);
  underUsed = Math.min(underUsed, runningMs - idle);
  const used = runningMs - idle - underUsed;
  const cheaperShare = fit && rate > 0 ? Math.max(0, 1 - fit.rateMicroUsdPerGpuHour / rate) : 0;
  return { idle, underUsed, oversized: used * cheaperShare, productive: used * (1 - cheaperShare) };
}

/**
 * The observation's activity histogram, or, without one, the two cells its summary implies:
 * its idle time, and its busy time carrying all of its SM activity.
 */
function activityOf(gpu: GpuObservation): ActivityCell[] {
  if (gpu.activity) return gpu.activity;
  const busyMs = Math.max(0, gpu.runningMs - gpu.idleMs);
  const smActiveMs = gpu.meanSmActive * gpu.runningMs;
  return [
    { engineActivePct: 0, smActivePct: 0, ms: gpu.idleMs, smActiveMs: 0 },
    { engineActivePct: 100, smActivePct: busyMs > 0 ? ratioPct(smActiveMs / busyMs) : 0, ms: busyMs, smActiveMs },
  ];
}

/**
 * Splits a whole amount (cents or GPU-seconds) by the GPUs' parts: first waste against
 * productive (so total waste only grows when a threshold makes more time waste), then waste by
 * GPU and category and productive by GPU.
 */
function splitAmount(amount: number, parts: readonly GpuSplitMs[]): { perGpu: GpuSplitMs[] } {
  const wasteMs = parts.reduce((a, p) => a + p.idle + p.underUsed + p.oversized, 0);
  const productiveMs = parts.reduce((a, p) => a + p.productive, 0);
  const [wasteAmount = 0, productiveAmount = 0] = allocateCents(amount, [wasteMs, productiveMs]);
  const wasteShares = allocateCents(wasteAmount, parts.flatMap((p) => [p.idle, p.underUsed, p.oversized]));
  const productiveShares = allocateCents(productiveAmount, parts.map((p) => p.productive));
  return {
    perGpu: parts.map((_, i) => ({
      idle: wasteShares[3 * i] ?? 0,
      underUsed: wasteShares[3 * i + 1] ?? 0,
      oversized: wasteShares[3 * i + 2] ?? 0,
      productive: productiveShares[i] ?? 0,
    })),
  };
}

function figuresOf(cents: GpuSplitMs, seconds: GpuSplitMs): WasteFigures {
  const part = (k: keyof GpuSplitMs): GpuTimeCost => ({ gpuSeconds: seconds[k], cents: cents[k] });
  const allocatedGpuSeconds = seconds.idle + seconds.underUsed + seconds.oversized + seconds.productive;
  return {
    allocatedGpuSeconds,
    activeGpuSeconds: allocatedGpuSeconds - seconds.idle,
    spendCents: cents.idle + cents.underUsed + cents.oversized + cents.productive,
    productive: part('productive'),
    waste: { idle: part('idle'), underUsed: part('underUsed'), oversized: part('oversized') },
  };
}

/** A ledger with nothing in it. */
export function emptyWasteFigures(): WasteFigures {
  const zero = (): GpuTimeCost => ({ gpuSeconds: 0, cents: 0 });
  return { allocatedGpuSeconds: 0, activeGpuSeconds: 0, spendCents: 0, productive: zero(), waste: { idle: zero(), underUsed: zero(), oversized: zero() } };
}

/** Adds ledgers into one (a scope's total is the sum of its rows, to the cent). */
export function addWasteFigures(into: WasteFigures, add: WasteFigures): WasteFigures {
  into.allocatedGpuSeconds += add.allocatedGpuSeconds;
  into.activeGpuSeconds += add.activeGpuSeconds;
  into.spendCents += add.spendCents;
  into.productive.gpuSeconds += add.productive.gpuSeconds;
  into.productive.cents += add.productive.cents;
  for (const c of WASTE_CATEGORIES) {
    into.waste[c].gpuSeconds += add.waste[c].gpuSeconds;
    into.waste[c].cents += add.waste[c].cents;
  }
  return into;
}

export function sumWasteFigures(rows: readonly WasteFigures[]): WasteFigures {
  return rows.reduce((acc, r) => addWasteFigures(acc, r), emptyWasteFigures());
}

/** Waste of all categories together. */
export function totalWaste(f: WasteFigures): GpuTimeCost {
  return {
    gpuSeconds: WASTE_CATEGORIES.reduce((a, c) => a + f.waste[c].gpuSeconds, 0),
    cents: WASTE_CATEGORIES.reduce((a, c) => a + f.waste[c].cents, 0),
  };
}

/** Active ÷ allocated GPU time, 0-1 (0 when nothing was allocated). */
export function efficiency(f: WasteFigures): number {
  return f.allocatedGpuSeconds > 0 ? f.activeGpuSeconds / f.allocatedGpuSeconds : 0;
}
