/**
 * Every serving recommendation for the measured serving pods of a window: per pod, a cheaper GPU
 * type at equal or better p95 TTFT and prefix-cache reuse; per replica group (one model, project
 * and region), fewer replicas. Each is judged on its own against today's setup: two about the
 * same pod are alternatives, and their savings are not to be added. Largest saving first.
 */
import { cheaperGpuRecommendation, type ServingCatalog } from './cheaper-gpu';
import { fewerReplicasRecommendation } from './fewer-replicas';
import { prefixCacheRecommendations } from './prefix-cache';
import { DEFAULT_SERVING_SETTINGS, replicaGroupKey, THROUGHPUT_BENCHMARKS, type ServingRecommendationSettings } from './rules';
import type { GroupPeak, ServingPodMeasured, ServingRecommendation, ThroughputBenchmark } from './types';

export interface ServingReview {
  /** Every serving pod measured in the window (stopped ones too: their measurements are evidence). */
  pods: readonly ServingPodMeasured[];
  /** Each replica group's busiest 5-minute period, its running pods together, by replicaGroupKey. */
  groupPeaks: ReadonlyMap<string, GroupPeak>;
  catalog: ServingCatalog;
  benchmarks?: readonly ThroughputBenchmark[];
  settings?: ServingRecommendationSettings;
}

export function servingRecommendations(review: ServingReview): ServingRecommendation[] {
  const benchmarks = review.benchmarks ?? THROUGHPUT_BENCHMARKS;
  const settings = review.settings ?? DEFAULT_SERVING_SETTINGS;
  const out: ServingRecommendation[] = [];
  const groups = new Map<string, ServingPodMeasured[]>();
  // The evidence about a model on other GPU types is its own pods': looked up per model, not over every pod.
  const byModel = new Map<string, ServingPodMeasured[]>();
  const add = (map: Map<string, ServingPodMeasured[]>, key: string, pod: ServingPodMeasured) => {
    const list = map.get(key);
    if (list) list.push(pod);
    else map.set(key, [pod]);
  };
  for (const pod of review.pods) {
    add(groups, replicaGroupKey(pod), pod);
    add(byModel, pod.model.id, pod);
  }
  for (const pod of review.pods) {
    const cheaper = cheaperGpuRecommendation(pod, byModel.get(pod.model.id) ?? [], review.catalog, benchmarks, settings);
    if (cheaper) out.push(cheaper);
  }
  for (const [key, group] of groups) {
    const fewer = fewerReplicasRecommendation(group, review.groupPeaks.get(key), review.catalog, benchmarks, settings);
    if (fewer) out.push(fewer);
    out.push(...prefixCacheRecommendations(group, settings));
  }
  return out.sort((a, b) => b.monthlySavingsCents - a.monthlySavingsCents || a.id.localeCompare(b.id));
}

export { replicaGroupKey, kvCacheGiB, DEFAULT_SERVING_SETTINGS } from './rules';
export type { GroupPeak, ServingPodMeasured, ServingRecommendation } from './types';
