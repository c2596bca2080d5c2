/**
 * Inference economics: what a million tokens cost on the GPUs that served them, and how many
 * tokens a dollar-hour buys at the latency the server delivered.
 *
 * Counted: GPU spend from the usage ledger (the same GPU-hour rows the waste figures sum, so the
 * two add up; disk is not in it) and the vLLM serving counters of the same running time: prompt
 * (input) and generation (output) tokens, finished requests, prefix-cache queries and hits (in
 * tokens), KV-cache usage (a 0-1 gauge, averaged over GPU-seconds) and the time-to-first-token
 * and inter-token-latency histograms (vLLM's bucket bounds, cumulative counts as Prometheus'
 * `_bucket{le}` series), whose percentiles are read as Prometheus' histogram_quantile does.
 *
 * The split rule: a pod's spend is split between its input and output tokens by weight, an
 * output token weighing OUTPUT_TOKEN_WEIGHT input tokens (largest remainder, so the two parts
 * are whole cents that add up to the spend; a spend with no tokens is split 1 : 4). 4 is the median ratio of output to input list price
 * of the hosted-API rows in the team's reference table (data/inference.json outputTokenWeight):
 * how the market prices decode (sequential, memory-bound) against prefill (parallel,
 * compute-bound). A convention, not a measurement: vLLM does not count GPU time per phase. The split is made per
 * pod and summed, so a model's, project's or GPU type's input and output spend are the sums of
 * its pods' and add up to its spend at every level.
 *
 * Cost per million tokens (micro-dollars, an integer, half up): input = input cents ÷ prompt
 * tokens × 10^6, output = output cents ÷ generation tokens × 10^6, blended = spend ÷ (prompt +
 * generation tokens) × 10^6; null (never Infinity) with no tokens. Performance per dollar:
 * output tokens per second per dollar-hour = (tokens ÷ seconds) ÷ (dollars ÷ hours) = output
 * tokens ÷ (3,600 × dollars); null with no spend. It is shown beside the p50/p95 TTFT it was
 * delivered at, so a cheaper GPU that misses the latency is not read as better.
 */
import { allocateCents, type Cents } from './money';
import data from './data/inference.json';

/** An output token's weight in input tokens when a pod's spend is split (see above). */
export const OUTPUT_TOKEN_WEIGHT: number = data.outputTokenWeight.value;

export const TTFT_BUCKETS_SECONDS: readonly number[] = data.vllmHistogramBucketsSeconds.timeToFirstToken;
export const ITL_BUCKETS_SECONDS: readonly number[] = data.vllmHistogramBucketsSeconds.interTokenLatency;

/**
 * What a pod's vLLM server counted over some time, summed. Histograms are cumulative counts per
 * bucket bound (`le`), the last entry being +Inf (the count of observations).
 */
export interface ServingTotals {
  promptTokens: number;
  generationTokens: number;
  requests: number;
  prefixCacheQueries: number;
  prefixCacheHits: number;
  /** KV-cache usage (0-1) × GPU-seconds: ÷ kvGpuSeconds is the mean usage. */
  kvUsageGpuSeconds: number;
  /** GPU-seconds the KV-cache gauge was read over. */
  kvGpuSeconds: number;
  ttftBuckets: number[];
  itlBuckets: number[];
}

export function emptyServingTotals(): ServingTotals {
  return {
    promptTokens: 0,
    generationTokens: 0,
    requests: 0,
    prefixCacheQueries: 0,
    prefixCacheHits: 0,
    kvUsageGpuSeconds: 0,
    kvGpuSeconds: 0,
    ttftBuckets: new Array<number>(TTFT_BUCKETS_SECONDS.length + 1).fill(0),
    itlBuckets: new Array<number>(ITL_BUCKETS_SECONDS.length + 1).fill(0),
  };
}

export function addServingTotals(into: ServingTotals, from: ServingTotals): ServingTotals {
  into.promptTokens += from.promptTokens;
  into.generationTokens += from.generationTokens;
  into.requests += from.requests;
  into.prefixCacheQueries += from.prefixCacheQueries;
  into.prefixCacheHits += from.prefixCacheHits;
  into.kvUsageGpuSeconds += from.kvUsageGpuSeconds;
  into.kvGpuSeconds += from.kvGpuSeconds;
  for (let i = 0; i < into.ttftBuckets.length; i++) into.ttftBuckets[i] = (into.ttftBuckets[i] ?? 0) + (from.ttftBuckets[i] ?? 0);
  for (let i = 0; i < into.itlBuckets.length; i++) into.itlBuckets[i] = (into.itlBuckets[i] ?? 0) + (from.itlBuckets[i] ?? 0);
  return into;
}

/**
 * The q-quantile of a cumulative histogram, as Prometheus' histogram_quantile reads it: linear
 * inside the bucket that holds it (the first bucket from 0); in the +Inf bucket, the highest
 * finite bound. Null without observations.
 */
