/**
 * Prefix-cache reuse: a replica whose prefix-cache hit rate is low while another replica of the
 * same model in the same project and region (the same application's traffic) reaches a much
 * higher one. That replica's rate is the signal that the prompts share prefixes (a system prompt,
 * a shared context), and the target: routing requests by prefix (llm-d's prefix-cache-aware
 * scheduling) or enabling vLLM's automatic prefix caching would let this replica reuse them too.
 *
 * The saving is an estimate, with its assumption: the GPU time counted as prefill is the spend's
 * input share by the split rule (an output token weighs 4 input tokens), and it is spent on the
 * uncached prompt tokens; reaching the target hit rate avoids (target − now) ÷ (1 − now) of them.
 *   saving a month = GPU cost a month × input share × (target − now) ÷ (1 − now)
 * computed exactly on the counters (hits and queries in tokens), rounded once to the cent. It is
 * GPU time freed, a smaller bill only once the freed capacity lets fewer or smaller GPUs serve.
 */
import { daysObserved, monthlyCostCents, monthlyRunningMs, round3, servingConfidence, type ServingRecommendationSettings } from './rules';
import type { ServingPodMeasured, ServingRecommendation } from './types';

/** round(a ÷ b), half up, for non-negative BigInts (b > 0). */
function divHalfUp(a: bigint, b: bigint): bigint {
  return (2n * a + b) / (2n * b);
}

const hitRate = (p: ServingPodMeasured): number => p.totals.prefixCacheHits / p.totals.prefixCacheQueries;

/**
 * cost × inputCents × (hitsT·queriesN − hitsN·queriesT) ÷ (spendCents × queriesT × (queriesN − hitsN)), half up:
 * the saving a month in cents, exact.
 */
export function prefixCacheSavingCents(monthlyCostCents: number, inputSpendCents: number, spendCents: number, now: { hits: number; queries: number }, target: { hits: number; queries: number }): number {
  const gain = BigInt(target.hits) * BigInt(now.queries) - BigInt(now.hits) * BigInt(target.queries);
  const uncached = BigInt(now.queries - now.hits);
  if (gain <= 0n || uncached <= 0n || spendCents <= 0 || monthlyCostCents <= 0 || inputSpendCents <= 0) return 0;
  return Number(divHalfUp(BigInt(monthlyCostCents) * BigInt(inputSpendCents) * gain, BigInt(spendCents) * BigInt(target.queries) * uncached));
}

export function prefixCacheRecommendations(group: readonly ServingPodMeasured[], settings: ServingRecommendationSettings): ServingRecommendation[] {
  const measured = group.filter((p) => p.totals.requests >= settings.minRequests && p.totals.prefixCacheQueries > 0);
  const best = [...measured].sort((a, b) => hitRate(b) - hitRate(a) || a.podId.localeCompare(b.podId))[0];
  if (!best) return [];
  const target = { hits: best.totals.prefixCacheHits, queries: best.totals.prefixCacheQueries };
  const out: ServingRecommendation[] = [];
  for (const pod of measured) {
    const rate = hitRate(pod);
    if (pod === best || !pod.runningNow || pod.gpuCount <= 0 || daysObserved(pod.runningMs) < settings.minDaysObserved) continue;
    if (rate >= settings.lowPrefixHitRate || hitRate(best) - rate < settings.minPrefixHitRateGap) continue;
    const monthMs = monthlyRunningMs(pod);
    const current = monthlyCostCents(pod.rateMicroUsdPerGpuHour, pod.gpuCount, monthMs);
    const now = { hits: pod.totals.prefixCacheHits, queries: pod.totals.prefixCacheQueries };
    const saving = prefixCacheSavingCents(current, pod.inputSpendCents, pod.spendCents, now, target);
    if (saving < settings.minMonthlySavingsCents) continue;
    const promptPerMonth = pod.runningMs > 0 ? Math.round((pod.totals.promptTokens * monthMs) / pod.runningMs) : 0;
    const gain = BigInt(target.hits) * BigInt(now.queries) - BigInt(now.hits) * BigInt(target.queries);
    const avoided = Number(divHalfUp(BigInt(promptPerMonth) * gain, BigInt(target.queries) * BigInt(now.queries)));
    out.push({
      id: `srec-prefix-cache-${pod.podId}`,
      kind: 'prefix-cache',
      modelId: pod.model.id,
      modelName: pod.model.name,
      projectId: pod.projectId,
      regionId: pod.regionId,
      podIds: [pod.podId],
      podNames: [pod.podName],
      currentMonthlyCostCents: current,
      projectedMonthlyCostCents: current - saving,
      monthlySavingsCents: saving,
      estimate: true,
      // An estimate on an assumption: never more than medium, however long the telemetry.
      confidence: servingConfidence(pod.runningMs, 'medium'),
      evidence: {
        kind: 'prefix-cache',
        hitRateNow: round3(rate),
        targetHitRate: round3(hitRate(best)),
        bestPodId: best.podId,
        bestPodName: best.podName,
        lowHitRate: settings.lowPrefixHitRate,
        minGap: settings.minPrefixHitRateGap,
        meanPromptTokens: Math.round(pod.totals.promptTokens / pod.totals.requests),
        promptTokensPerMonth: promptPerMonth,
        promptTokensAvoidedPerMonth: avoided,
        inputSpendShare: pod.spendCents > 0 ? round3(pod.inputSpendCents / pod.spendCents) : 0,
      },
    });
  }
  return out;
}
