/**
 * The pods' outbound traffic, as the simulated cloud meters it: a pure, deterministic function
 * of the pod and the UTC day (like telemetry.ts), from the pod's workload archetype and the
 * time it ran. Inference serves results to the internet; training syncs checkpoints off-cloud
 * and replicates them to another region; notebooks send little. The bill prices the internet
 * part per project per month with this cloud's schedule (egress-data.ts).
 */
import { egressCost, egressCostBetween } from '../domain/egress';
import type { PublishedSchedule } from '../domain/egress-data';
import type { Cents } from '../domain/money';
import { MS_PER_DAY, MS_PER_HOUR, startOfNextUtcMonth, startOfUtcDay, startOfUtcMonth } from '../domain/units';
import { northlightInternetSchedule } from './egress-data';
import { runningIntervals } from './lifecycle';
import type { Archetype, Pod } from './model';
import { noise } from './rng';

const GB = 1e9;

/**
 * Bytes sent per GPU-hour of running, on an average day (simulation figures, chosen so that a
 * serving project nears its monthly allowance and a research project stays well inside it).
 */
const BYTES_PER_GPU_HOUR: Record<Archetype, { internet: number; interRegion: number }> = {
  inference: { internet: 4.5 * GB, interRegion: 0.05 * GB }, // responses, embeddings, images to clients
  'small-model': { internet: 1.5 * GB, interRegion: 0 }, // serving a small model: transcripts, rankings
  training: { internet: 0.6 * GB, interRegion: 1.2 * GB }, // checkpoints to off-cloud storage and to a replica region
  hoarder: { internet: 0.05 * GB, interRegion: 0.02 * GB },
  notebook: { internet: 0.04 * GB, interRegion: 0.01 * GB }, // packages, git, a result downloaded now and then
  forgotten: { internet: 0.002 * GB, interRegion: 0 },
};

/** Salt for the day-to-day variation, so it is not correlated with the pod's telemetry noise. */
const DAY_SALT = 0x65677273;

/** Traffic varies from day to day between 0.6× and 1.4× of the average. */
function dayFactor(pod: Pod, dayStartMs: number): number {
  return 0.6 + 0.8 * noise(pod.seed ^ DAY_SALT, Math.floor(dayStartMs / MS_PER_DAY));
}

export interface EgressBytes {
  /** Sent outside this cloud: the internet, other providers, premises. Billed. */
  internetBytes: number;
  /** Sent to another region of this cloud. Free. */
  interRegionBytes: number;
}

export interface DayEgress extends EgressBytes {
  dayStartMs: number;
}

/**
 * A pod's traffic in [fromMs, toMs), one entry per UTC day it ran: the running time within
 * that day × its GPUs × its archetype's rate × the day's variation, rounded down to the byte.
 */
export function podEgressByDay(pod: Pod, fromMs: number, toMs: number): DayEgress[] {
  const runningMsByDay = new Map<number, number>();
  for (const r of runningIntervals(pod, fromMs, toMs)) {
    for (let day = startOfUtcDay(r.startMs); day < r.endMs; day += MS_PER_DAY) {
      const ms = Math.min(r.endMs, day + MS_PER_DAY) - Math.max(r.startMs, day);
      if (ms > 0) runningMsByDay.set(day, (runningMsByDay.get(day) ?? 0) + ms);
    }
  }
  const rate = BYTES_PER_GPU_HOUR[pod.archetype];
  const out: DayEgress[] = [];
  for (const [dayStartMs, runningMs] of [...runningMsByDay.entries()].sort((a, b) => a[0] - b[0])) {
    // A demo scenario's egress-heavy pods send a multiple of their archetype's traffic (model.ts egressFactor).
    const gpuHours = (runningMs / MS_PER_HOUR) * pod.gpuCount * dayFactor(pod, dayStartMs) * (pod.egressFactor ?? 1);
    out.push({ dayStartMs, internetBytes: Math.floor(gpuHours * rate.internet), interRegionBytes: Math.floor(gpuHours * rate.interRegion) });
  }
  return out;
}