export function histogramQuantile(bounds: readonly number[], cumulative: readonly number[], q: number): number | null {
  const total = cumulative[cumulative.length - 1] ?? 0;
  if (!(total > 0) || q < 0 || q > 1) return null;
  const rank = q * total;
  for (let i = 0; i < bounds.length; i++) {
    const c = cumulative[i] ?? 0;
    if (c >= rank) {
      const below = i === 0 ? 0 : (cumulative[i - 1] ?? 0);
      const lower = i === 0 ? 0 : (bounds[i - 1] ?? 0);
      const upper = bounds[i] ?? 0;
      if (c === below) return upper;
      return lower + ((upper - lower) * (rank - below)) / (c - below);
    }
  }
  return bounds[bounds.length - 1] ?? null;
}

/**
 * Splits a spend between input and output tokens by the weight rule; the parts always add up to
 * the spend. A spend with no tokens at all (a serving pod idle all window) is split as one input
 * token against one output token (1 : the weight), so it still counts at every level above.
 */
export function splitSpend(spendCents: Cents, promptTokens: number, generationTokens: number): { inputCents: Cents; outputCents: Cents } {
  const none = promptTokens + generationTokens === 0;
  const [inputCents = 0, outputCents = 0] = allocateCents(spendCents, none ? [1, OUTPUT_TOKEN_WEIGHT] : [promptTokens, OUTPUT_TOKEN_WEIGHT * generationTokens]);
  return { inputCents, outputCents };
}

/** cents ÷ tokens × 10^6, in micro-dollars per million tokens, rounded half up, exact; null without tokens. */
export function microUsdPerMillionTokens(cents: Cents, tokens: number): number | null {
  if (!(tokens > 0) || !Number.isInteger(tokens) || !Number.isInteger(cents)) return null;
  // cents × 10^4 micro-dollars × 10^6 ÷ tokens
  const n = BigInt(cents) * 10_000_000_000n;
  const d = BigInt(tokens);
  const neg = n < 0n;
  const a = neg ? -n : n;
  const q = (2n * a + d) / (2n * d);
  return Number(neg ? -q : q);
}

/** Output tokens per second per dollar-hour: tokens ÷ (3,600 × dollars); null without spend. */
export function tokensPerSecondPerDollarHour(outputTokens: number, spendCents: Cents): number | null {
  if (!(spendCents > 0)) return null;
  return Math.round((outputTokens / (36 * spendCents)) * 1000) / 1000;
}

/** A hosted API's list price, in integer micro-dollars per million tokens. */
export interface HostedPrice {
  id: string;
  provider: string;
  model: string;
  microUsdPer1MInputTokens: number;
  microUsdPer1MOutputTokens: number;
  /** When the price was read (show it beside any figure computed from it). */
  date: string;
  source: string;
  comparableTo: 'small' | 'large';
}

/** What the same tokens would have cost at a hosted API's list prices, in cents (half up). */
export function hostedCostCents(price: Pick<HostedPrice, 'microUsdPer1MInputTokens' | 'microUsdPer1MOutputTokens'>, promptTokens: number, generationTokens: number): Cents {
  // tokens × micro-dollars per 10^6 tokens ÷ 10^4 micro-dollars per cent
  const micro = BigInt(promptTokens) * BigInt(price.microUsdPer1MInputTokens) + BigInt(generationTokens) * BigInt(price.microUsdPer1MOutputTokens);
  return Number((micro + 5_000_000_000n) / 10_000_000_000n);
}

export const HOSTED_PRICES: readonly HostedPrice[] = data.hostedApiPrices.entries.map((e) => ({
  id: e.id,
  provider: e.provider,
  model: e.model,
  microUsdPer1MInputTokens: Math.round(e.usdPer1MInputTokens * 1_000_000),
  microUsdPer1MOutputTokens: Math.round(e.usdPer1MOutputTokens * 1_000_000),
  date: e.date,
  source: e.source,
  comparableTo: e.comparableTo === 'large' ? 'large' : 'small',
}));

/** One pod's serving over a window with its GPU spend from the usage ledger, split by the rule. */
export interface ServingUsage {
  totals: ServingTotals;
  spendCents: Cents;
  inputSpendCents: Cents;
  outputSpendCents: Cents;
  /** Allocated GPU-seconds (the ledger's). */
  gpuSeconds: number;
}

/** A pod's usage: its counters and spend, the spend split by the weight rule. */
export function servingUsage(totals: ServingTotals, spendCents: Cents, gpuSeconds: number): ServingUsage {
  const { inputCents, outputCents } = splitSpend(spendCents, totals.promptTokens, totals.generationTokens);
  return { totals, spendCents, inputSpendCents: inputCents, outputSpendCents: outputCents, gpuSeconds };
}

