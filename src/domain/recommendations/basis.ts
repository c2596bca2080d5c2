/**
 * The pod as a recommendation sees it: a GPU setup and the GPU hours it runs a month at the
 * pace observed. Each change in a pod's chain turns one basis into the next, and the money of
 * a change is the cost of the basis before it minus the cost after it.
 */
import type { GpuType } from '../catalog';
import { costCentsForDuration, type Cents, type MicroUsdPerHour } from '../money';
import type { GpuObservation, PodObservation } from '../observation';
import { HOURS_PER_MONTH, MS_PER_HOUR } from '../units';
import type { RecommendationSettings } from './settings';
import type { CatalogFacts, Confidence, PodUnderReview, Recommendation, RecommendationKind, Setup } from './types';

export interface Basis {
  gpuType: GpuType;
  gpuCount: number;
  /** One MIG slice of the GPU (gpuCount 1, the rate the slice's); null: whole GPUs. */
  migProfile: string | null;
  regionId: string;
  rateMicroUsdPerGpuHour: MicroUsdPerHour;
  autoStopIdleMinutes: number | null;
  /** Wall-clock time a month the pod runs (GPUs billed), whole seconds. */
  monthlyRunningMs: number;
}

/** Share of the observed window the pod ran, projected onto a 30-day month. */
export function monthlyRunningMs(observation: PodObservation): number {
  const windowMs = observation.toMs - observation.fromMs;
  if (windowMs <= 0) return 0;
  const runningMs = Math.max(0, ...observation.gpus.map((g) => g.runningMs));
  const share = Math.min(1, runningMs / windowMs);
  return Math.round((share * HOURS_PER_MONTH * MS_PER_HOUR) / 1000) * 1000;
}

export function initialBasis(pod: PodUnderReview, gpuType: GpuType, observation: PodObservation): Basis {
  return {
    gpuType,
    gpuCount: pod.gpuCount,
    migProfile: pod.migProfile ?? null,
    regionId: pod.regionId,
    rateMicroUsdPerGpuHour: pod.rateMicroUsdPerGpuHour,
    autoStopIdleMinutes: pod.autoStopIdleMinutes,
    monthlyRunningMs: monthlyRunningMs(observation),
  };
}

/** GPU cost a month: one rounding, as the billing ledger rounds. */
export function basisMonthlyCostCents(basis: Basis): Cents {
  return costCentsForDuration(basis.rateMicroUsdPerGpuHour * basis.gpuCount, basis.monthlyRunningMs);
}

export function setupOf(basis: Basis): Setup {
  return {
    gpuTypeId: basis.gpuType.id,
    gpuCount: basis.gpuCount,
    migProfile: basis.migProfile,
    regionId: basis.regionId,
    autoStopIdleMinutes: basis.autoStopIdleMinutes,
    pricing: 'on-demand',
    rateMicroUsdPerGpuHour: basis.rateMicroUsdPerGpuHour,
    monthlyGpuHours: round1((basis.monthlyRunningMs / MS_PER_HOUR) * basis.gpuCount),
  };
}

/** A GPU does a job when its SMs are busy now and then, or it holds a real share of its memory. */
export function gpuWorks(gpu: GpuObservation, gpuType: GpuType, settings: RecommendationSettings): boolean {
  return gpu.p95SmActive >= settings.workingGpuP95SmActive || gpu.peakMemMiB >= settings.workingGpuMemShare * gpuType.vramGiB * 1024;
}

/**
 * High: four weeks of data and behaviour that barely moves; medium: two weeks and mostly
 * steady; low otherwise (still above the minimum days, or there would be no recommendation).
 */
export function confidenceOf(daysObserved: number, steadiness: number): Confidence {
  const s = Math.min(1, Math.max(0, steadiness));
  const level = daysObserved >= 28 && s >= 0.9 ? 'high' : daysObserved >= 14 && s >= 0.7 ? 'medium' : 'low';
  return { daysObserved, steadiness: round2(s), level };
}

export const round1 = (x: number): number => Math.round(x * 10) / 10;
export const round2 = (x: number): number => Math.round(x * 100) / 100;

/** A launch name for the replacement pod: the old name and what changed, within 63 characters. */
export function replacementName(podName: string, suffix: string): string {
  const tail = `-${suffix}`;
  return `${podName.slice(0, 63 - tail.length)}${tail}`;
}

export interface PodStepContext {
  pod: PodUnderReview;
  observation: PodObservation;
  catalog: CatalogFacts;
  settings: RecommendationSettings;
  /** Kinds already applied to the basis this step starts from. */
  countedAfter: RecommendationKind[];
}

export interface PodStep {
  recommendation: Recommendation;
  after: Basis;
}

export function recommendationId(kind: RecommendationKind, subject: string): string {
  return `rec-${kind}-${subject}`;
}

/**
 * Builds a pod's recommendation from the basis before and after the change. Returns null when
 * the change would not save at least the minimum (or, for a cleaner-power move, would cost more).
 */
export function podStep(
  ctx: PodStepContext,
  kind: RecommendationKind,
  before: Basis,
  after: Basis,
  parts: Pick<Recommendation, 'confidence' | 'evidence' | 'series' | 'action'> & { worthItWithoutSavings?: boolean },
): PodStep | null {
  const currentMonthlyCostCents = basisMonthlyCostCents(before);
  const projectedMonthlyCostCents = basisMonthlyCostCents(after);
  const monthlySavingsCents = currentMonthlyCostCents - projectedMonthlyCostCents;
  if (monthlySavingsCents < 0) return null;
  if (monthlySavingsCents < ctx.settings.minMonthlySavingsCents && !parts.worthItWithoutSavings) return null;
  return {
    after,
    recommendation: {
      id: recommendationId(kind, ctx.pod.podId),
      kind,
      podIds: [ctx.pod.podId],
      podNames: [ctx.pod.podName],
      projectId: ctx.pod.projectId,
      ownerIds: [ctx.pod.ownerId],
      from: setupOf(before),
      to: setupOf(after),
      currentMonthlyCostCents,
      projectedMonthlyCostCents,
      monthlySavingsCents,
      countedAfter: [...ctx.countedAfter],
      confidence: parts.confidence,
      evidence: parts.evidence,
      series: parts.series,
      action: parts.action,
    },
  };
}
