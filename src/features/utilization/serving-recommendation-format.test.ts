import { describe, expect, it } from 'vitest';
import { confidenceWords, evidenceRows, evidenceWords, recommendationTitle, savingWords, type ServingRecommendation } from './serving-recommendation-format';

const base = {
  modelId: 'm7b',
  modelName: 'Mistral 7B Instruct v0.3',
  projectId: 'p-embed',
  regionId: 'se-bod-1',
  currentMonthlyCostCents: 400_320,
  projectedMonthlyCostCents: 300_240,
  monthlySavingsCents: 100_080,
  estimate: false,
  confidence: { level: 'medium', daysObserved: 7 },
} as const;

const fewer: ServingRecommendation = {
  ...base,
  id: 'srec-fewer-replicas-p-embed~m7b~se-bod-1',
  kind: 'fewer-replicas',
  podIds: ['pod-a', 'pod-b'],
  podNames: ['embed-a', 'embed-b'],
  evidence: {
    kind: 'fewer-replicas',
    replicasNow: 5,
    replicasAfter: 2,
    pods: [
      { podId: 'pod-a', podName: 'embed-a', gpuTypeId: 'a100-80-sxm', gpuTypeName: 'A100 80GB SXM', gpuCountNow: 1, gpuCountAfter: 0, outputTokensPerSecondPerGpu: 1517, kvCacheGiBPerGpu: 57.1 },
      { podId: 'pod-b', podName: 'embed-b', gpuTypeId: 'a100-80-sxm', gpuTypeName: 'A100 80GB SXM', gpuCountNow: 4, gpuCountAfter: 2, outputTokensPerSecondPerGpu: 1517, kvCacheGiBPerGpu: 57.1 },
    ],
    peakOutputTokensPerSecond: 2000,
    capacityNowTokensPerSecond: 7585,
    capacityAfterTokensPerSecond: 3034,
    peakUtilizationNow: 0.264,
    peakUtilizationAfter: 0.659,
    peakKvCacheGiB: 50,
    kvCacheNowGiB: 285.5,
    kvCacheAfterGiB: 114.2,
    peakKvUtilizationNow: 0.175,
    peakKvUtilizationAfter: 0.438,
    maxUtilization: 0.7,
    ttftP95Seconds: 0.4935,
  },
};

describe('a serving recommendation in words', () => {
  it('names what changes, the saving and confidence, and the evidence as now against after', () => {
    expect(recommendationTitle(fewer)).toBe('Serve Mistral 7B Instruct v0.3 on 2 GPUs instead of 5 in se-bod-1');
    expect(savingWords(fewer)).toBe('Saves $1,000.80 a month');
    expect(confidenceWords(fewer)).toBe('Medium confidence · 7 days of telemetry');
    expect(confidenceWords({ ...fewer, confidence: { level: 'low', daysObserved: 1 } })).toBe('Low confidence · 1 day of telemetry');
    const words = evidenceWords(fewer, (id) => (id === 'p-embed' ? 'Embeddings API' : id)).join(' ');
    expect(words).toContain('5 GPUs serve Mistral 7B Instruct v0.3 for Embeddings API in se-bod-1');
    expect(words).toContain('On 2 GPUs that peak would be 65.9% of their throughput and 43.8% of their KV cache, within the 70% a serving autoscaler keeps');
    expect(words).toContain('stop embed-a (1× A100 80GB SXM), take embed-b from 4 GPUs to 2');
    expect(words).toContain("Today's p95 time to first token is 494 ms");
    expect(evidenceRows(fewer)).toEqual([
      { label: 'Replicas (GPUs)', now: '5', after: '2' },
      { label: 'Benchmark throughput, output tokens/s', now: '7,585', after: '3,034' },
      { label: 'Busiest 5 minutes, share of throughput', now: '26.4%', after: '65.9%' },
      { label: 'KV cache', now: '286 GiB', after: '114 GiB' },
      { label: 'Busiest 5 minutes, share of KV cache', now: '17.5%', after: '43.8%' },
      { label: 'GPU cost a month', now: '$4,003.20', after: '$3,002.40' },
    ]);
  });

  it('says an estimate is one, with its assumption', () => {
    const prefix: ServingRecommendation = {
      ...base,
      id: 'srec-prefix-cache-pod-a',
      kind: 'prefix-cache',
      podIds: ['pod-a'],
      podNames: ['chat-low'],
      currentMonthlyCostCents: 100_080,
      projectedMonthlyCostCents: 75_060,
      monthlySavingsCents: 25_020,
      estimate: true,
      evidence: { kind: 'prefix-cache', hitRateNow: 0.1, targetHitRate: 0.55, bestPodId: 'pod-b', bestPodName: 'chat-high', lowHitRate: 0.3, minGap: 0.15, meanPromptTokens: 10_000, promptTokensPerMonth: 42_857_143, promptTokensAvoidedPerMonth: 19_285_714, inputSpendShare: 0.5 },
    };
    expect(recommendationTitle(prefix)).toBe('Reuse shared prompt prefixes on chat-low');
    expect(savingWords(prefix)).toBe('Frees GPU time worth about $250.20 a month (estimate)');
    const words = evidenceWords(prefix).join(' ');
    expect(words).toContain('chat-low finds 10% of its prompt tokens in its prefix cache; chat-high');
    expect(words).toContain('finds 55% of the same application');
    expect(words).toContain('Estimate: of its 42.9M prompt tokens a month, 19.3M would not be computed again. Assumed: prefill takes 50% of the GPU time');
    expect(evidenceRows(prefix).at(-1)).toEqual({ label: 'GPU cost a month', now: '$1,000.80', after: '$750.60 (estimate)' });
  });
});
