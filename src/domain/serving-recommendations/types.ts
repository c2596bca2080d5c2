/**
 * Serving recommendations (issue 18, point 3): what a serving pod, or the replicas of one model,
 * could change, what it saves a month and the measured figures it rests on. The facts in are a
 * window's measurements per serving pod (its vLLM counters and histograms, its GPU spend from the
 * usage ledger, its busiest five minutes); the API serves the shapes out as they are.
 */
import type { Cents, MicroUsdPerHour } from '../money';
import type { ServingTotals } from '../inference-economics';

export type ServingRecommendationKind = 'cheaper-gpu' | 'fewer-replicas' | 'prefix-cache';

export interface ServedModel {
  id: string;
  name: string;
  /** Memory the weights take at the served precision, decimal GB. */
  weightsGB: number;
  /** Output tokens/s relative to a 7-8B model on the same GPU (data/inference.json). */
  throughputFactor: number;
}

/** One serving pod's measurements over the window, as the usage ledger and its vLLM counters give them. */
export interface ServingPodMeasured {
  podId: string;
  podName: string;
  projectId: string;
  regionId: string;
  model: ServedModel;
  gpuTypeId: string;
  gpuCount: number;
  /** The price locked at launch, per GPU-hour: what the pod really pays. */
  rateMicroUsdPerGpuHour: MicroUsdPerHour;
  /** Running (and so billed) now: only these are judged; a stopped pod's measurements still count as evidence. */
  runningNow: boolean;
  totals: ServingTotals;
  spendCents: Cents;
  /** The spend's input part by the split rule (inference-economics.ts splitSpend). */
  inputSpendCents: Cents;
  /** Wall-clock time the pod ran in the window. */
  runningMs: number;
  /** Time the pod existed in the window (from the later of its creation and the window's start). */
  observedMs: number;
  /** Output tokens per second of the pod's busiest 5-minute period (all its GPUs together). */
  peakOutputTokensPerSecond: number;
}

/** The busiest 5-minute period of a replica group (its running pods together). */
export interface GroupPeak {
  outputTokensPerSecond: number;
  /** KV cache in use, GiB: each GPU's vllm:kv_cache_usage_perc × its KV-cache size, summed. */
  kvCacheGiB: number;
}

/** Output tokens/s of one GPU of a type at full load with a 7-8B model, from a public benchmark or an estimate. */
export interface ThroughputBenchmark {
  gpuTypeId: string;
  outputTokensPerSecond: number;
  /** 'published', 'published ratio' or 'estimate', as data/inference.json labels each row. */
  basis: string;
  source: string;
}

export type ServingConfidenceLevel = 'high' | 'medium' | 'low';

export interface ServingConfidence {
  level: ServingConfidenceLevel;
  /** Days of running telemetry the judgement rests on (one decimal). */
  daysObserved: number;
}

/** What the org's own pods measured for the same model on the target GPU type. */
export interface MeasuredOnTarget {
  podCount: number;
  requests: number;
  ttftP50Seconds: number;
  ttftP95Seconds: number;
  /** The lowest of their peak loads: each ran at least this busy. */
  peakLoad: number;
  /** The shortest of their mean uncached prompts: each computed at least this much per request. */
  meanUncachedPromptTokens: number;
}

export interface CheaperGpuEvidence {
  kind: 'cheaper-gpu';
  fromGpuTypeId: string;
  fromGpuTypeName: string;
  fromGpuCount: number;
  fromRateMicroUsdPerGpuHour: MicroUsdPerHour;
  toGpuTypeId: string;
  toGpuTypeName: string;
  toGpuCount: number;
  /** The target's on-demand price in the pod's region. */
  toRateMicroUsdPerGpuHour: MicroUsdPerHour;
  requests: number;
  meanOutputTokensPerSecond: number;
  peakOutputTokensPerSecond: number;
  meanUncachedPromptTokens: number;
  /** Peak output tokens/s ÷ the benchmark throughput of the pod's GPUs (now) and of the target's. */
  peakLoadNow: number;
  peakLoadOnTarget: number;
  ttftP50Seconds: number;
  ttftP95Seconds: number;
  expectedTtftP50Seconds: number;
  expectedTtftP95Seconds: number;
  /** Where the expected latency comes from: the org's own pods on the target, or benchmark ratios. */
  expectedSource: 'measured' | 'benchmark';
  /** Expected = observed × this, when from benchmarks: the slower of the throughput and TFLOPS ratios. */
  latencyFactor: number | null;
  fromBenchmark: ThroughputBenchmark;
  toBenchmark: ThroughputBenchmark;
  fromTflops: number;
  toTflops: number;
  measured: MeasuredOnTarget | null;
  currentMicroUsdPerMillionTokens: number;
  projectedMicroUsdPerMillionTokens: number;
}

export interface ReplicaChange {
  podId: string;
  podName: string;
  gpuTypeId: string;
  gpuTypeName: string;
  gpuCountNow: number;
  /** 0: the pod is stopped. */
  gpuCountAfter: number;
  /** One GPU's benchmark output tokens/s for this model. */
  outputTokensPerSecondPerGpu: number;
  /** One GPU's KV-cache size for this model, GiB. */
  kvCacheGiBPerGpu: number;
}

export interface FewerReplicasEvidence {
  kind: 'fewer-replicas';
  /** GPUs serving the model now and after (each GPU is one replica). */
  replicasNow: number;
  replicasAfter: number;
  pods: ReplicaChange[];
  peakOutputTokensPerSecond: number;
  capacityNowTokensPerSecond: number;
  capacityAfterTokensPerSecond: number;
  peakUtilizationNow: number;
  peakUtilizationAfter: number;
  peakKvCacheGiB: number;
  kvCacheNowGiB: number;
  kvCacheAfterGiB: number;
  peakKvUtilizationNow: number;
  peakKvUtilizationAfter: number;
  /** The margin: at the peak, the replicas left run at most this share of their throughput and KV cache. */
  maxUtilization: number;
  ttftP95Seconds: number | null;
}

export interface PrefixCacheEvidence {
  kind: 'prefix-cache';
  hitRateNow: number;
  /** The hit rate a replica of the same model in the same project reaches on its traffic. */
  targetHitRate: number;
  bestPodId: string;
  bestPodName: string;
  /** A hit rate below this is low; the best replica must be at least minGap above the pod. */
  lowHitRate: number;
  minGap: number;
  meanPromptTokens: number;
  promptTokensPerMonth: number;
  promptTokensAvoidedPerMonth: number;
  /** The spend's input share by the split rule: the GPU time counted as prefill. */
  inputSpendShare: number;
}

export type ServingEvidence = CheaperGpuEvidence | FewerReplicasEvidence | PrefixCacheEvidence;

export interface ServingRecommendation {
  /** Stable for the same pod (or replica group) and kind. */
  id: string;
  kind: ServingRecommendationKind;
  modelId: string;
  modelName: string;
  projectId: string;
  regionId: string;
  podIds: string[];
  podNames: string[];
  /** GPU cost a month now and after the change, at the share of the time the pods ran in the window. */
  currentMonthlyCostCents: Cents;
  projectedMonthlyCostCents: Cents;
  /** current − projected, never below the minimum worth a change. */
  monthlySavingsCents: Cents;
  /** True when the saving is an estimate resting on an assumption (GPU time freed, not a smaller bill by itself). */
  estimate: boolean;
  confidence: ServingConfidence;
  evidence: ServingEvidence;
}
