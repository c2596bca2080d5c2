/**
 * The simulated vLLM serving telemetry of serving pods: per 5-minute period and GPU, the figures a
 * vLLM server publishes on /metrics (vllm:prompt_tokens_total, vllm:generation_tokens_total,
 * vllm:request_success_total, vllm:prefix_cache_queries_total / _hits_total in tokens,
 * vllm:kv_cache_usage_perc as a 0-1 fraction, and the vllm:time_to_first_token_seconds and
 * vllm:inter_token_latency_seconds histograms with vLLM's default bucket bounds), a pure function
 * of (pod, GPU, period) and that GPU's DCGM sample (telemetry.ts gpuSample, or the request's
 * GpuSampler): more tokens when the GPU is busier, none when it is idle, unobserved or stopped.
 *
 * Serving pods: the 'inference' archetype (a vLLM image) and 'small-model' (a 7-8B model on a big
 * GPU). Each runs one model from data/inference.json, fixed per pod: a small model named in the
 * pod's name (mistral, qwen), else one that fits a single GPU chosen from the pod's seed. Each GPU
 * is one replica (data parallel; tensor parallelism is not modelled).
 *
 * The generator, per GPU and period (all figures documented as the simulator's assumptions):
 *   load = min(1, SM activity ÷ 0.6), 0 when the engine is idle (< 2%) or unobserved
 *   output tokens = peak tokens/s of the GPU type (data/inference.json) × model factor × load
 *                   × running seconds × (0.95-1.05 noise), rounded down
 *   requests = output tokens ÷ the pod's mean output length (150-400), rounded
 *   prompt tokens = requests × the pod's mean prompt length (400-2,000) × (0.9-1.1 noise)
 *   prefix-cache queries = prompt tokens; hits = queries × the pod's hit rate (5-65%) × (0.9-1.1)
 *   KV-cache usage = 0.03 + 0.9 × load
 *   ITL p50 = weights GB ÷ bandwidth GB/s × 1.6 × (1 + 2 × load); p95 = 1.8 × p50
 *   TTFT p50 = 30 ms + uncached prompt ÷ (12 × peak tokens/s) × (1 + 3 × load²); p95 = (2 + 2 × load) × p50
 * Histogram observations (lognormal with that median and 95th percentile): one TTFT per request,
 * one ITL per output token after each request's first. Calibrated loosely against the published
 * ITLs (Lambda: Llama 3.1 8B on H100 SXM 19.75 ms, A100 42.85 ms at 320 prompts) and NIM's 70B TTFT.
 */
import type { GpuType } from '../domain/catalog';
import { gpuFraction, gpuInstanceMemMiB } from '../domain/mig';
import data from '../domain/data/inference.json';
import { emptyServingTotals, ITL_BUCKETS_SECONDS, TTFT_BUCKETS_SECONDS, type ServingTotals } from '../domain/inference-economics';
import type { Pod } from './model';
import { countedRuns } from './pod-observations';
import { hashString, noise } from './rng';
import { SAMPLE_PERIOD_MS, type GpuSampler } from './telemetry';

export interface ServingModel {
  id: string;
  name: string;
  weightsGB: number;
  throughputFactor: number;
  sizeClass: 'small' | 'large';
}

export const SERVING_MODELS: readonly ServingModel[] = data.models.entries.map((m) => ({
  id: m.id,
  name: m.name,
  weightsGB: m.weightsGB,
  throughputFactor: m.throughputFactor,
  sizeClass: m.sizeClass === 'large' ? 'large' : 'small',
}));

const PEAK_BY_GPU = new Map(data.throughput.perGpu.map((r) => [r.gpuTypeId, r.outputTokensPerSecond]));

/** Output tokens/s one GPU of a type reaches at full load with a 7-8B model (data/inference.json); unknown types: the L4 figure. */
export function peakOutputTokensPerSecond(gpuTypeId: string): number {
  return PEAK_BY_GPU.get(gpuTypeId) ?? PEAK_BY_GPU.get('l4') ?? 300;
}

/** SM activity at which the engine is at its peak throughput (the inference archetype's busiest). */
const SM_AT_PEAK = 0.6;
const IDLE_ENGINE = 0.02;
/** A model fits a GPU when its weights take at most this share of its memory (the rest: KV cache). */
const WEIGHTS_SHARE = 0.85;

export function isServingPod(pod: Pick<Pod, 'archetype'>): boolean {
  return pod.archetype === 'inference' || pod.archetype === 'small-model';
}

