/** Egress figures in words, at the edge: volumes in a unit, prices per unit, tier ranges, dates of prices. */
import { volumeInUnit, type VolumeUnit } from '../../domain/egress';
import { formatDate, formatMonth } from '../../lib/format';

const twoDecimals = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const threeSignificant = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });
const wholeNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** "46,566.13 GiB"; tiny amounts keep three significant digits ("0.000931 GiB"). */
/** This cloud's own name as its price book gives it (the provider dresses the console: brand.config.ts). */
export function ownProviderName(schedules: ReadonlyArray<{ providerId: string; provider: string }> | undefined): string {
  return schedules?.find((s) => s.providerId === 'northlight')?.provider ?? 'this cloud';
}

export function formatVolume(bytes: bigint | number, unit: VolumeUnit): string {
  const value = volumeInUnit(bytes, unit);
  const text = value > 0 && value < 0.01 ? threeSignificant.format(value) : twoDecimals.format(value);
  return `${text} ${unit}`;
}

/** A meter's volume in whole GB ("10,139 GB"), or TB above 100 TB. */
export function formatMeterVolume(bytes: number): string {
  return bytes >= 100e12 ? `${twoDecimals.format(bytes / 1e12)} TB` : `${wholeNumber.format(bytes / 1e9)} GB`;
}

/** "$0.085 per GB", "$0.0085 per GB", "free", "price on request". */
export function formatPricePerUnit(microUsdPerUnit: number | null, unit: string): string {
  if (microUsdPerUnit === null) return 'price on request';
  if (microUsdPerUnit === 0) return 'free';
  const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 6 });
  return `${usd.format(microUsdPerUnit / 1_000_000)} per ${unit}`;
}

/** The provider's words for a tier: "first 100 GB", "100 to 10,000 GB", "above 150,000 GB". */
export function formatTierRange(fromUnits: number, toUnits: number | null, unit: string, free: boolean): string {
  if (free) return `First ${wholeNumber.format(toUnits ?? 0)} ${unit} of the month`;
  if (toUnits === null) return `Above ${wholeNumber.format(fromUnits)} ${unit}`;
  return `${wholeNumber.format(fromUnits)} to ${wholeNumber.format(toUnits)} ${unit}`;
}

/** "June 2025" for a month ("2025-06"), "Nov 1, 2026" for a day. */
export function formatAsOf(asOf: string): string {
  return /^\d{4}-\d{2}$/.test(asOf) ? formatMonth(`${asOf}-01T00:00:00Z`) : formatDate(`${asOf}T00:00:00Z`);
}

export function formatPercentValue(percent: number): string {
  return `${wholeNumber.format(percent)}%`;
}
