/**
 * Whether the GPUs asked for are free where they are asked for, said before submit: a card that
 * says "4 free" does not take 8 silently. The note names what is possible instead: the counts
 * that fit here, and the regions (inside "Keep my data in") where the count asked for is free.
 * Availability moves, so it warns and does not block: a launch that finds none free still gets
 * the no-capacity answer and its alternatives.
 */
import type { Catalog } from './api/types';

export interface AvailabilityChoice {
  gpuTypeId: string;
  regionId: string;
  gpuCount: number;
  residency: string;
}

const list = (items: string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] ?? ''}`;

/** The sentence to show at the GPU count field, or null when the GPUs are free (or not offered here: the region says so). */
export function availabilityNote(catalog: Catalog, c: AvailabilityChoice): string | null {
  const gpu = catalog.gpuTypes.find((g) => g.id === c.gpuTypeId);
  const offer = gpu?.offers.find((o) => o.regionId === c.regionId);
  if (!gpu || !offer || offer.availableGpus >= c.gpuCount) return null;
  const regionName = (id: string) => catalog.regions.find((r) => r.id === id)?.name ?? id;
  const free = offer.availableGpus;
  const here = free === 0 ? `No ${gpu.name} is free in ${regionName(c.regionId)} right now` : `Only ${free} ${gpu.name} ${free === 1 ? 'is' : 'are'} free in ${regionName(c.regionId)} right now`;
  const counts = gpu.allowedCounts.filter((n) => n <= free).map(String);
  const allowed = (regionId: string) => c.residency === '' || (catalog.regions.find((r) => r.id === regionId)?.residency.includes(c.residency) ?? false);
  const elsewhere = gpu.offers
    .filter((o) => o.regionId !== c.regionId && allowed(o.regionId) && o.availableGpus >= c.gpuCount)
    .map((o) => `${regionName(o.regionId)} (${o.availableGpus} free)`);
  const options = [counts.length > 0 ? `choose ${list(counts)} GPU${counts.length === 1 && counts[0] === '1' ? '' : 's'} here` : '', elsewhere.length > 0 ? `launch ${c.gpuCount} in ${list(elsewhere)}` : ''].filter(Boolean);
  return `${here}, so ${c.gpuCount} would be refused. ${options.length > 0 ? `You can ${options.join(', or ')}.` : 'Try another GPU type, or launch later.'}`;
}
