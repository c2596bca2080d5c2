/**
 * Commitment: GPUs of one type in one region that a project kept busy through a whole 30-day
 * term. Committing to that steady baseline at the catalog's committed-use rate costs
 * baseline × every hour of the term; it saves what those GPU hours cost on demand, minus that.
 */
import { centsFromMicroUsd, type MicroUsdPerHour } from '../money';
import { HOURS_PER_MONTH, MS_PER_DAY, MS_PER_HOUR } from '../units';
import { confidenceOf, recommendationId, round1, round2 } from './basis';
import { DEFAULT_RECOMMENDATION_SETTINGS, type RecommendationSettings } from './settings';
import type { Recommendation } from './types';

export interface CommitmentGroupInput {
  projectId: string;
  gpuTypeId: string;
  regionId: string;
  /** Running pods of this project, GPU type and region whose use is not about to change. */
  pods: ReadonlyArray<{ podId: string; podName: string; ownerId: string; rateMicroUsdPerGpuHour: MicroUsdPerHour }>;
  /** Start of the window, on an hour. */
  windowStartMs: number;
  /** GPUs in use in each hour of the window (GPU hours per hour, may be fractional), oldest first. */
  hourlyGpusInUse: readonly number[];
  committedRateMicroUsdPerGpuHour: MicroUsdPerHour;
}

/** The most GPUs in use in at least `coverage` of the hours. */
export function steadyBaseline(hourlyGpusInUse: readonly number[], coverage: number): number {
  if (hourlyGpusInUse.length === 0) return 0;
  const desc = [...hourlyGpusInUse].sort((a, b) => b - a);
  const k = Math.max(1, Math.ceil(coverage * desc.length));
  return Math.max(0, Math.floor((desc[k - 1] ?? 0) + 1e-9));
}

export function commitmentRecommendation(input: CommitmentGroupInput, settings: RecommendationSettings = DEFAULT_RECOMMENDATION_SETTINGS): Recommendation | null {
  const hours = input.hourlyGpusInUse;
  const termHours = settings.commitmentWindowDays * 24;
  // Too little data: a commitment is judged on a full term of hourly use.
  if (hours.length < termHours || input.pods.length === 0) return null;
  const window = hours.slice(hours.length - termHours);
  const baselineGpus = steadyBaseline(window, settings.commitmentCoverage);
  if (baselineGpus < 1) return null;
  // What the pods pay: the lowest locked rate among them, so savings are never overstated.
  const onDemandRate = Math.min(...input.pods.map((p) => p.rateMicroUsdPerGpuHour));
  const committedRate = input.committedRateMicroUsdPerGpuHour;
  if (committedRate >= onDemandRate) return null;
  const coveredGpuHours = window.reduce((a, u) => a + Math.min(u, baselineGpus), 0);
  // Per 30-day month: the window is scaled to 720 hours (it is 720 hours with the default term).
  const perMonth = HOURS_PER_MONTH / termHours;
  const currentMonthlyCostCents = centsFromMicroUsd(onDemandRate * coveredGpuHours * perMonth);
  const projectedMonthlyCostCents = centsFromMicroUsd(committedRate * baselineGpus * HOURS_PER_MONTH);
  const monthlySavingsCents = currentMonthlyCostCents - projectedMonthlyCostCents;
  if (monthlySavingsCents < settings.minMonthlySavingsCents) return null;
  const coveredHoursShare = window.filter((u) => u >= baselineGpus).length / window.length;
  const daysObserved = Array.from({ length: settings.commitmentWindowDays }, (_, d) => window.slice(d * 24, d * 24 + 24).some((u) => u > 0)).filter(Boolean).length;
  const windowStartMs = input.windowStartMs + (hours.length - termHours) * MS_PER_HOUR;
  const pods = [...input.pods].sort((a, b) => a.podId.localeCompare(b.podId));
  const base = { gpuTypeId: input.gpuTypeId, gpuCount: baselineGpus, migProfile: null, regionId: input.regionId, autoStopIdleMinutes: null };
  return {
    id: recommendationId('commitment', `${input.projectId}-${input.gpuTypeId}-${input.regionId}`),
    kind: 'commitment',
    podIds: pods.map((p) => p.podId),
    podNames: pods.map((p) => p.podName),
    projectId: input.projectId,
    ownerIds: [...new Set(pods.map((p) => p.ownerId))].sort(),
    from: { ...base, pricing: 'on-demand', rateMicroUsdPerGpuHour: onDemandRate, monthlyGpuHours: round1(coveredGpuHours * perMonth) },
    to: { ...base, pricing: 'committed', rateMicroUsdPerGpuHour: committedRate, monthlyGpuHours: baselineGpus * HOURS_PER_MONTH },
    currentMonthlyCostCents,
    projectedMonthlyCostCents,
    monthlySavingsCents,
    countedAfter: [],
    confidence: confidenceOf(daysObserved, coveredHoursShare),
    evidence: {
      kind: 'commitment',
      baselineGpus,
      coveredHoursShare: round2(coveredHoursShare),
      hoursObserved: window.length,
      onDemandRateMicroUsdPerGpuHour: onDemandRate,
      committedRateMicroUsdPerGpuHour: committedRate,
      termDays: settings.commitmentWindowDays,
    },
    series: {
      metric: 'gpus-in-use',
      unit: 'gpus',
      xUnit: 'date',
      // The least in use on each day: the floor a commitment stands on.
      points: Array.from({ length: settings.commitmentWindowDays }, (_, d) => ({
        x: new Date(windowStartMs + d * MS_PER_DAY).toISOString().slice(0, 10),
        value: round2(Math.min(...window.slice(d * 24, d * 24 + 24))),
      })),
      references: [{ label: 'committed GPUs', value: baselineGpus }],
    },
    action: { type: 'manual' },
  };
}
