/**
 * The rules every serving recommendation shares, each threshold with where it comes from: which
 * pods are replicas of one deployment, how big a GPU's KV cache is for a model, what a month of a
 * pod costs, and how sure a judgement is.
 */
import type { GpuType } from '../catalog';
import data from '../data/inference.json';
import { costCentsForDuration, type Cents, type MicroUsdPerHour } from '../money';
import { HOURS_PER_MONTH, MS_PER_DAY, MS_PER_HOUR } from '../units';
import type { ServedModel, ServingConfidence, ServingConfidenceLevel, ServingPodMeasured, ThroughputBenchmark } from './types';

export interface ServingRecommendationSettings {
  /** Below this a change is not worth a relaunch: $10 a month (the general recommendations' minimum). */
  minMonthlySavingsCents: Cents;
  /** No judgement from less than a day of running telemetry: a day holds one daily cycle of traffic. */
  minDaysObserved: number;
  /** A p95 from fewer requests is too noisy to hold a GPU to. */
  minRequests: number;
  /** A pod measured on the target compares when its uncached prompt per request is 1 to 1.5 times this pod's. */
  maxComparablePromptRatio: number;
  /**
   * The fewer-replicas margin: at the window's busiest five minutes the replicas left may run at
   * most 70% of their benchmark throughput and of their KV cache. 70% is Knative's default target
   * utilization (autoscaler `container-concurrency-target-percentage`), the headroom a serving
   * autoscaler keeps for bursts.
   */
  maxReplicaUtilization: number;
  /** A prefix-cache hit rate below 30% is low; another replica of the same traffic must reach 15 points more. */
  lowPrefixHitRate: number;
  minPrefixHitRateGap: number;
  /** vLLM's default gpu_memory_utilization: the share of a GPU's memory vLLM takes for weights and KV cache. */
  gpuMemoryUtilization: number;
  /** A model fits a GPU when its weights take at most 85% of its memory (the simulator places models by the same rule). */
  maxWeightsShare: number;
}

export const DEFAULT_SERVING_SETTINGS: ServingRecommendationSettings = {
  minMonthlySavingsCents: 1000,
  minDaysObserved: 1,
  minRequests: 1000,
  maxComparablePromptRatio: 1.5,
  maxReplicaUtilization: 0.7,
  lowPrefixHitRate: 0.3,
  minPrefixHitRateGap: 0.15,
  gpuMemoryUtilization: 0.9,
  maxWeightsShare: 0.85,
};

/** The benchmark table of data/inference.json: output tokens/s per GPU for a 7-8B model. */
export const THROUGHPUT_BENCHMARKS: readonly ThroughputBenchmark[] = data.throughput.perGpu.map((r) => ({
  gpuTypeId: r.gpuTypeId,
  outputTokensPerSecond: r.outputTokensPerSecond,
  basis: r.basis,
  source: r.source,
}));

/** One GPU's benchmark throughput for a model (the 7-8B figure × the model's factor); null without a figure. */
export function modelThroughput(benchmarks: readonly ThroughputBenchmark[], gpuTypeId: string, model: Pick<ServedModel, 'throughputFactor'>): number | null {
  const b = benchmarks.find((x) => x.gpuTypeId === gpuTypeId);
  return b ? b.outputTokensPerSecond * model.throughputFactor : null;
}

const GIB_PER_GB = 1e9 / 2 ** 30;

export function modelFits(gpu: Pick<GpuType, 'vramGiB'>, model: Pick<ServedModel, 'weightsGB'>, settings: ServingRecommendationSettings): boolean {
  return model.weightsGB <= settings.maxWeightsShare * gpu.vramGiB;
}

/** The KV cache one GPU holds for a model: vLLM's share of the memory less the weights, GiB (never below 0). */
export function kvCacheGiB(gpu: Pick<GpuType, 'vramGiB'>, model: Pick<ServedModel, 'weightsGB'>, settings: ServingRecommendationSettings = DEFAULT_SERVING_SETTINGS): number {
  return Math.max(0, settings.gpuMemoryUtilization * gpu.vramGiB - model.weightsGB * GIB_PER_GB);
}

/** Replicas of one deployment: the same model in the same project and region (a router can send any request to any of them). */
export function replicaGroupKey(pod: Pick<ServingPodMeasured, 'projectId' | 'regionId'> & { model: Pick<ServedModel, 'id'> }): string {
  return `${pod.projectId}~${pod.model.id}~${pod.regionId}`;
}

/** The share of the time it existed in the window that a pod ran, projected onto a 30-day month, whole seconds. */
export function monthlyRunningMs(pod: Pick<ServingPodMeasured, 'runningMs' | 'observedMs'>): number {
  if (!(pod.observedMs > 0)) return 0;
  const share = Math.min(1, Math.max(0, pod.runningMs / pod.observedMs));
  return Math.round((share * HOURS_PER_MONTH * MS_PER_HOUR) / 1000) * 1000;
}

/** GPU cost a month of `gpuCount` GPUs at a rate, running as the pod ran: one rounding, as billing rounds. */
export function monthlyCostCents(rateMicroUsdPerGpuHour: MicroUsdPerHour, gpuCount: number, runningMsPerMonth: number): Cents {
  return costCentsForDuration(rateMicroUsdPerGpuHour * gpuCount, runningMsPerMonth);
}

export function daysObserved(runningMs: number): number {
  return Math.floor((runningMs / MS_PER_DAY) * 10) / 10;
}

const LEVELS: readonly ServingConfidenceLevel[] = ['low', 'medium', 'high'];

/**
 * High from four weeks of telemetry, medium from one (a working week and a weekend), low below,
 * as the general recommendations judge; never above `cap` (the weakest basis of the estimate).
 */
export function servingConfidence(runningMs: number, cap: ServingConfidenceLevel = 'high'): ServingConfidence {
  const days = daysObserved(runningMs);
  const byDays: ServingConfidenceLevel = days >= 28 ? 'high' : days >= 7 ? 'medium' : 'low';
  const level = LEVELS[Math.min(LEVELS.indexOf(byDays), LEVELS.indexOf(cap))] ?? 'low';
  return { level, daysObserved: days };
}

export const round2 = (x: number): number => Math.round(x * 100) / 100;
export const round3 = (x: number): number => Math.round(x * 1000) / 1000;
export const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;