/** What a serving pod runs and how its traffic looks: fixed per pod. */
export interface ServingProfile {
  model: ServingModel;
  meanPromptTokens: number;
  meanOutputTokens: number;
  prefixHitRate: number;
  /** This model's peak output tokens/s on one GPU of the pod's type. */
  peakTokensPerSecond: number;
  /** Inter-token latency at no load, seconds. */
  itlBaseSeconds: number;
  key: number;
}

const SMALL_BY_NAME: Array<[RegExp, string]> = [
  [/mistral/i, 'mistral-7b-instruct-v0.3'],
  [/qwen/i, 'qwen2.5-7b-instruct'],
  [/llama/i, 'llama-3.1-8b-instruct'],
];

/**
 * The model a serving pod runs (null: not a serving pod). On a MIG slice the model must fit the
 * slice's memory (the same 85% rule); a slice no model fits serves none.
 */
export function servingModelOf(pod: Pick<Pod, 'archetype' | 'name' | 'seed' | 'migProfile'>, gpu: Pick<GpuType, 'vramGiB'>): ServingModel | null {
  if (!isServingPod(pod)) return null;
  const memGiB = gpuInstanceMemMiB(pod.migProfile, gpu.vramGiB) / 1024;
  const onSlice = pod.migProfile != null;
  const small = SERVING_MODELS.filter((m) => m.sizeClass === 'small');
  const named = SMALL_BY_NAME.find(([re]) => re.test(pod.name));
  if (named) {
    const m = SERVING_MODELS.find((x) => x.id === named[1]);
    if (m && (!onSlice || m.weightsGB <= memGiB * WEIGHTS_SHARE)) return m;
    if (m && onSlice) return null;
  }
  const fits = (pod.archetype === 'small-model' ? small : SERVING_MODELS).filter((m) => m.weightsGB <= memGiB * WEIGHTS_SHARE);
  if (onSlice && fits.length === 0) return null;
  const candidates = fits.length > 0 ? fits : small;
  return candidates[hashString(`serving-model:${pod.seed}`) % candidates.length] ?? null;
}

const profiles = new Map<string, ServingProfile | null>();

/**
 * What a serving pod runs and how its traffic looks. On a MIG slice the engine has the slice's
 * share of the GPU: its compute slices ÷ 7 of the peak throughput, and its memory's share of the
 * memory bandwidth (MIG divides both), so its inter-token latency is longer.
 */
export function servingProfileOf(pod: Pick<Pod, 'archetype' | 'name' | 'seed' | 'gpuTypeId' | 'migProfile'>, gpu: GpuType): ServingProfile | null {
  const cacheKey = `${pod.seed}|${pod.name}|${pod.archetype}|${gpu.id}|${pod.migProfile ?? ''}`;
  const hit = profiles.get(cacheKey);
  if (hit !== undefined) return hit;
  const model = servingModelOf(pod, gpu);
  let profile: ServingProfile | null = null;
  if (model) {
    const key = hashString(`serving:${pod.seed}`);
    const r = (salt: number): number => noise(key, salt);
    const memoryShare = gpuInstanceMemMiB(pod.migProfile, gpu.vramGiB) / 1024 / gpu.vramGiB;
    profile = {
      model,
      meanPromptTokens: Math.round(400 + 1600 * r(1)),
      meanOutputTokens: Math.round(150 + 250 * r(2)),
      prefixHitRate: Math.round((0.05 + 0.6 * r(3)) * 100) / 100,
      peakTokensPerSecond: peakOutputTokensPerSecond(gpu.id) * model.throughputFactor * gpuFraction(pod.migProfile),
      itlBaseSeconds: (model.weightsGB / Math.max(1, gpu.memBandwidthGBs * Math.min(1, memoryShare))) * 1.6,
      key,
    };
  }
  if (profiles.size > 5000) profiles.clear();
  profiles.set(cacheKey, profile);
  return profile;
}

/** Standard normal CDF (Abramowitz and Stegun 7.1.26, |error| < 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** Cumulative share of a lognormal (median p50, 95th percentile p95) at or below each bound. */
export function lognormalShares(bounds: readonly number[], p50: number, p95: number): number[] {
  const sigma = Math.max(1e-6, Math.log(p95 / p50) / 1.6448536);
  const mu = Math.log(p50);
  return bounds.map((b) => normalCdf((Math.log(b) - mu) / sigma));
}

/** Loads are quantized to 1/LOAD_STEPS for the latency shapes (the shares are computed once per step). */
const LOAD_STEPS = 50;