/** Total traffic of some pods in [fromMs, toMs). */
export function egressBytes(pods: readonly Pod[], fromMs: number, toMs: number): EgressBytes {
  let internetBytes = 0;
  let interRegionBytes = 0;
  for (const pod of pods) {
    for (const d of podEgressByDay(pod, fromMs, toMs)) {
      internetBytes += d.internetBytes;
      interRegionBytes += d.interRegionBytes;
    }
  }
  return { internetBytes, interRegionBytes };
}

/** Traffic per project per UTC day in [fromMs, toMs), days in order. */
export function projectEgressByDay(pods: readonly Pod[], fromMs: number, toMs: number): Map<string, DayEgress[]> {
  const byProject = new Map<string, Map<number, DayEgress>>();
  for (const pod of pods) {
    let days = byProject.get(pod.projectId);
    if (!days) byProject.set(pod.projectId, (days = new Map()));
    for (const d of podEgressByDay(pod, fromMs, toMs)) {
      const row = days.get(d.dayStartMs);
      if (row) {
        row.internetBytes += d.internetBytes;
        row.interRegionBytes += d.interRegionBytes;
      } else {
        days.set(d.dayStartMs, { ...d });
      }
    }
  }
  return new Map([...byProject.entries()].map(([projectId, days]) => [projectId, [...days.values()].sort((a, b) => a.dayStartMs - b.dayStartMs)]));
}

export interface EgressCostRow extends EgressBytes {
  projectId: string;
  /** The UTC day the row covers (clipped to the window asked for). */
  dayStartMs: number;
  /** The internet traffic's share of the project's monthly egress bill. */
  costCents: Cents;
}

/**
 * Egress cost per project per UTC day in [fromMs, toMs), in integer cents: the Billing
 * ledger's egress line. The schedule is monthly and cumulative per project (the allowance is
 * used first), so a day's cost is cost(month so far after it) − cost(month so far before it);
 * the days of a month add up to that month's egress cost exactly. Rows only where traffic flowed.
 */
export function egressCostCents(pods: readonly Pod[], fromMs: number, toMs: number, schedule: PublishedSchedule = northlightInternetSchedule): EgressCostRow[] {
  const rows: EgressCostRow[] = [];
  for (let month = startOfUtcMonth(fromMs); month < toMs; month = startOfNextUtcMonth(month)) {
    const windowStart = Math.max(month, fromMs);
    const windowEnd = Math.min(startOfNextUtcMonth(month), toMs);
    // What the month sent before the window counts toward its allowance and tiers.
    const before = month < windowStart ? projectEgressByDay(pods, month, windowStart) : new Map<string, DayEgress[]>();
    for (const [projectId, days] of projectEgressByDay(pods, windowStart, windowEnd)) {
      let monthBytes = BigInt((before.get(projectId) ?? []).reduce((a, d) => a + d.internetBytes, 0));
      for (const d of days) {
        if (d.internetBytes === 0 && d.interRegionBytes === 0) continue;
        const after = monthBytes + BigInt(d.internetBytes);
        rows.push({ projectId, dayStartMs: Math.max(d.dayStartMs, windowStart), internetBytes: d.internetBytes, interRegionBytes: d.interRegionBytes, costCents: egressCostBetween(schedule, monthBytes, after) });
        monthBytes = after;
      }
    }
  }
  return rows.sort((a, b) => a.dayStartMs - b.dayStartMs || a.projectId.localeCompare(b.projectId));
}

/** A project's egress cost for a month's internet traffic so far. */
export function monthEgressCostCents(internetBytes: number, schedule: PublishedSchedule = northlightInternetSchedule): Cents {
  return egressCost(schedule, BigInt(internetBytes)).costCents;
}
