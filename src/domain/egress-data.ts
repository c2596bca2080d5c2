/**
 * The public egress facts, typed: the providers' published schedules (data/egress-prices.json)
 * with prices turned into integer micro-dollars, and the public clouds' regions with their
 * jurisdiction (data/cloud-regions.json). Sources and dates travel with every figure.
 */
import published from './data/egress-prices.json';
import cloudRegions from './data/cloud-regions.json';
import type { BillingUnit, EgressSchedule } from './egress';
import type { Continent, EgressPlace, PathKind, ProviderId, ScheduleScope } from './egress-flow';
import { microUsdFromUsd } from './money';

export interface PublishedTier {
  upToUnits: number | null;
  microUsdPerUnit: number | null;
  note?: string;
}

/** A schedule as the price book shows it: the prices, what they apply to, where they come from. */
export interface PublishedSchedule extends EgressSchedule, ScheduleScope {
  provider: string;
  /** In words: "to the internet", "to another AWS region". */
  path: string;
  tiers: PublishedTier[];
  appliesTo?: string;
  freeNote?: string;
  note?: string;
  source: string;
  /** When the figures were read: "2025-06". */
  asOf: string;
}

/**
 * What each published schedule prices and where it holds. Google Cloud's inter-region figure is
 * for traffic within North America and Azure's within North America or within Europe
 * (egress-prices.json, "path"); the price book has no figure for other pairs of those providers.
 */
const SCOPES: Record<string, { providerId: string; pathKind: PathKind; withinContinents: Continent[] | null }> = {
  'aws-internet': { providerId: 'aws', pathKind: 'internet', withinContinents: null },
  'aws-inter-region': { providerId: 'aws', pathKind: 'inter-region', withinContinents: null },
  'gcp-premium-internet': { providerId: 'gcp', pathKind: 'internet', withinContinents: null },
  'gcp-standard-internet': { providerId: 'gcp', pathKind: 'internet', withinContinents: null },
  'gcp-inter-region-na': { providerId: 'gcp', pathKind: 'inter-region', withinContinents: ['north-america'] },
  'azure-internet': { providerId: 'azure', pathKind: 'internet', withinContinents: null },
  'azure-inter-region-na': { providerId: 'azure', pathKind: 'inter-region', withinContinents: ['north-america', 'europe'] },
  'oci-internet': { providerId: 'oci', pathKind: 'internet', withinContinents: null },
  'no-egress-fee-gpu-clouds': { providerId: 'gpu-clouds', pathKind: 'internet', withinContinents: null },
};

function billingUnit(unit: string): BillingUnit {
  if (unit === 'GB' || unit === 'GiB') return unit;
  throw new Error(`unknown billing unit ${unit}`);
}

export const publicEgressSchedules: PublishedSchedule[] = published.schedules.map((s) => {
  const scope = SCOPES[s.id];
  if (!scope) throw new Error(`no scope for the egress schedule ${s.id}`);
  return {
    id: s.id,
    ...scope,
    provider: s.provider,
    path: s.path,
    unit: billingUnit(s.unit),
    // "null" in the data means no allowance is counted (fair use, no fee): zero free units.
    freeUnitsPerMonth: s.freeUnitsPerMonth ?? 0,
    tiers: s.tiers.map((t) => ({
      upToUnits: t.upTo,
      microUsdPerUnit: t.usdPerUnit === null ? null : microUsdFromUsd(t.usdPerUnit),
      ...('note' in t && typeof t.note === 'string' ? { note: t.note } : {}),
    })),
    ...(s.appliesTo ? { appliesTo: s.appliesTo } : {}),
    ...(s.freeNote ? { freeNote: s.freeNote } : {}),
    ...(s.note ? { note: s.note } : {}),
    source: s.source,
    asOf: published.asOf,
  };
});

export const egressPriceNotes = {
  asOf: published.asOf,
  units: published.units,
  migrationWaivers: published.migrationWaivers,
  notes: published.notes,
};

/** The public clouds' regions and premises by country, as places data can move between. */
export const publicEgressPlaces: EgressPlace[] = [
  ...cloudRegions.providers.flatMap((p) =>
    p.regions.map((r) => ({
      id: `${p.providerId}:${r.code}`,
      providerId: p.providerId as ProviderId,
      provider: p.provider,
      name: r.name,
      code: r.code,
      country: r.country,
      jurisdiction: r.jurisdiction,
      residency: r.residency,
      continent: r.continent as Continent,
    })),
  ),
  ...cloudRegions.onPremises.map((o) => ({
    id: `on-premises:${o.countryCode}`,
    providerId: 'on-premises' as const,
    provider: 'On-premises',
    name: `On-premises in ${o.country}`,
    code: null,
    country: o.country,
    jurisdiction: o.jurisdiction,
    residency: o.residency,
    continent: o.continent as Continent,
  })),
];

export const cloudRegionSources = cloudRegions.providers.map((p) => ({ provider: p.provider, source: p.source, asOf: cloudRegions.asOf }));
