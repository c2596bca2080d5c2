/**
 * The thresholds every recommendation rests on, in one place, each with where it comes from.
 * Settings, not laws: a provider may tune them, and the API states the ones in force.
 */
import { DEFAULT_MEMORY_HEADROOM } from '../tier-fit';

export interface RecommendationSettings {
  /** Telemetry window a pod is judged on, days (clipped to the pod's age). */
  windowDays: number;
  /**
   * No recommendation from fewer days of running telemetry: a week holds one working-week
   * and one weekend cycle. Azure Advisor likewise watches a VM for 7 days before advising a resize.
   */
  minDaysObserved: number;
  /** Below this a change is not worth a relaunch or a restart: $10 a month. */
  minMonthlySavingsCents: number;
  /** The new GPU must hold this multiple of the observed peak memory (tier-fit.ts). */
  memoryHeadroom: number;
  /** The auto-stop the console proposes: the middle of the choices the launch form offers. */
  autoStopIdleMinutes: number;
  /** An hour of the week counts as idle when at least this share of its running time was idle. */
  idleHourShare: number;
  /**
   * A GPU "works" when its p95 SM activity reaches 5% (Azure Advisor counts a VM as
   * low-utilization at 5% CPU or less) or it holds at least 10% of its memory (a model shard
   * waiting on its peers is still doing a job).
   */
  workingGpuP95SmActive: number;
  workingGpuMemShare: number;
  /** Commitments are judged on a full 30-day term of hourly use (the catalog's 1-month term). */
  commitmentWindowDays: number;
  /**
   * Commit only to GPUs in use in at least 95% of the hours: the steady baseline. The
   * break-even is lower (committed ÷ on-demand rate, 75% here); the margin keeps a
   * commitment from costing more when use dips.
   */
  commitmentCoverage: number;
  /**
   * A move for cleaner power alone is worth proposing when grid carbon falls by at least a
   * quarter and the pod would emit at least 10 kg CO2e a month less (about 90 km in an average
   * new EU car, 108 g/km in 2023 per the European Environment Agency).
   */
  cleanerPowerMinReduction: number;
  cleanerPowerMinCo2eKgPerMonth: number;
}

export const DEFAULT_RECOMMENDATION_SETTINGS: RecommendationSettings = {
  windowDays: 30,
  minDaysObserved: 7,
  minMonthlySavingsCents: 1000,
  memoryHeadroom: DEFAULT_MEMORY_HEADROOM,
  autoStopIdleMinutes: 60,
  idleHourShare: 0.9,
  workingGpuP95SmActive: 0.05,
  workingGpuMemShare: 0.1,
  commitmentWindowDays: 30,
  commitmentCoverage: 0.95,
  cleanerPowerMinReduction: 0.25,
  cleanerPowerMinCo2eKgPerMonth: 10,
};
