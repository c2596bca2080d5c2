/**
 * Fewer replicas: the GPUs serving one model in one project and region (each GPU one replica,
 * behind one router) whose busiest five minutes of the window would fit on fewer of them with a
 * margin: at that peak, the replicas left run at most `maxReplicaUtilization` of their benchmark
 * throughput (data/inference.json, × the model's factor) and of their KV cache (each GPU's
 * vllm:kv_cache_usage_perc × its KV-cache size, summed, against the KV cache left). The router
 * is assumed to spread load in proportion to each replica's throughput.
 *
 * Which GPUs go: one step at a time, the step that saves the most while the peak still fits (a pod
 * drops to its next smaller allowed GPU count, or stops when it has the smallest); ties by pod id.
 */
import { histogramQuantile, TTFT_BUCKETS_SECONDS } from '../inference-economics';
import type { ServingCatalog } from './cheaper-gpu';
import { daysObserved, kvCacheGiB, modelThroughput, monthlyCostCents, monthlyRunningMs, replicaGroupKey, round2, round3, round4, servingConfidence, type ServingRecommendationSettings } from './rules';
import type { GroupPeak, ReplicaChange, ServingPodMeasured, ServingRecommendation, ThroughputBenchmark } from './types';

interface Replica {
  pod: ServingPodMeasured;
  gpuTypeName: string;
  allowedCounts: number[];
  capPerGpu: number;
  kvPerGpu: number;
  monthMs: number;
}

export function fewerReplicasRecommendation(
  group: readonly ServingPodMeasured[],
  peak: GroupPeak | undefined,
  catalog: ServingCatalog,
  benchmarks: readonly ThroughputBenchmark[],
  settings: ServingRecommendationSettings,
): ServingRecommendation | null {
  const pods = group.filter((p) => p.runningNow && p.gpuCount > 0).sort((a, b) => a.podId.localeCompare(b.podId));
  const first = pods[0];
  if (!first || !peak || pods.reduce((n, p) => n + p.gpuCount, 0) < 2) return null;
  const runningMs = Math.min(...pods.map((p) => p.runningMs));
  if (daysObserved(runningMs) < settings.minDaysObserved) return null;
  const replicas: Replica[] = [];
  for (const pod of pods) {
    const type = catalog.gpuTypes.find((g) => g.id === pod.gpuTypeId);
    const cap = modelThroughput(benchmarks, pod.gpuTypeId, pod.model);
    if (!type || !cap) return null;
    replicas.push({ pod, gpuTypeName: type.name, allowedCounts: [...type.allowedCounts].sort((a, b) => a - b), capPerGpu: cap, kvPerGpu: kvCacheGiB(type, pod.model, settings), monthMs: monthlyRunningMs(pod) });
  }
  const counts = replicas.map((r) => r.pod.gpuCount);
  const capacity = (c: readonly number[]) => replicas.reduce((a, r, i) => a + r.capPerGpu * (c[i] ?? 0), 0);
  const kvCapacity = (c: readonly number[]) => replicas.reduce((a, r, i) => a + r.kvPerGpu * (c[i] ?? 0), 0);
  const margin = settings.maxReplicaUtilization;
  const fits = (c: readonly number[]) => capacity(c) > 0 && peak.outputTokensPerSecond <= margin * capacity(c) && peak.kvCacheGiB <= margin * kvCapacity(c);
  const costOf = (r: Replica, count: number) => monthlyCostCents(r.pod.rateMicroUsdPerGpuHour, count, r.monthMs);

  for (;;) {
    let best = -1;
    let bestTo = 0;
    let bestSaving = 0;
    for (let i = 0; i < replicas.length; i++) {
      const r = replicas[i]!;
      const now = counts[i] ?? 0;
      if (now === 0) continue;
      const to = [...r.allowedCounts].reverse().find((c) => c < now) ?? 0;
      if (!fits(counts.map((c, j) => (j === i ? to : c)))) continue;
      const saving = costOf(r, now) - costOf(r, to);
      if (best < 0 || saving > bestSaving) {
        best = i;
        bestTo = to;
        bestSaving = saving;
      }
    }
    if (best < 0) break;
    counts[best] = bestTo;
  }

  const current = replicas.reduce((a, r) => a + costOf(r, r.pod.gpuCount), 0);
  const projected = replicas.reduce((a, r, i) => a + costOf(r, counts[i] ?? 0), 0);
  if (current - projected < settings.minMonthlySavingsCents) return null;
  const before = replicas.map((r) => r.pod.gpuCount);
  const ttft = new Array<number>(TTFT_BUCKETS_SECONDS.length + 1).fill(0);
  for (const p of pods) p.totals.ttftBuckets.forEach((c, i) => (ttft[i] = (ttft[i] ?? 0) + c));
  const ttftP95 = histogramQuantile(TTFT_BUCKETS_SECONDS, ttft, 0.95);
  const changes: ReplicaChange[] = replicas.map((r, i) => ({
    podId: r.pod.podId,
    podName: r.pod.podName,
    gpuTypeId: r.pod.gpuTypeId,
    gpuTypeName: r.gpuTypeName,
    gpuCountNow: r.pod.gpuCount,
    gpuCountAfter: counts[i] ?? 0,
    outputTokensPerSecondPerGpu: round2(r.capPerGpu),
    kvCacheGiBPerGpu: round2(r.kvPerGpu),
  }));
  return {
    id: `srec-fewer-replicas-${replicaGroupKey(first)}`,
    kind: 'fewer-replicas',
    modelId: first.model.id,
    modelName: first.model.name,
    projectId: first.projectId,
    regionId: first.regionId,
    podIds: pods.map((p) => p.podId),
    podNames: pods.map((p) => p.podName),
    currentMonthlyCostCents: current,
    projectedMonthlyCostCents: projected,
    monthlySavingsCents: current - projected,
    estimate: false,
    confidence: servingConfidence(runningMs),
    evidence: {
      kind: 'fewer-replicas',
      replicasNow: before.reduce((a, c) => a + c, 0),
      replicasAfter: counts.reduce((a, c) => a + c, 0),
      pods: changes,
      peakOutputTokensPerSecond: round2(peak.outputTokensPerSecond),
      capacityNowTokensPerSecond: round2(capacity(before)),
      capacityAfterTokensPerSecond: round2(capacity(counts)),
      peakUtilizationNow: round3(peak.outputTokensPerSecond / capacity(before)),
      peakUtilizationAfter: round3(peak.outputTokensPerSecond / capacity(counts)),
      peakKvCacheGiB: round2(peak.kvCacheGiB),
      kvCacheNowGiB: round2(kvCapacity(before)),
      kvCacheAfterGiB: round2(kvCapacity(counts)),
      peakKvUtilizationNow: kvCapacity(before) > 0 ? round3(peak.kvCacheGiB / kvCapacity(before)) : 0,
      peakKvUtilizationAfter: round3(peak.kvCacheGiB / kvCapacity(counts)),
      maxUtilization: margin,
      ttftP95Seconds: ttftP95 === null ? null : round4(ttftP95),
    },
  };
}
