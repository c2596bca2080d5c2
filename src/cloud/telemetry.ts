/**
 * Per-GPU telemetry named after NVIDIA DCGM exporter fields, generated as a pure function
 * of (pod, GPU index, 5-minute period) from the pod's workload archetype. No state: the same
 * inputs always give the same sample, so any range can be recomputed on demand. The cloud reads
 * samples through a GpuSampler: this simulator by default, a metrics store on a server
 * (server/prometheus-telemetry.ts), so its answers are computed the same way from either.
 * Field meanings and units: docs/dcgm-fields.md (NVIDIA dcgm_fields.h, dcgm-exporter).
 */
import type { GpuType } from '../domain/catalog';
import { MS_PER_HOUR } from '../domain/units';
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

/** Local hour and weekday of a time for a team working on Eastern time (UTC-5). */
function workClock(tMs: number): { hour: number; weekday: number } {
  const local = new Date(tMs - 5 * MS_PER_HOUR);
  return { hour: local.getUTCHours() + local.getUTCMinutes() / 60, weekday: local.getUTCDay() };
}

function shapeAt(archetype: Archetype, gpuIndex: number, tMs: number, n: (salt: number) => number): Shape {
  switch (archetype) {
    case 'training':
      return { active: 0.88 + 0.1 * n(1), smShare: 0.85, tensorShare: 0.65, memShare: 0.78 + 0.08 * n(2) };
    case 'notebook': {
      const { hour, weekday } = workClock(tMs);
      const working = weekday >= 1 && weekday <= 5 && hour >= 9 && hour < 18;
      // In working hours, about half of the 15-minute stretches run cells.
      const burst = working && noise(Math.floor(tMs / (15 * 60_000)), 7 + gpuIndex) < 0.5;
      const memShare = working ? 0.42 : 0.35;
      return burst
        ? { active: 0.35 + 0.45 * n(3), smShare: 0.7, tensorShare: 0.4, memShare }
        : { active: 0.01 * n(4), smShare: 0.5, tensorShare: 0.1, memShare };
    }
    case 'inference': {
      const { hour } = workClock(tMs);
      const daily = Math.max(0, Math.sin(((hour - 6) / 24) * 2 * Math.PI));
      return { active: 0.12 + 0.68 * daily + 0.08 * n(5), smShare: 0.6, tensorShare: 0.45, memShare: 0.62 };
    }
    case 'hoarder':
      return gpuIndex === 0
        ? { active: 0.55 + 0.25 * n(6), smShare: 0.75, tensorShare: 0.5, memShare: 0.55 }
        : IDLE;
    case 'small-model':
      // A 7B-class model on an 80 GB GPU: about 17-18 GiB resident, SMs mostly waiting.
      return { active: 0.5 + 0.25 * n(8), smShare: 0.4, tensorShare: 0.3, memShare: 0 };
    case 'forgotten':
      return { ...IDLE, memShare: 0.06 };
  }
}

/**
 * The sample of the 5-minute period holding tMs, for one GPU of a running pod (call only for
 * times the pod runs). Every time in a period reads the same sample, the one an exporter
 * publishes for it (server/dcgm-exporter.ts) and a metrics store answers for it, so the cloud's
 * answers are the same whether it samples the simulator or Prometheus.
 */
export function gpuSample(pod: Pod, gpu: GpuType, gpuIndex: number, tMs: number): GpuSample {
  const bucket = Math.floor(tMs / SAMPLE_PERIOD_MS);
  const key = (pod.seed ^ Math.imul(gpuIndex + 1, 0x27d4eb2d)) >>> 0;
  const n = (salt: number): number => noise(key + salt * 7919, bucket);
  const s = shapeAt(pod.archetype, gpuIndex, bucket * SAMPLE_PERIOD_MS, n);
  const active = clamp01(s.active);
  const sm = clamp01(active * s.smShare);
  const tensor = clamp01(sm * s.tensorShare);
  const vramMiB = gpu.vramGiB * 1024;
  const memMiB =
    pod.archetype === 'small-model'
      ? 17.2 * 1024 + 600 * n(9)
      : Math.max(300, s.memShare * vramMiB * (0.97 + 0.03 * n(10)));
  const powerW = gpu.tdpW * (IDLE_POWER_SHARE + (1 - IDLE_POWER_SHARE) * 0.92 * active);
  return {
    // Coarse: any kernel in the period reads as busy, so small activity shows as high util.
    DCGM_FI_DEV_GPU_UTIL: active < 0.02 ? 0 : Math.min(100, Math.round(100 * Math.sqrt(active))),
    DCGM_FI_PROF_GR_ENGINE_ACTIVE: round3(active),
    DCGM_FI_PROF_SM_ACTIVE: round3(sm),
    DCGM_FI_PROF_PIPE_TENSOR_ACTIVE: round3(tensor),
    DCGM_FI_DEV_FB_USED: Math.round(Math.min(vramMiB, memMiB)),
    DCGM_FI_DEV_POWER_USAGE: Math.round(Math.min(gpu.tdpW, powerW) * 10) / 10,
    DCGM_FI_DEV_GPU_TEMP: Math.round(30 + 48 * (powerW / gpu.tdpW) + 3 * n(11)),
  };
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
