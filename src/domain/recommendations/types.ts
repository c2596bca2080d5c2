/**
 * What a recommendation is: a change to a pod (or a group of pods), what it saves a month,
 * the numbers it rests on, how sure we are, and how to act on it. The API serves this shape.
 */
import type { GpuOffer, GpuType, Region } from '../catalog';
import type { Cents, MicroUsdPerHour } from '../money';

export type RecommendationKind = 'gpu-tier' | 'mig-slice' | 'fewer-gpus' | 'auto-stop' | 'commitment' | 'region';

/**
 * The order a pod's changes are counted in: each one's savings come on top of those before it.
 * gpu-tier and mig-slice are two answers to one question (a smaller GPU for this work): at most
 * one of them is proposed, the cheaper (mig-slice.ts).
 */
export const POD_KIND_ORDER: readonly RecommendationKind[] = ['auto-stop', 'fewer-gpus', 'gpu-tier', 'mig-slice', 'region'];
export const RECOMMENDATION_KINDS: readonly RecommendationKind[] = ['gpu-tier', 'mig-slice', 'fewer-gpus', 'auto-stop', 'commitment', 'region'];

/** The facts about a running pod a recommendation needs (nothing of its telemetry). */
export interface PodUnderReview {
  podId: string;
  podName: string;
  projectId: string;
  ownerId: string;
  gpuTypeId: string;
  gpuCount: number;
  regionId: string;
  imageId: string;
  diskGb: number;
  sshPublicKey: string;
  autoStopIdleMinutes: number | null;
  /** The price locked at launch, per GPU-hour: what the pod really pays. */
  rateMicroUsdPerGpuHour: MicroUsdPerHour;
  /** The MIG slice the pod holds (domain/mig.ts); null or absent: whole GPUs. */
  migProfile?: string | null;
}

export interface CatalogFacts {
  gpuTypes: readonly GpuType[];
  offers: readonly Pick<GpuOffer, 'gpuTypeId' | 'regionId' | 'rateMicroUsdPerGpuHour' | 'committedRateMicroUsdPerGpuHour' | 'migSlices'>[];
  regions: readonly Region[];
}

export type Pricing = 'on-demand' | 'committed';

/** A setup before or after the change. */
export interface Setup {
  gpuTypeId: string;
  gpuCount: number;
  /** One MIG slice of the GPU instead of whole GPUs (gpuCount 1, the rate the slice's); null: whole GPUs. */
  migProfile: string | null;
  regionId: string;
  autoStopIdleMinutes: number | null;
  pricing: Pricing;
  rateMicroUsdPerGpuHour: MicroUsdPerHour;
  /** GPU hours a month this setup is billed for (a slice: hours of the slice, at its rate). */
  monthlyGpuHours: number;
}

export type ConfidenceLevel = 'high' | 'medium' | 'low';

export interface Confidence {
  /** Days with running telemetry the judgement rests on. */
  daysObserved: number;
  /** 0-1: how steady the measured behaviour was (1: the same every hour). */
  steadiness: number;
  level: ConfidenceLevel;
}

export interface GpuTierEvidence {
  kind: 'gpu-tier';
  peakMemMiB: number;
  p95MemMiB: number;
  currentGpuTypeId: string;
  currentVramGiB: number;
  newGpuTypeId: string;
  newVramGiB: number;
  /** New VRAM ÷ observed peak ("fits with 2.7× headroom"); at least memoryHeadroomRequired. */
  headroom: number;
  memoryHeadroomRequired: number;
  p95SmActive: number;
  p95TensorActive: number;
  currentTflops: number;
  newTflops: number;
  /** Observed compute demand: p95 SM activity × current TFLOPS. */
  demandTflops: number;
  /** How much longer the same work runs on the new GPU (1: the same time). */
  runtimeFactor: number;
}

/**
 * A whole GPU → one MIG slice of the same GPU type in the same region (mig-slice.ts): the slice's
 * memory holds the measured peak with the headroom, its g/7 of the GPU's compute covers the p95
 * demand, and it costs less a month than the cheapest whole GPU that would also fit.
 */
