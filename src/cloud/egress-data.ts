/**
 * This cloud's own egress price list, as catalog data (FICTIONAL provider policy, like the GPU
 * prices in catalog-data.ts), and its regions as places data moves between. Served by
 * GET /v1/egress/schedules beside the public schedules; the meter and the bill price with it.
 *
 * The policy: data to the internet (and so to another cloud or to premises) is free up to
 * 10 TB (10,000 GB) per project per calendar month, then $0.02/GB up to 100 TB and $0.01/GB
 * above, cumulative like the hyperscalers' schedules; between this cloud's regions and within
 * a region it is free. Ingress is free.
 */
import type { Continent, EgressPlace } from '../domain/egress-flow';
import type { PublishedSchedule } from '../domain/egress-data';
import { brand } from '../brand/brand.config';
import { pricesAsOf, regions } from './catalog-data';

/** Same date as the catalog's GPU prices (brand.config.ts, pricesAsOf). */
export const NORTHLIGHT_PRICES_AS_OF = pricesAsOf;
/** The provider's short name (brand.config.ts). */
export const NORTHLIGHT = brand.shortName;

export const northlightInternetSchedule: PublishedSchedule = {
  id: 'northlight-internet',
  providerId: 'northlight',
  provider: NORTHLIGHT,
  pathKind: 'internet',
  withinContinents: null,
  path: `to the internet, another provider or premises, from any ${NORTHLIGHT} region`,
  unit: 'GB',
  freeUnitsPerMonth: 10_000,
  freeNote: '10 TB (10,000 GB) a month free per project',
  tiers: [
    { upToUnits: 100_000, microUsdPerUnit: 20_000 },
    { upToUnits: null, microUsdPerUnit: 10_000 },
  ],
  source: `${NORTHLIGHT} price list (this cloud’s catalog)`,
  asOf: NORTHLIGHT_PRICES_AS_OF,
};

export const northlightInterRegionSchedule: PublishedSchedule = {
  id: 'northlight-inter-region',
  providerId: 'northlight',
  provider: NORTHLIGHT,
  pathKind: 'inter-region',
  withinContinents: null,
  path: `to another ${NORTHLIGHT} region`,
  unit: 'GB',
  freeUnitsPerMonth: 0,
  tiers: [{ upToUnits: null, microUsdPerUnit: 0 }],
  note: `Free between ${NORTHLIGHT} regions, and within a region`,
  source: `${NORTHLIGHT} price list (this cloud’s catalog)`,
  asOf: NORTHLIGHT_PRICES_AS_OF,
};

export const northlightEgressSchedules: PublishedSchedule[] = [northlightInternetSchedule, northlightInterRegionSchedule];

const CONTINENT_OF_COUNTRY: Record<string, Continent> = { CA: 'north-america', US: 'north-america', SE: 'europe', PY: 'south-america' };

export const northlightPlaces: EgressPlace[] = regions.map((r) => {
  const continent = CONTINENT_OF_COUNTRY[r.countryCode];
  if (!continent) throw new Error(`no continent for ${r.countryCode}`);
  return {
    id: `northlight:${r.id}`,
    providerId: 'northlight',
    provider: NORTHLIGHT,
    name: r.name,
    code: r.id,
    country: r.country,
    jurisdiction: r.jurisdiction,
    residency: r.residency,
    continent,
  };
});