export function latencyAt(profile: ServingProfile, load: number): { ttftP50: number; ttftP95: number; itlP50: number; itlP95: number } {
  const uncached = profile.meanPromptTokens * (1 - profile.prefixHitRate);
  const ttftP50 = 0.03 + (uncached / (12 * profile.peakTokensPerSecond)) * (1 + 3 * load * load);
  const itlP50 = profile.itlBaseSeconds * (1 + 2 * load);
  return { ttftP50, ttftP95: ttftP50 * (2 + 2 * load), itlP50, itlP95: itlP50 * 1.8 };
}

interface Shapes {
  ttft: number[][];
  itl: number[][];
}
const shapes = new WeakMap<ServingProfile, Shapes>();

function shapesOf(profile: ServingProfile): Shapes {
  let s = shapes.get(profile);
  if (!s) {
    s = { ttft: [], itl: [] };
    for (let q = 0; q <= LOAD_STEPS; q++) {
      const l = latencyAt(profile, q / LOAD_STEPS);
      s.ttft.push(lognormalShares(TTFT_BUCKETS_SECONDS, l.ttftP50, l.ttftP95));
      s.itl.push(lognormalShares(ITL_BUCKETS_SECONDS, l.itlP50, l.itlP95));
    }
    shapes.set(profile, s);
  }
  return s;
}

/** One GPU's serving figures in one period (integers; histograms cumulative, +Inf last). */
export interface ServingPeriod {
  promptTokens: number;
  generationTokens: number;
  requests: number;
  prefixCacheQueries: number;
  prefixCacheHits: number;
  /** vllm:kv_cache_usage_perc, 0-1. */
  kvCacheUsage: number;
  ttftBuckets: number[];
  itlBuckets: number[];
}

function addObservations(into: number[], shares: readonly number[], count: number): void {
  for (let i = 0; i < shares.length; i++) into[i] = (into[i] ?? 0) + Math.round(count * (shares[i] ?? 0));
  into[shares.length] = (into[shares.length] ?? 0) + count;
}

/** The period being computed: its counters (no object per period on the hot path). */
const current = { promptTokens: 0, generationTokens: 0, requests: 0, prefixCacheHits: 0, kvCacheUsage: 0 };

/**
 * Computes one GPU's period into `current`, and adds its histogram observations into the given
 * cumulative bucket arrays (a fresh period's, or a running total's: the counts are the same).
 */
function computePeriod(
  profile: ServingProfile,
  gpuIndex: number,
  tMs: number,
  runningMs: number,
  sample: { DCGM_FI_PROF_GR_ENGINE_ACTIVE: number; DCGM_FI_PROF_SM_ACTIVE: number } | null,
  ttftInto: number[],
  itlInto: number[],
): void {
  const bucket = Math.floor(tMs / SAMPLE_PERIOD_MS);
  const key = (profile.key ^ Math.imul(gpuIndex + 1, 0x2545f491)) >>> 0;
  const idle = !sample || sample.DCGM_FI_PROF_GR_ENGINE_ACTIVE < IDLE_ENGINE || runningMs <= 0;
  const load = idle ? 0 : Math.min(1, sample.DCGM_FI_PROF_SM_ACTIVE / SM_AT_PEAK);
  const generationTokens = idle ? 0 : Math.floor(profile.peakTokensPerSecond * load * (runningMs / 1000) * (0.95 + 0.1 * noise((key + 7919) | 0, bucket)));
  const requests = Math.round(generationTokens / profile.meanOutputTokens);
  const promptTokens = requests === 0 ? 0 : Math.round(requests * profile.meanPromptTokens * (0.9 + 0.2 * noise((key + 2 * 7919) | 0, bucket)));
  current.prefixCacheHits = promptTokens === 0 ? 0 : Math.min(promptTokens, Math.round(promptTokens * profile.prefixHitRate * (0.9 + 0.2 * noise((key + 3 * 7919) | 0, bucket))));
  current.promptTokens = promptTokens;
  current.generationTokens = generationTokens;
  current.requests = requests;
  current.kvCacheUsage = sample && runningMs > 0 ? Math.round((0.03 + 0.9 * load) * 1000) / 1000 : 0;
  if (requests > 0) {
    const s = shapesOf(profile);
    const q = Math.round(load * LOAD_STEPS);
    addObservations(ttftInto, s.ttft[q] ?? [], requests);
    addObservations(itlInto, s.itl[q] ?? [], Math.max(0, generationTokens - requests));
  }
}

/**
 * The serving figures of one GPU of a serving pod over `runningMs` of the 5-minute period holding
 * tMs, given that GPU's DCGM sample in it (null: unobserved, nothing counted).
 */