export interface MigSliceEvidence {
  kind: 'mig-slice';
  gpuTypeId: string;
  migProfile: string;
  /** The slice's sevenths of the GPU's SMs. */
  computeSlices: number;
  /** The slice's memory, in the GB of its name, counted as GiB as the catalog counts a GPU's vramGiB. */
  sliceMemoryGiB: number;
  /** The whole GPU's memory. */
  vramGiB: number;
  peakMemMiB: number;
  p95MemMiB: number;
  /** Slice memory ÷ observed peak; at least memoryHeadroomRequired. */
  headroom: number;
  memoryHeadroomRequired: number;
  p95SmActive: number;
  /** The whole GPU's dense TFLOPS. */
  gpuTflops: number;
  /** Observed compute demand: p95 SM activity × the whole GPU's TFLOPS. */
  demandTflops: number;
  /** The slice's share of it: g/7 × the whole GPU's TFLOPS, at least demandTflops. */
  sliceTflops: number;
  /** What the pod pays an hour today (a whole GPU) and what the slice costs in the region. */
  fromRateMicroUsdPerHour: MicroUsdPerHour;
  toRateMicroUsdPerHour: MicroUsdPerHour;
  /** The cheapest whole GPU that would also fit (gpu-tier's answer), which costs more a month; null: none. */
  wholeGpuAlternative: { gpuTypeId: string; regionId: string; monthlyCostCents: Cents } | null;
}

export interface FewerGpusEvidence {
  kind: 'fewer-gpus';
  gpuCount: number;
  workingGpus: number;
  newGpuCount: number;
  idleGpuIndexes: number[];
  workingP95SmActive: number;
  workingMemShare: number;
}

export interface AutoStopEvidence {
  kind: 'auto-stop';
  /** Hours of a typical week the pod ran and sat idle. */
  idleHoursPerWeek: number;
  /** Of those, hours auto-stop would have stopped it (each idle stretch minus the wait). */
  stoppableHoursPerWeek: number;
  autoStopIdleMinutes: number;
  idleHourShare: number;
}

export interface RegionEvidence {
  kind: 'region';
  jurisdiction: string;
  fromRegionId: string;
  toRegionId: string;
  fromRateMicroUsdPerGpuHour: MicroUsdPerHour;
  toRateMicroUsdPerGpuHour: MicroUsdPerHour;
  fromGridGCo2ePerKWh: number;
  toGridGCo2ePerKWh: number;
  /** At most this much CO2e a month less: the GPUs at full board power, with the region's PUE. */
  co2eKgPerMonthAvoided: number;
}

export interface CommitmentEvidence {
  kind: 'commitment';
  baselineGpus: number;
  /** Share of the window's hours with at least baselineGpus in use. */
  coveredHoursShare: number;
  hoursObserved: number;
  onDemandRateMicroUsdPerGpuHour: MicroUsdPerHour;
  committedRateMicroUsdPerGpuHour: MicroUsdPerHour;
  termDays: number;
}

export type Evidence = GpuTierEvidence | MigSliceEvidence | FewerGpusEvidence | AutoStopEvidence | RegionEvidence | CommitmentEvidence;

/** A small series, already aggregated, for the chart beside the evidence. */
export interface ChartSeries {
  metric: 'memory-used' | 'sm-active' | 'idle-share' | 'gpus-in-use' | 'rate';
  unit: 'GiB' | 'ratio' | 'gpus' | 'microUsdPerGpuHour';
  /** What x means: a GPU index, an hour of the week (0 = Sunday 00:00, Montréal), a UTC date, a region id. */
  xUnit: 'gpu-index' | 'hour-of-week' | 'date' | 'region';
  points: Array<{ x: string; value: number }>;
  /** Lines to read the points against (today's VRAM, the new VRAM, the committed baseline). */
  references: Array<{ label: string; value: number }>;
}

export interface LaunchParams {
  name: string;
  projectId: string;
  gpuTypeId: string;
  gpuCount: number;
  regionId: string;
  imageId: string;
  diskGb: number;
  autoStopIdleMinutes: number | null;
  sshPublicKey: string;
  replacesPodId: string;
  /** One MIG slice of the GPU (gpuCount 1); absent: whole GPUs. */
  migProfile?: string;
}

export type RecommendationAction =
  | { type: 'patch'; podId: string; patch: { autoStopIdleMinutes?: number; gpuCount?: number } }
  | { type: 'launch'; launch: LaunchParams }
  | { type: 'manual' };

export interface Recommendation {
  /** Stable for the same pod (or group) and kind: `rec-<kind>-<pod id>`. */
  id: string;
  kind: RecommendationKind;
  podIds: string[];
  podNames: string[];
  projectId: string;
  ownerIds: string[];
  from: Setup;
  to: Setup;
  /** GPU cost a month before and after this change (the disk does not change). */
  currentMonthlyCostCents: Cents;
  projectedMonthlyCostCents: Cents;
  /** current − projected; never negative. */
  monthlySavingsCents: Cents;
  /** This pod's changes already counted before this one (their savings are not counted twice). */
  countedAfter: RecommendationKind[];
  confidence: Confidence;
  evidence: Evidence;
  series: ChartSeries;
  action: RecommendationAction;
}