export function emptyServingUsage(): ServingUsage {
  return { totals: emptyServingTotals(), spendCents: 0, inputSpendCents: 0, outputSpendCents: 0, gpuSeconds: 0 };
}

/** Sums usages (pods into a model, project, GPU type or the whole): every part is a plain sum. */
export function addServingUsage(into: ServingUsage, from: ServingUsage): ServingUsage {
  addServingTotals(into.totals, from.totals);
  into.spendCents += from.spendCents;
  into.inputSpendCents += from.inputSpendCents;
  into.outputSpendCents += from.outputSpendCents;
  into.gpuSeconds += from.gpuSeconds;
  return into;
}

/** Groups usages by a key, each group the sum of its members (in first-seen order). */
export function groupUsage<T>(items: readonly T[], keyOf: (item: T) => string, usageOf: (item: T) => ServingUsage): Map<string, ServingUsage> {
  const out = new Map<string, ServingUsage>();
  for (const item of items) {
    const key = keyOf(item);
    let group = out.get(key);
    if (!group) {
      group = emptyServingUsage();
      out.set(key, group);
    }
    addServingUsage(group, usageOf(item));
  }
  return out;
}

/** The figures of a usage, as the API answers them. */
export interface InferenceFigures {
  promptTokens: number;
  generationTokens: number;
  requests: number;
  spendCents: Cents;
  inputSpendCents: Cents;
  outputSpendCents: Cents;
  gpuSeconds: number;
  inputMicroUsdPerMillionTokens: number | null;
  outputMicroUsdPerMillionTokens: number | null;
  blendedMicroUsdPerMillionTokens: number | null;
  ttftP50Seconds: number | null;
  ttftP95Seconds: number | null;
  interTokenLatencyP50Seconds: number | null;
  interTokenLatencyP95Seconds: number | null;
  /** Mean KV-cache usage, 0-1. */
  kvCacheUsage: number | null;
  /** prefix_cache_hits ÷ prefix_cache_queries (tokens). */
  prefixCacheHitRate: number | null;
  /** Output tokens per allocated GPU-second. */
  outputTokensPerGpuSecond: number | null;
  outputTokensPerSecondPerDollarHour: number | null;
}

const round = (x: number | null, digits: number): number | null => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

export function inferenceFigures(u: ServingUsage): InferenceFigures {
  const t = u.totals;
  return {
    promptTokens: t.promptTokens,
    generationTokens: t.generationTokens,
    requests: t.requests,
    spendCents: u.spendCents,
    inputSpendCents: u.inputSpendCents,
    outputSpendCents: u.outputSpendCents,
    gpuSeconds: u.gpuSeconds,
    inputMicroUsdPerMillionTokens: microUsdPerMillionTokens(u.inputSpendCents, t.promptTokens),
    outputMicroUsdPerMillionTokens: microUsdPerMillionTokens(u.outputSpendCents, t.generationTokens),
    blendedMicroUsdPerMillionTokens: microUsdPerMillionTokens(u.spendCents, t.promptTokens + t.generationTokens),
    ttftP50Seconds: round(histogramQuantile(TTFT_BUCKETS_SECONDS, t.ttftBuckets, 0.5), 4),
    ttftP95Seconds: round(histogramQuantile(TTFT_BUCKETS_SECONDS, t.ttftBuckets, 0.95), 4),
    interTokenLatencyP50Seconds: round(histogramQuantile(ITL_BUCKETS_SECONDS, t.itlBuckets, 0.5), 4),
    interTokenLatencyP95Seconds: round(histogramQuantile(ITL_BUCKETS_SECONDS, t.itlBuckets, 0.95), 4),
    kvCacheUsage: t.kvGpuSeconds > 0 ? round(t.kvUsageGpuSeconds / t.kvGpuSeconds, 3) : null,
    prefixCacheHitRate: t.prefixCacheQueries > 0 ? round(t.prefixCacheHits / t.prefixCacheQueries, 3) : null,
    outputTokensPerGpuSecond: u.gpuSeconds > 0 ? round(t.generationTokens / u.gpuSeconds, 2) : null,
    outputTokensPerSecondPerDollarHour: tokensPerSecondPerDollarHour(t.generationTokens, u.spendCents),
  };
}

/** A hosted API's price beside the organization's own tokens: what they would have cost there. */
export interface HostedComparison extends HostedPrice {
  sameTokensCents: Cents;
}

export function hostedComparisons(sizeClass: 'small' | 'large', promptTokens: number, generationTokens: number): HostedComparison[] {
  return HOSTED_PRICES.filter((p) => p.comparableTo === sizeClass).map((p) => ({ ...p, sameTokensCents: hostedCostCents(p, promptTokens, generationTokens) }));
}
