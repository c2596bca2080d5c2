/**
 * Per-GPU telemetry named after NVIDIA DCGM exporter fields, generated as a pure function
 * of (pod, GPU index, 5-minute period) from the pod's workload archetype. No state: the same
 * inputs always give the same sample, so any range can be recomputed on demand. The cloud reads
 * samples through a GpuSampler: this simulator by default, a metrics store on a server
 * (server/prometheus-telemetry.ts), so its answers are computed the same way from either.
 * Field meanings and units: docs/dcgm-fields.md (NVIDIA dcgm_fields.h, dcgm-exporter).
 * A pod on a MIG slice has one GPU instance: its memory is the slice's, and it is given its compute
 * share of the board's power (DCGM reads power per physical GPU; the simulator splits it by compute).
 */
import type { GpuType } from '../domain/catalog';
import { gpuFraction, gpuInstanceMemMiB } from '../domain/mig';
import { MS_PER_DAY, MS_PER_HOUR } from '../domain/units';
import type { Archetype, Pod } from './model';
import { noise } from './rng';

export interface GpuSample {
  /** % (0-100): share of time one or more kernels ran (coarse). */
  DCGM_FI_DEV_GPU_UTIL: number;
  /** ratio 0-1: share of time the graphics/compute engine was active. */
  DCGM_FI_PROF_GR_ENGINE_ACTIVE: number;
  /** ratio 0-1: share of time an SM had at least one warp, averaged over SMs. */
  DCGM_FI_PROF_SM_ACTIVE: number;
  /** ratio 0-1: share of cycles the tensor pipes were active. */
  DCGM_FI_PROF_PIPE_TENSOR_ACTIVE: number;
  /** MiB of framebuffer in use. */
  DCGM_FI_DEV_FB_USED: number;
  /** W of board power. */
  DCGM_FI_DEV_POWER_USAGE: number;
  /** °C. */
  DCGM_FI_DEV_GPU_TEMP: number;
}

export type MetricName = keyof GpuSample;
export const METRIC_NAMES: MetricName[] = [
  'DCGM_FI_DEV_GPU_UTIL',
  'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
  'DCGM_FI_PROF_SM_ACTIVE',
  'DCGM_FI_PROF_PIPE_TENSOR_ACTIVE',
  'DCGM_FI_DEV_FB_USED',
  'DCGM_FI_DEV_POWER_USAGE',
  'DCGM_FI_DEV_GPU_TEMP',
];

/** The simulator's sampling period: one value per GPU per 5 minutes. */
export const SAMPLE_PERIOD_MS = 5 * 60_000;

/**
 * Where a GPU's sample at a time comes from: the simulator's gpuSample by default; a server may
 * read it from a metrics store instead (CloudContext.telemetry). Null: the store has no sample for
 * that period, and whoever asked counts the time as unobserved.
 */
export type GpuSampler = (pod: Pod, gpu: GpuType, gpuIndex: number, tMs: number) => GpuSample | null;
/** The memory of one of the pod's GPUs, MiB: a MIG slice's, else the GPU's. */
function podGpuMemMiB(pod: Pick<Pod, 'migProfile'>, gpu: Pick<GpuType, 'vramGiB'>): number {
  return gpuInstanceMemMiB(pod.migProfile, gpu.vramGiB);
}

/** The board power one of the pod's GPUs is given, W: a slice's compute share of the TDP. */
function podGpuTdpW(pod: Pick<Pod, 'migProfile'>, gpu: Pick<GpuType, 'tdpW'>): number {
  return gpu.tdpW * gpuFraction(pod.migProfile);
}

/** Idle board power as a share of TDP (typical data-centre GPUs idle at 10-15% of TDP). */
const IDLE_POWER_SHARE = 0.12;

interface Shape {
  /** Engine activity 0-1 at this moment, before noise. */
  active: number;
  /** SM activity as a share of engine activity. */
  smShare: number;
  /** Tensor activity as a share of SM activity. */
  tensorShare: number;
  /** Memory in use as a share of VRAM. */
  memShare: number;
}

const IDLE: Shape = { active: 0, smShare: 0, tensorShare: 0, memShare: 0.004 };

