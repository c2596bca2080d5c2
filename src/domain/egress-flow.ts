/**
 * Which schedule prices a flow of data from one place to another, whether the data leaves its
 * jurisdiction on the way, and the hybrid alternative: the same work with the data kept next to
 * this cloud's GPUs. Pure rules over places and schedules; the prices themselves are egress.ts.
 *
 * The rules, as the providers document them (data/egress-prices.json, "notes"): the provider the
 * data leaves charges egress; ingress is free everywhere; traffic within one region is free
 * (AWS charges $0.01/GB between its zones, not modelled here); data sent to another provider or
 * to premises is, for the provider it leaves, data sent to the internet (unless a private
 * interconnect is bought, which is priced separately).
 */

export type ProviderId = 'northlight' | 'aws' | 'gcp' | 'azure' | 'oci' | 'on-premises';
export type Continent = 'north-america' | 'south-america' | 'europe';

export interface EgressPlace {
  /** "aws:us-east-1", "northlight:ca-mtl-1", "on-premises:CA". */
  id: string;
  providerId: ProviderId;
  provider: string;
  name: string;
  /** The provider's region code; null on premises. */
  code: string | null;
  country: string;
  /** The law the data falls under while it is here, e.g. "Canada" or "Sweden (EU)". */
  jurisdiction: string;
  /** Residency groups, narrowest first: ["Sweden", "EU"]. */
  residency: string[];
  continent: Continent;
}

export const INTERNET = 'internet';
/** Where data goes: a place, or the internet (anywhere). */
export type Destination = EgressPlace | typeof INTERNET;

export type PathKind = 'internet' | 'inter-region';

export interface ScheduleScope {
  id: string;
  providerId: string;
  pathKind: PathKind;
  /** Inter-region prices that hold only between two regions of one of these continents; null: any listed pair. */
  withinContinents: Continent[] | null;
}

/** How the destination relates to the source: decides which schedule, if any, applies. */
export type Relation = 'internet' | 'on-premises' | 'other-provider' | 'same-provider' | 'same-region' | 'from-premises';

export type FlowCharge =
  | { kind: 'schedule'; relation: Relation; scheduleId: string }
  /** ingress: no cloud bills data that leaves premises; same-region: traffic within a region is free. */
  | { kind: 'free'; relation: Relation; why: 'ingress' | 'same-region' }
  /** The path has a price, but not one this price book carries (e.g. Google Cloud between continents). */
  | { kind: 'no-price'; relation: Relation };

export function relationOf(from: EgressPlace, to: Destination): Relation {
  if (from.providerId === 'on-premises') return 'from-premises';
  if (to === INTERNET) return 'internet';
  if (to.providerId === 'on-premises') return 'on-premises';
  if (to.providerId !== from.providerId) return 'other-provider';
  return to.id === from.id ? 'same-region' : 'same-provider';
}

/** The schedule the source provider bills the flow under (the first that applies, in price-book order). */
export function flowCharge(from: EgressPlace, to: Destination, schedules: readonly ScheduleScope[]): FlowCharge {
  const relation = relationOf(from, to);
  if (relation === 'from-premises') return { kind: 'free', relation, why: 'ingress' };
  if (relation === 'same-region') return { kind: 'free', relation, why: 'same-region' };
  const pathKind: PathKind = relation === 'same-provider' ? 'inter-region' : 'internet';
  const found = schedules.find(
    (s) =>
      s.providerId === from.providerId &&
      s.pathKind === pathKind &&
      (s.withinContinents === null || (to !== INTERNET && from.continent === to.continent && s.withinContinents.includes(from.continent))),
  );
  return found ? { kind: 'schedule', relation, scheduleId: found.id } : { kind: 'no-price', relation };
}

export type JurisdictionCheck =
  | { kind: 'stays'; jurisdiction: string }
  /** within: a residency group both share (data leaves Sweden but stays in the EU), or null. */
  | { kind: 'leaves'; from: string; to: string; within: string | null }
  /** The internet reaches any country: the data may leave. */
  | { kind: 'anywhere'; from: string };

export function jurisdictionCheck(from: EgressPlace, to: Destination): JurisdictionCheck {
  if (to === INTERNET) return { kind: 'anywhere', from: from.jurisdiction };
  if (to.jurisdiction === from.jurisdiction) return { kind: 'stays', jurisdiction: from.jurisdiction };
  const within = from.residency.slice(1).find((group) => to.residency.includes(group)) ?? null;
  return { kind: 'leaves', from: from.jurisdiction, to: to.jurisdiction, within };
}

export interface HybridFlow {
  /** The region of this cloud the data would live in, next to the GPUs. */
  gpuPlace: EgressPlace;
  from: EgressPlace;
  to: Destination;
}

/**
 * The same work with the data kept next to the GPUs here. The data lives in one of this cloud's
 * regions (the destination, if it is one; else one in the source's jurisdiction, then on its
 * continent, then the first); what went to another cloud region stays inside that region (free);
 * what went to the internet or to premises still goes there, now under this cloud's schedule.
 */
export function hybridFlow(from: EgressPlace, to: Destination, places: readonly EgressPlace[]): HybridFlow | null {
  const own = places.filter((p) => p.providerId === 'northlight');
  const gpuPlace =
    (to !== INTERNET && to.providerId === 'northlight' ? to : undefined) ??
    (from.providerId === 'northlight' ? from : undefined) ??
    own.find((p) => p.jurisdiction === from.jurisdiction) ??
    own.find((p) => p.continent === from.continent) ??
    own[0];
  if (!gpuPlace) return null;
  const stays = to !== INTERNET && to.providerId !== 'on-premises';
  return { gpuPlace, from: gpuPlace, to: stays ? gpuPlace : to };
}
