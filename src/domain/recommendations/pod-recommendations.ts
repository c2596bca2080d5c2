/**
 * A pod's recommendations, counted as a chain so that savings are never counted twice:
 * auto-stop, then fewer GPUs, then a cheaper tier or a MIG slice of the same GPU (at most one of
 * the two, the cheaper: mig-slice.ts), then a region. Each saving is worked out on
 * the pod as it would be after the open changes before it (as AWS Cost Optimization Hub
 * deduplicates the savings of related recommendations), so a pod's savings add up to what
 * applying all of them saves. A dismissed or snoozed change is still shown, but not built upon.
 */
import type { PodObservation } from '../observation';
import { initialBasis, type PodStep, type PodStepContext, type Basis } from './basis';
import { autoStopStep, withAutoStopInEffect } from './auto-stop';
import { fewerGpusStep } from './fewer-gpus';
import { gpuTierStep } from './gpu-tier';
import { migSliceStep } from './mig-slice';
import { regionStep } from './region';
import { DEFAULT_RECOMMENDATION_SETTINGS, type RecommendationSettings } from './settings';
import { POD_KIND_ORDER, type CatalogFacts, type PodUnderReview, type Recommendation, type RecommendationKind } from './types';

export interface PodReviewInput {
  pod: PodUnderReview;
  observation: PodObservation;
  catalog: CatalogFacts;
  settings?: RecommendationSettings;
  /** Kinds the user set aside for this pod (dismissed, snoozed): shown, not built upon. */
  setAside?: ReadonlySet<RecommendationKind>;
}

const STEPS: Record<Exclude<RecommendationKind, 'commitment'>, (ctx: PodStepContext, basis: Basis) => PodStep | null> = {
  'auto-stop': autoStopStep,
  'fewer-gpus': fewerGpusStep,
  'gpu-tier': gpuTierStep,
  'mig-slice': migSliceStep,
  region: regionStep,
};

/** Whether a pod has run long enough for any judgement. */
export function hasEnoughData(observation: PodObservation, settings: RecommendationSettings = DEFAULT_RECOMMENDATION_SETTINGS): boolean {
  return observation.daysObserved >= settings.minDaysObserved && observation.gpus.length > 0;
}

export function podRecommendations(input: PodReviewInput): Recommendation[] {
  const settings = input.settings ?? DEFAULT_RECOMMENDATION_SETTINGS;
  if (!hasEnoughData(input.observation, settings)) return [];
  const gpuType = input.catalog.gpuTypes.find((g) => g.id === input.pod.gpuTypeId);
  if (!gpuType) return [];
  let basis = withAutoStopInEffect(initialBasis(input.pod, gpuType, input.observation), input.observation.idleShareByHourOfWeek, settings.idleHourShare);
  const countedAfter: RecommendationKind[] = [];
  const out: Recommendation[] = [];
  for (const kind of POD_KIND_ORDER) {
    if (kind === 'commitment') continue;
    const step = STEPS[kind]({ pod: input.pod, observation: input.observation, catalog: input.catalog, settings, countedAfter }, basis);
    if (!step) continue;
    out.push(step.recommendation);
    if (input.setAside?.has(kind)) continue;
    basis = step.after;
    countedAfter.push(kind);
  }
  return out;
}

/** Biggest savings first; ties by id, so the order never depends on how the list was built. */
export function bySavings(a: Recommendation, b: Recommendation): number {
  return b.monthlySavingsCents - a.monthlySavingsCents || a.id.localeCompare(b.id);
}
