/**
 * What the telemetry of one pod over a window says, summarised per GPU: the evidence the
 * waste ledger and the recommendations both rest on. The simulator (cloud/pod-observations.ts)
 * and a server reading Prometheus both produce this shape; domain code only reads it.
 */

export interface GpuObservation {
  gpuIndex: number;
  /** Time this GPU was allocated to the running pod within the window. */
  runningMs: number;
  /** Running time with DCGM_FI_PROF_GR_ENGINE_ACTIVE below the idle threshold. */
  idleMs: number;
  /** Mean DCGM_FI_PROF_GR_ENGINE_ACTIVE (0-1) over running time. */
  meanEngineActive: number;
  /** Mean DCGM_FI_PROF_SM_ACTIVE (0-1) over running time. */
  meanSmActive: number;
  /** Peak and 95th percentile DCGM_FI_DEV_FB_USED, MiB. */
  peakMemMiB: number;
  p95MemMiB: number;
  /** 95th percentile DCGM_FI_PROF_SM_ACTIVE and DCGM_FI_PROF_PIPE_TENSOR_ACTIVE (0-1) over busy samples. */
  p95SmActive: number;
  p95TensorActive: number;
  /**
   * Running time by (engine activity, SM activity) in whole percent, so the waste ledger can
   * apply any idle threshold or SM target without resampling. Optional: without it the ledger
   * uses idleMs and meanSmActive.
   */
  activity?: ActivityCell[];
}

/** Running time whose samples fell in one (engine %, SM %) bin. */
export interface ActivityCell {
  /** floor(DCGM_FI_PROF_GR_ENGINE_ACTIVE × 100), 0-100. */
  engineActivePct: number;
  /** floor(DCGM_FI_PROF_SM_ACTIVE × 100), 0-100. */
  smActivePct: number;
  ms: number;
  /** Σ SM activity (0-1) × ms over the cell's samples: its exact mean SM activity is smActiveMs ÷ ms. */
  smActiveMs: number;
}

export interface PodObservation {
  podId: string;
  fromMs: number;
  toMs: number;
  /** Spacing of the samples the summary was computed from. */
  sampleMs: number;
  gpus: GpuObservation[];
  /** Whole or partial days with running samples: how much data a judgement rests on. */
  daysObserved: number;
  /**
   * Share of running time idle, by hour of the week in Montréal time (0 = Sunday 00:00),
   * 168 values, null where the pod never ran in that hour. For auto-stop evidence.
   */
  idleShareByHourOfWeek: Array<number | null>;
}

/** Nearest-rank percentile (p in 0-100) of a list of numbers; 0 for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  // A typed array sorts numerically without a comparator, several times faster on long lists.
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? 0;
}
