/**
 * The estimator's answer for a set of inputs, built from the price book with the shared domain
 * functions (egress.ts prices, egress-flow.ts picks the schedule): the path's cost and tier
 * breakdown, every provider's cost for the same path, the 12-month projection, the hybrid
 * scenario and the jurisdiction note. Components only render what this returns.
 */
import type { components } from '../../api/schema';
import { egressCost, egressProjection, monthlyVolumes, type EgressCost, type EgressProjection } from '../../domain/egress';
import { flowCharge, hybridFlow, jurisdictionCheck, INTERNET, type EgressPlace, type FlowCharge, type HybridFlow, type JurisdictionCheck, type PathKind } from '../../domain/egress-flow';
import type { EstimatorInputs } from './estimator-params';

export type ApiSchedule = components['schemas']['EgressSchedule'];
export type PriceBook = components['schemas']['EgressPriceBook'];

export const PROJECTION_MONTHS = 12;

export interface ScheduleEstimate {
  schedule: ApiSchedule;
  /** The first month, tier by tier. */
  firstMonth: EgressCost;
  projection: EgressProjection;
}

export interface PathEstimate {
  charge: FlowCharge;
  /** The schedule that bills the path; null when the path is free or has no list price here. */
  billed: ScheduleEstimate | null;
  firstMonthCents: number;
  totalCents: number;
  monthlyCents: number[];
}

/**
 * The one-time move of the dataset (one transfer's volume) from where it is now to the GPUs'
 * region, billed by the provider it leaves, in the first month; null when it is already there.
 */
export interface DatasetMove {
  from: EgressPlace;
  to: EgressPlace;
  volumeBytes: bigint;
  charge: FlowCharge;
  /** The schedule that bills the move, with its tiers; null when the move is free or has no list price. */
  billed: { schedule: ApiSchedule; cost: EgressCost } | null;
  cents: number;
}

export interface HybridEstimate extends PathEstimate {
  flow: HybridFlow;
  /** Moving the data here first: counted in the first month and the totals. */
  move: DatasetMove | null;
  /** Whether keeping the data in the GPUs' region moves it out of the source's jurisdiction. */
  relocation: JurisdictionCheck;
  /** Path total − hybrid total over the projection (negative: the hybrid costs more). */
  savingsCents: number;
}

export interface ProjectionRow {
  monthIndex: number;
  volumeBytes: bigint;
  pathCents: number;
  hybridCents: number | null;
}

export interface Estimate {
  inputs: EstimatorInputs;
  path: PathEstimate;
  jurisdiction: JurisdictionCheck;
  hybrid: HybridEstimate | null;
  /** The same volume under every provider's schedule for this kind of path, cheapest first. */
  comparison: ScheduleEstimate[];
  comparisonKind: PathKind | null;
  projection: ProjectionRow[];
  /** A one-time move out of AWS, Google Cloud or Azure may qualify for their migration waivers. */
  migrationWaiverMayApply: boolean;
}

function scheduleEstimate(schedule: ApiSchedule, volumes: readonly bigint[]): ScheduleEstimate {
  return { schedule, firstMonth: egressCost(schedule, volumes[0] ?? 0n), projection: egressProjection(schedule, volumes) };
}

function pathEstimate(charge: FlowCharge, book: PriceBook, volumes: readonly bigint[]): PathEstimate {
  const schedule = charge.kind === 'schedule' ? book.schedules.find((s) => s.id === charge.scheduleId) : undefined;
  const billed = schedule ? scheduleEstimate(schedule, volumes) : null;
  const monthlyCents = billed ? billed.projection.months.map((m) => m.costCents) : volumes.map(() => 0);
  return { charge, billed, firstMonthCents: monthlyCents[0] ?? 0, totalCents: monthlyCents.reduce((a, c) => a + c, 0), monthlyCents };
}

function datasetMove(from: EgressPlace, to: EgressPlace, volumeBytes: bigint, book: PriceBook): DatasetMove | null {
  if (from.id === to.id) return null;
  const charge = flowCharge(from, to, book.schedules);
  const schedule = charge.kind === 'schedule' ? book.schedules.find((s) => s.id === charge.scheduleId) : undefined;
  const billed = schedule ? { schedule, cost: egressCost(schedule, volumeBytes) } : null;
  return { from, to, volumeBytes, charge, billed, cents: billed?.cost.costCents ?? 0 };
}

const WAIVER_PROVIDERS = new Set(['aws', 'gcp', 'azure']);

export function estimateEgress(inputs: EstimatorInputs, book: PriceBook): Estimate {
  const volumes = monthlyVolumes(inputs.volumeBytes, inputs.cadence, inputs.growthBasisPoints, PROJECTION_MONTHS);
  const charge = flowCharge(inputs.from, inputs.to, book.schedules);
  const path = pathEstimate(charge, book, volumes);
  const flow = hybridFlow(inputs.from, inputs.to, book.places);
  let hybrid: HybridEstimate | null = null;
  if (flow) {
    const after = pathEstimate(flowCharge(flow.from, flow.to, book.schedules), book, volumes);
    const move = datasetMove(inputs.from, flow.gpuPlace, inputs.volumeBytes, book);
    const moveCents = move?.cents ?? 0;
    const monthlyCents = after.monthlyCents.map((c, i) => (i === 0 ? c + moveCents : c));
    const h: PathEstimate = { ...after, monthlyCents, firstMonthCents: after.firstMonthCents + moveCents, totalCents: after.totalCents + moveCents };
    hybrid = { ...h, flow, move, relocation: jurisdictionCheck(inputs.from, flow.gpuPlace), savingsCents: path.totalCents - h.totalCents };
  }
  const comparisonKind: PathKind | null =
    charge.relation === 'same-provider' ? 'inter-region' : charge.relation === 'internet' || charge.relation === 'other-provider' || charge.relation === 'on-premises' ? 'internet' : null;
  const comparison = comparisonKind
    ? book.schedules
        .filter((s) => s.pathKind === comparisonKind)
        .map((s) => scheduleEstimate(s, volumes))
        .sort((a, b) => a.projection.totalCents - b.projection.totalCents || a.firstMonth.costCents - b.firstMonth.costCents)
    : [];
  return {
    inputs,
    path,
    jurisdiction: jurisdictionCheck(inputs.from, inputs.to),
    hybrid,
    comparison,
    comparisonKind,
    projection: volumes.map((volumeBytes, monthIndex) => ({
      monthIndex,
      volumeBytes,
      pathCents: path.monthlyCents[monthIndex] ?? 0,
      hybridCents: hybrid ? (hybrid.monthlyCents[monthIndex] ?? 0) : null,
    })),
    migrationWaiverMayApply:
      inputs.cadence === 'one-time' && WAIVER_PROVIDERS.has(inputs.from.providerId) && (inputs.to === INTERNET || inputs.to.providerId !== inputs.from.providerId),
  };
}