export function servingPeriod(
  profile: ServingProfile,
  gpuIndex: number,
  tMs: number,
  runningMs: number,
  sample: { DCGM_FI_PROF_GR_ENGINE_ACTIVE: number; DCGM_FI_PROF_SM_ACTIVE: number } | null,
): ServingPeriod {
  const ttftBuckets = new Array<number>(TTFT_BUCKETS_SECONDS.length + 1).fill(0);
  const itlBuckets = new Array<number>(ITL_BUCKETS_SECONDS.length + 1).fill(0);
  computePeriod(profile, gpuIndex, tMs, runningMs, sample, ttftBuckets, itlBuckets);
  return {
    promptTokens: current.promptTokens,
    generationTokens: current.generationTokens,
    requests: current.requests,
    prefixCacheQueries: current.promptTokens,
    prefixCacheHits: current.prefixCacheHits,
    kvCacheUsage: current.kvCacheUsage,
    ttftBuckets,
    itlBuckets,
  };
}

/**
 * Visits every 5-minute period of [fromMs, toMs) in which the pod ran, per GPU, with its running
 * time in it and when it is sampled: the same periods, running time and sampling moment the usage
 * ledger bills (usage-ledger.ts: the middle of the period's first running stretch).
 */
function forEachRunningPeriod(pod: Pod, fromMs: number, toMs: number, visit: (periodStartMs: number, gpuIndex: number, runningMs: number, sampleAtMs: number) => void): void {
  const runs = countedRuns(pod, fromMs, toMs);
  if (runs.length === 0) return;
  const maxGpus = runs.reduce((m, r) => Math.max(m, r.gpuCount), 0);
  const first = Math.floor((runs[0]?.startMs ?? fromMs) / SAMPLE_PERIOD_MS) * SAMPLE_PERIOD_MS;
  const last = runs[runs.length - 1]?.endMs ?? toMs;
  let k0 = 0;
  for (let ps = first; ps < last; ps += SAMPLE_PERIOD_MS) {
    const pe = ps + SAMPLE_PERIOD_MS;
    while (k0 < runs.length && (runs[k0]?.endMs ?? 0) <= ps) k0++;
    if (k0 >= runs.length) break;
    for (let g = 0; g < maxGpus; g++) {
      let runningMs = 0;
      let sampleAtMs = -1;
      for (let k = k0; k < runs.length; k++) {
        const r = runs[k]!;
        if (r.startMs >= pe) break;
        if (r.endMs <= ps || r.gpuCount <= g) continue;
        const s = Math.max(r.startMs, ps);
        const e = Math.min(r.endMs, pe);
        if (sampleAtMs < 0) sampleAtMs = Math.floor((s + e) / 2);
        runningMs += e - s;
      }
      if (runningMs > 0) visit(ps, g, runningMs, sampleAtMs);
    }
  }
}

/** Visits every period of [fromMs, toMs) a serving pod ran in, with each GPU's figures for its running time in it. */
export function forEachServingPeriod(
  pod: Pod,
  gpu: GpuType,
  fromMs: number,
  toMs: number,
  sample: GpuSampler,
  visit: (periodStartMs: number, gpuIndex: number, runningMs: number, period: ServingPeriod, observed: boolean) => void,
): void {
  const profile = servingProfileOf(pod, gpu);
  if (!profile) return;
  forEachRunningPeriod(pod, fromMs, toMs, (ps, g, runningMs, sampleAtMs) => {
    const s = sample(pod, gpu, g, sampleAtMs);
    visit(ps, g, runningMs, servingPeriod(profile, g, sampleAtMs, runningMs, s), s !== null);
  });
}

/** Adds the period in `current` (its histograms already added) to a total. */
function addCurrent(into: ServingTotals, gpuSeconds: number, observed: boolean): void {
  into.promptTokens += current.promptTokens;
  into.generationTokens += current.generationTokens;
  into.requests += current.requests;
  into.prefixCacheQueries += current.promptTokens;
  into.prefixCacheHits += current.prefixCacheHits;
  if (observed) {
    into.kvUsageGpuSeconds += current.kvCacheUsage * gpuSeconds;
    into.kvGpuSeconds += gpuSeconds;
  }
}