/** Local hour (with minutes as a fraction) of a time for a team working on Eastern time (UTC-5). */
function workHour(tMs: number): number {
  const local = tMs - 5 * MS_PER_HOUR;
  const minutes = Math.floor((((local % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / 60_000);
  return Math.floor(minutes / 60) + (minutes % 60) / 60;
}

/** Local weekday (0 = Sunday) of a time on Eastern time (UTC-5): the epoch was a Thursday. */
function workWeekday(tMs: number): number {
  return (((Math.floor((tMs - 5 * MS_PER_HOUR) / MS_PER_DAY) + 4) % 7) + 7) % 7;
}

/** The shape of the period being computed (one at a time: no object per sample). */
const shape: Shape = { active: 0, smShare: 0, tensorShare: 0, memShare: 0 };

function setShape(active: number, smShare: number, tensorShare: number, memShare: number): void {
  shape.active = active;
  shape.smShare = smShare;
  shape.tensorShare = tensorShare;
  shape.memShare = memShare;
}

/** Noise of one of the sample's fields (salt) for a GPU's key in a period. */
const n = (key: number, salt: number, bucket: number): number => noise(key + salt * 7919, bucket);

function shapeAt(archetype: Archetype, gpuIndex: number, tMs: number, key: number, bucket: number): void {
  switch (archetype) {
    case 'training':
      return setShape(0.88 + 0.1 * n(key, 1, bucket), 0.85, 0.65, 0.78 + 0.08 * n(key, 2, bucket));
    case 'notebook': {
      const hour = workHour(tMs);
      const weekday = workWeekday(tMs);
      const working = weekday >= 1 && weekday <= 5 && hour >= 9 && hour < 18;
      // In working hours, about half of the 15-minute stretches run cells.
      const burst = working && noise(Math.floor(tMs / (15 * 60_000)), 7 + gpuIndex) < 0.5;
      const memShare = working ? 0.42 : 0.35;
      return burst ? setShape(0.35 + 0.45 * n(key, 3, bucket), 0.7, 0.4, memShare) : setShape(0.01 * n(key, 4, bucket), 0.5, 0.1, memShare);
    }
    case 'inference': {
      const daily = Math.max(0, Math.sin(((workHour(tMs) - 6) / 24) * 2 * Math.PI));
      return setShape(0.12 + 0.68 * daily + 0.08 * n(key, 5, bucket), 0.6, 0.45, 0.62);
    }
    case 'hoarder':
      return gpuIndex === 0 ? setShape(0.55 + 0.25 * n(key, 6, bucket), 0.75, 0.5, 0.55) : setShape(IDLE.active, IDLE.smShare, IDLE.tensorShare, IDLE.memShare);
    case 'small-model':
      // A 7B-class model on an 80 GB GPU: about 17-18 GiB resident, SMs mostly waiting.
      return setShape(0.5 + 0.25 * n(key, 8, bucket), 0.4, 0.3, 0);
    case 'forgotten':
      return setShape(IDLE.active, IDLE.smShare, IDLE.tensorShare, 0.06);
  }
}

/** The period being computed, before rounding: engine and SM activity, tensor, memory, power. */
const raw = { active: 0, sm: 0, tensor: 0, memMiB: 0, powerW: 0, key: 0, bucket: 0 };

function computeSample(pod: Pod, gpu: GpuType, gpuIndex: number, tMs: number): void {
  const bucket = Math.floor(tMs / SAMPLE_PERIOD_MS);
  const key = (pod.seed ^ Math.imul(gpuIndex + 1, 0x27d4eb2d)) >>> 0;
  shapeAt(pod.archetype, gpuIndex, bucket * SAMPLE_PERIOD_MS, key, bucket);
  const active = clamp01(shape.active);
  const sm = clamp01(active * shape.smShare);
  raw.active = active;
  raw.sm = sm;
  raw.tensor = clamp01(sm * shape.tensorShare);
  const vramMiB = podGpuMemMiB(pod, gpu);
  raw.memMiB =
    pod.archetype === 'small-model'
      ? 17.2 * 1024 + 600 * n(key, 9, bucket)
      : Math.max(300, shape.memShare * vramMiB * (0.97 + 0.03 * n(key, 10, bucket)));
  raw.powerW = podGpuTdpW(pod, gpu) * (IDLE_POWER_SHARE + (1 - IDLE_POWER_SHARE) * 0.92 * active);
  raw.key = key;
  raw.bucket = bucket;
}

/**
 * The sample of the 5-minute period holding tMs, for one GPU of a running pod (call only for
 * times the pod runs). Every time in a period reads the same sample, the one an exporter
 * publishes for it (server/dcgm-exporter.ts) and a metrics store answers for it, so the cloud's
 * answers are the same whether it samples the simulator or Prometheus.
 */
export function gpuSample(pod: Pod, gpu: GpuType, gpuIndex: number, tMs: number): GpuSample {
  computeSample(pod, gpu, gpuIndex, tMs);
  const { active, sm, tensor, memMiB, powerW, key, bucket } = raw;
  const vramMiB = podGpuMemMiB(pod, gpu);
  const tdpW = podGpuTdpW(pod, gpu);
  return {
    // Coarse: any kernel in the period reads as busy, so small activity shows as high util.
    DCGM_FI_DEV_GPU_UTIL: active < 0.02 ? 0 : Math.min(100, Math.round(100 * Math.sqrt(active))),
    DCGM_FI_PROF_GR_ENGINE_ACTIVE: round3(active),
    DCGM_FI_PROF_SM_ACTIVE: round3(sm),
    DCGM_FI_PROF_PIPE_TENSOR_ACTIVE: round3(tensor),
    DCGM_FI_DEV_FB_USED: Math.round(Math.min(vramMiB, memMiB)),
    DCGM_FI_DEV_POWER_USAGE: Math.round(Math.min(tdpW, powerW) * 10) / 10,
    DCGM_FI_DEV_GPU_TEMP: Math.round(30 + 48 * (powerW / tdpW) + 3 * n(key, 11, bucket)),
  };
}

/** Periods per day, and the period of the day (0-287) at which a work day's clock reads 00:00 local (UTC-5). */
const PERIODS_PER_DAY = MS_PER_DAY / SAMPLE_PERIOD_MS;
const LOCAL_OFFSET_PERIODS = (5 * MS_PER_HOUR) / SAMPLE_PERIOD_MS;
/** The inference archetype's daily curve at each local period of the day (built on first use with shapeAt's own formula). */
let inferenceDaily: Float64Array | null = null;
/** The notebook archetype's working hours (9:00 to 18:00 local) as periods of the local day. */
const WORK_START_PERIOD = (9 * MS_PER_HOUR) / SAMPLE_PERIOD_MS;
const WORK_END_PERIOD = (18 * MS_PER_HOUR) / SAMPLE_PERIOD_MS;

function inferenceDailyCurve(): Float64Array {
  if (!inferenceDaily) {
    inferenceDaily = new Float64Array(PERIODS_PER_DAY);
    for (let i = 0; i < PERIODS_PER_DAY; i++) inferenceDaily[i] = Math.max(0, Math.sin(((workHour(i * SAMPLE_PERIOD_MS + 5 * MS_PER_HOUR) - 6) / 24) * 2 * Math.PI));
  }
  return inferenceDaily;
}

/** Where usageSamplesInto writes: one column per field, indexed like `buckets`. */
export interface UsageSampleColumns {
  engineActive: Float64Array;
  smActive: Float64Array;
  memUsedMiB: Float64Array;
  powerW: Float64Array;
  tensorActive: Float64Array;
}

/**
 * gpuUsageSampleInto for several periods of one GPU at once (buckets: the periods, as
 * floor(t ÷ 5 min)), into columns from 0: the same numbers, with what depends only on the pod and
 * the GPU (its noise keys, memory, power, the archetype's branch) worked out once rather than per
 * period. The usage ledger reads ~100 million periods for 90 days of the large preset.
 * Tested against gpuUsageSampleInto (telemetry.test.ts).
 */
export function usageSamplesInto(pod: Pod, gpu: GpuType, gpuIndex: number, buckets: ArrayLike<number>, count: number, out: UsageSampleColumns): void {
  const key = (pod.seed ^ Math.imul(gpuIndex + 1, 0x27d4eb2d)) >>> 0;
  // n(key, salt, bucket) is noise(key + salt × 7919, bucket), and noise reads its key as an int32.
  const vramMiB = podGpuMemMiB(pod, gpu);
  const tdpW = podGpuTdpW(pod, gpu);
  const { engineActive, smActive, memUsedMiB, powerW, tensorActive } = out;
  const archetype = pod.archetype;
  // shapeAt's branch, once: active = a0 + a1 × noise(ka), or a curve (inference, notebook).
  let smShare = 0;
  let tensorShare = 0;
  let memShare = 0;
  let a0 = 0;
  let a1 = 0;
  let ka = 0;
  let ka2 = 0;
  let kMem = (key + 10 * 7919) | 0;
  const idle = archetype === 'forgotten' || (archetype === 'hoarder' && gpuIndex !== 0);
  if (archetype === 'training') {
    a0 = 0.88;
    a1 = 0.1;
    ka = (key + 1 * 7919) | 0;
    ka2 = (key + 2 * 7919) | 0;
    smShare = 0.85;
    tensorShare = 0.65;
  } else if (archetype === 'notebook') {
    ka = (key + 3 * 7919) | 0;
    ka2 = (key + 4 * 7919) | 0;
  } else if (archetype === 'inference') {
    ka = (key + 5 * 7919) | 0;
    smShare = 0.6;
    tensorShare = 0.45;
    memShare = 0.62;
  } else if (archetype === 'hoarder' && !idle) {
    a0 = 0.55;
    a1 = 0.25;
    ka = (key + 6 * 7919) | 0;
    smShare = 0.75;
    tensorShare = 0.5;
    memShare = 0.55;
  } else if (archetype === 'small-model') {
    a0 = 0.5;
    a1 = 0.25;
    ka = (key + 8 * 7919) | 0;
    kMem = (key + 9 * 7919) | 0;
    smShare = 0.4;
    tensorShare = 0.3;
  } else {
    smShare = IDLE.smShare;
    tensorShare = IDLE.tensorShare;
    memShare = archetype === 'forgotten' ? 0.06 : IDLE.memShare;
  }
  const notebook = archetype === 'notebook';
  const training = archetype === 'training';
  const smallModel = archetype === 'small-model';
  const daily = archetype === 'inference' ? inferenceDailyCurve() : null;
  const powerSlope = (1 - IDLE_POWER_SHARE) * 0.92;
  for (let i = 0; i < count; i++) {
    const bucket = buckets[i] ?? 0;
    let active = IDLE.active;
    if (notebook) {
      // workHour and workWeekday of the period's start in whole periods: 9:00-18:00 is periods 108-215 of the local day.
      const local = bucket - LOCAL_OFFSET_PERIODS;
      const ofDay = ((local % PERIODS_PER_DAY) + PERIODS_PER_DAY) % PERIODS_PER_DAY;
      const weekday = (((Math.floor(local / PERIODS_PER_DAY) + 4) % 7) + 7) % 7;
      const working = weekday >= 1 && weekday <= 5 && ofDay >= WORK_START_PERIOD && ofDay < WORK_END_PERIOD;
      memShare = working ? 0.42 : 0.35;
      // The 15-minute stretch: floor(t ÷ 15 min), three periods.
      if (working && noise(Math.floor(bucket / 3), 7 + gpuIndex) < 0.5) {
        active = 0.35 + 0.45 * noise(ka, bucket);
        smShare = 0.7;
        tensorShare = 0.4;
      } else {
        active = 0.01 * noise(ka2, bucket);
        smShare = 0.5;
        tensorShare = 0.1;
      }
    } else if (daily) active = 0.12 + 0.68 * (daily[(((bucket - LOCAL_OFFSET_PERIODS) % PERIODS_PER_DAY) + PERIODS_PER_DAY) % PERIODS_PER_DAY] ?? 0) + 0.08 * noise(ka, bucket);
    else if (!idle) active = a0 + a1 * noise(ka, bucket);
    if (training) memShare = 0.78 + 0.08 * noise(ka2, bucket);
    active = clamp01(active);
    const sm = clamp01(active * smShare);
    const tensor = clamp01(sm * tensorShare);
    const memMiB = smallModel ? 17.2 * 1024 + 600 * noise(kMem, bucket) : Math.max(300, memShare * vramMiB * (0.97 + 0.03 * noise(kMem, bucket)));
    const power = tdpW * (IDLE_POWER_SHARE + powerSlope * active);
    engineActive[i] = round3(active);
    smActive[i] = round3(sm);
    memUsedMiB[i] = Math.round(Math.min(vramMiB, memMiB));
    powerW[i] = Math.round(Math.min(tdpW, power) * 10) / 10;
    tensorActive[i] = round3(tensor);
  }
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * The context's GPU samples: its telemetry, or the simulator's. (Here, not in context.ts: the
 * simulator's telemetry loads with the routes that read samples, not with the first visit.)
 */
export function telemetryOf(ctx: { telemetry?: GpuSampler }): GpuSampler {
  return ctx.telemetry ?? gpuSample;
}