/** Adds a period read from a metrics store to a total (as addCurrent adds a generated one), its KV-cache gauge over gpuSeconds. */
export function addServingPeriod(into: ServingTotals, p: ServingPeriod, gpuSeconds: number): void {
  into.promptTokens += p.promptTokens;
  into.generationTokens += p.generationTokens;
  into.requests += p.requests;
  into.prefixCacheQueries += p.prefixCacheQueries;
  into.prefixCacheHits += p.prefixCacheHits;
  into.kvUsageGpuSeconds += p.kvCacheUsage * gpuSeconds;
  into.kvGpuSeconds += gpuSeconds;
  for (let i = 0; i < p.ttftBuckets.length; i++) into.ttftBuckets[i] = (into.ttftBuckets[i] ?? 0) + (p.ttftBuckets[i] ?? 0);
  for (let i = 0; i < p.itlBuckets.length; i++) into.itlBuckets[i] = (into.itlBuckets[i] ?? 0) + (p.itlBuckets[i] ?? 0);
}

/**
 * Where a GPU's serving figures of one 5-minute period (its start) come from when they are not
 * generated here: a metrics store holding vLLM's series (server/prometheus-serving.ts). Null: the
 * store has nothing for that period (unobserved: no tokens, and its KV cache unknown).
 */
export type ServingSampler = (pod: Pod, gpu: GpuType, gpuIndex: number, periodStartMs: number) => ServingPeriod | null;

/**
 * When a GPU's serving engine started, as seen at tMs: vLLM's counters count from the engine's
 * start, and an engine starts with each counted run (a start, or a change of the pod's GPU count,
 * restarts the container). Null: the GPU did not run at tMs.
 */
export function engineStartMs(pod: Pod, gpuIndex: number, tMs: number): number | null {
  for (const run of countedRuns(pod, 0, tMs + 1)) if (run.startMs <= tMs && run.endMs > tMs && run.gpuCount > gpuIndex) return run.startMs;
  return null;
}

/** One GPU's period as a serving recommendation reads it: output tokens and the KV-cache gauge over its running time. */
export type ServingPeriodVisitor = (periodStartMs: number, gpuIndex: number, runningMs: number, generationTokens: number, kvCacheUsage: number) => void;

function addPeriodsInto(
  pod: Pod,
  gpu: GpuType,
  profile: ServingProfile,
  fromMs: number,
  toMs: number,
  sample: GpuSampler,
  totalsAt: (periodStartMs: number) => ServingTotals,
  onPeriod?: ServingPeriodVisitor,
  store?: ServingSampler,
): void {
  forEachRunningPeriod(pod, fromMs, toMs, (ps, g, runningMs, sampleAtMs) => {
    const into = totalsAt(ps);
    if (store) {
      const p = store(pod, gpu, g, ps);
      if (!p) return;
      addServingPeriod(into, p, Math.floor(runningMs / 1000));
      onPeriod?.(ps, g, runningMs, p.generationTokens, p.kvCacheUsage);
      return;
    }
    const s = sample(pod, gpu, g, sampleAtMs);
    computePeriod(profile, g, sampleAtMs, runningMs, s, into.ttftBuckets, into.itlBuckets);
    addCurrent(into, Math.floor(runningMs / 1000), s !== null);
    if (onPeriod && s !== null) onPeriod(ps, g, runningMs, current.generationTokens, current.kvCacheUsage);
  });
}

/**
 * A serving pod's totals over [fromMs, toMs): the sum of its periods' figures (null: not a serving
 * pod), generated from its GPU samples or, given a store, read from it. `onPeriod` sees each
 * observed GPU period in the same pass (for peaks: the pass is the cost).
 */
export function servingTotals(pod: Pod, gpu: GpuType, fromMs: number, toMs: number, sample: GpuSampler, onPeriod?: ServingPeriodVisitor, store?: ServingSampler): ServingTotals | null {
  const profile = servingProfileOf(pod, gpu);
  if (!profile) return null;
  const totals = emptyServingTotals();
  addPeriodsInto(pod, gpu, profile, fromMs, toMs, sample, () => totals, onPeriod, store);
  return totals;
}

/** A serving pod's totals per UTC day of [fromMs, toMs), by day start. */
export function servingTotalsByDay(pod: Pod, gpu: GpuType, fromMs: number, toMs: number, sample: GpuSampler, dayOf: (tMs: number) => number, store?: ServingSampler): Map<number, ServingTotals> {
  const out = new Map<number, ServingTotals>();
  const profile = servingProfileOf(pod, gpu);
  if (!profile) return out;
  addPeriodsInto(pod, gpu, profile, fromMs, toMs, sample, (ps) => {
    const day = dayOf(ps);
    let t = out.get(day);
    if (!t) {
      t = emptyServingTotals();
      out.set(day, t);
    }
    return t;
  }, undefined, store);
  return out;
}
