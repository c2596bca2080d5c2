/**
 * Egress pricing: what moving a volume of data out of a cloud costs under a provider's published
 * schedule, exactly. One function (`egressCost`) prices a month's volume; the estimator, the
 * 12-month projection, the simulator's meter and the bill all call it, so they never disagree.
 *
 * How providers bill egress (AWS, Google Cloud, Azure and Oracle pricing pages; see
 * data/egress-prices.json): per calendar month, cumulatively. The month's free allowance is used
 * first; then each tier's range is charged at its price, in order. A tier's range is counted from
 * zero with the free units included (AWS: units 101 to 10,000 at $0.09 after 100 free).
 *
 * Volumes are whole bytes (BigInt), so GB/TB (decimal, 10^9/10^12) and GiB/TiB (binary,
 * 2^30/2^40) convert without floating-point error. Each line of the breakdown is rounded to the
 * cent once, half up; the total is the sum of the lines (as on a provider's invoice).
 */
import type { Cents } from './money';
import { BYTES_PER_GB, BYTES_PER_GIB, BYTES_PER_TB, BYTES_PER_TIB } from './units';

export type VolumeUnit = 'GB' | 'TB' | 'GiB' | 'TiB';
/** The unit a provider bills in: Google Cloud bills GiB; AWS, Azure, Oracle and this cloud bill GB. */
export type BillingUnit = 'GB' | 'GiB';

export const VOLUME_UNITS: readonly VolumeUnit[] = ['GB', 'TB', 'GiB', 'TiB'];

export const BYTES_PER_UNIT: Readonly<Record<VolumeUnit, bigint>> = {
  GB: BigInt(BYTES_PER_GB),
  TB: BigInt(BYTES_PER_TB),
  GiB: BigInt(BYTES_PER_GIB),
  TiB: BigInt(BYTES_PER_TIB),
};

const MICRO_USD_PER_CENT = 10_000n;

export interface EgressTier {
  /** Upper end of the tier in billing units, counted from zero (free units included); null: no end. */
  upToUnits: number | null;
  /** Price per billing unit in micro-dollars; null where the provider asks you to contact sales. */
  microUsdPerUnit: number | null;
}

export interface EgressSchedule {
  unit: BillingUnit;
  freeUnitsPerMonth: number;
  /** In order; the last tier has no upper end. */
  tiers: readonly EgressTier[];
}

/** free: the allowance; priced: a tier with a price; unpriced: above the last published price. */
export type EgressLineKind = 'free' | 'priced' | 'unpriced';

export interface EgressLine {
  kind: EgressLineKind;
  /** The range this line covers, in billing units counted from zero (the provider's "next 40 TB"). */
  fromUnits: number;
  toUnits: number | null;
  /** 0 for the free allowance, null above the last published price. */
  microUsdPerUnit: number | null;
  /** The part of the volume that falls in this range. */
  bytes: bigint;
  costCents: Cents;
}

export interface EgressCost {
  volumeBytes: bigint;
  /** Every range of the schedule, free allowance first, including those the volume does not reach. */
  lines: EgressLine[];
  /** The sum of the lines' cents. */
  costCents: Cents;
  /** Volume above the last published price ("contact sales"): not included in costCents. */
  unpricedBytes: bigint;
}

/** Integer division of non-negative BigInts, rounding half up (half away from zero). */
function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  const q = numerator / denominator;
  return (numerator - q * denominator) * 2n >= denominator ? q + 1n : q;
}

function assertSchedule(schedule: EgressSchedule): void {
  const { freeUnitsPerMonth, tiers } = schedule;
  if (!Number.isSafeInteger(freeUnitsPerMonth) || freeUnitsPerMonth < 0) throw new RangeError(`free allowance must be a whole number of units: ${freeUnitsPerMonth}`);
  if (tiers.length === 0 || tiers[tiers.length - 1]?.upToUnits !== null) throw new RangeError('the last tier must have no upper end');
  let previous = 0;
  for (const t of tiers) {
    if (t.microUsdPerUnit !== null && (!Number.isSafeInteger(t.microUsdPerUnit) || t.microUsdPerUnit < 0)) throw new RangeError(`price must be whole micro-dollars: ${t.microUsdPerUnit}`);
    if (t.upToUnits === null) continue;
    if (!Number.isSafeInteger(t.upToUnits) || t.upToUnits <= previous) throw new RangeError(`tier limits must be whole units, increasing: ${t.upToUnits}`);
    previous = t.upToUnits;
  }
}

function clampBytes(volume: bigint, lowBytes: bigint, highBytes: bigint | null): bigint {
  if (volume <= lowBytes) return 0n;
  return (highBytes === null || volume < highBytes ? volume : highBytes) - lowBytes;
}

/**
 * What a month's volume costs under a schedule: the free allowance first, then each tier in
 * order, each line rounded to the cent once (half up), the total their sum.
 */
export function egressCost(schedule: EgressSchedule, volumeBytes: bigint): EgressCost {
  if (volumeBytes < 0n) throw new RangeError('a volume cannot be negative');
  assertSchedule(schedule);
  const perUnit = BYTES_PER_UNIT[schedule.unit];
  const free = schedule.freeUnitsPerMonth;
  const lines: EgressLine[] = [];
  if (free > 0) {
    lines.push({ kind: 'free', fromUnits: 0, toUnits: free, microUsdPerUnit: 0, bytes: clampBytes(volumeBytes, 0n, BigInt(free) * perUnit), costCents: 0 });
  }
  let previousUpTo = 0;
  let unpricedBytes = 0n;
  for (const tier of schedule.tiers) {
    const fromUnits = Math.max(previousUpTo, free);
    const toUnits = tier.upToUnits;
    previousUpTo = toUnits ?? Number.POSITIVE_INFINITY;
    // A tier that lies wholly inside the free allowance has nothing left to charge.
    if (toUnits !== null && toUnits <= fromUnits) continue;
    const bytes = clampBytes(volumeBytes, BigInt(fromUnits) * perUnit, toUnits === null ? null : BigInt(toUnits) * perUnit);
    if (tier.microUsdPerUnit === null) {
      unpricedBytes += bytes;
      lines.push({ kind: 'unpriced', fromUnits, toUnits, microUsdPerUnit: null, bytes, costCents: 0 });
      continue;
    }
    // bytes × (micro-USD per unit) ÷ (bytes per unit × micro-USD per cent), one rounding.
    const cents = divRoundHalfUp(bytes * BigInt(tier.microUsdPerUnit), perUnit * MICRO_USD_PER_CENT);
    lines.push({ kind: 'priced', fromUnits, toUnits, microUsdPerUnit: tier.microUsdPerUnit, bytes, costCents: toSafeCents(cents) });
  }
  return { volumeBytes, lines, costCents: lines.reduce((a, l) => a + l.costCents, 0), unpricedBytes };
}

function toSafeCents(cents: bigint): Cents {
  if (cents > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('amount too large to represent in cents exactly');
  return Number(cents);
}

/**
 * Cost of the bytes sent between two points of one month: cost(to) − cost(from). Because the
 * schedule is cumulative, a day's share depends on what the month sent before it; the shares of
 * consecutive stretches add up to the month's cost exactly (the sum telescopes).
 */
export function egressCostBetween(schedule: EgressSchedule, monthBytesBefore: bigint, monthBytesAfter: bigint): Cents {
  return egressCost(schedule, monthBytesAfter).costCents - egressCost(schedule, monthBytesBefore).costCents;
}

// ---------------------------------------------------------------------------------------------
// Units: exact conversion between a decimal number written in a unit and whole bytes.

const DECIMAL = /^(\d+)(?:\.(\d*))?$|^\.(\d+)$/;

/**
 * Whole bytes for a decimal number written in a unit ("50", "1.5", "1,000.25"; thousands commas
 * allowed), rounded half up to the byte (a byte is the smallest thing that moves), or null when
 * the text is not a non-negative decimal number.
 */
export function parseVolumeBytes(text: string, unit: VolumeUnit): bigint | null {
  const trimmed = text.trim().replace(/,(?=\d{3}(\D|$))/g, '');
  const m = DECIMAL.exec(trimmed);
  if (!m) return null;
  const whole = m[1] ?? '0';
  const fraction = m[2] ?? m[3] ?? '';
  const scale = 10n ** BigInt(fraction.length);
  const scaled = BigInt(whole) * scale + (fraction === '' ? 0n : BigInt(fraction));
  return divRoundHalfUp(scaled * BYTES_PER_UNIT[unit], scale);
}

/**
 * The exact decimal value of whole bytes in a unit, without trailing zeros: 50 TB in GiB is
 * "46566.12873077392578125". Always finite: every unit is a product of 2s and 5s.
 */
export function exactVolume(bytes: bigint, unit: VolumeUnit): string {
  if (bytes < 0n) throw new RangeError('a volume cannot be negative');
  const perUnit = BYTES_PER_UNIT[unit];
  const whole = bytes / perUnit;
  let remainder = bytes % perUnit;
  let digits = '';
  while (remainder !== 0n) {
    remainder *= 10n;
    digits += (remainder / perUnit).toString();
    remainder %= perUnit;
  }
  return digits === '' ? whole.toString() : `${whole}.${digits}`;
}

/** A volume in a unit as a float, for display and charts only (never for money). */
export function volumeInUnit(bytes: bigint | number, unit: VolumeUnit): number {
  const b = BigInt(bytes);
  const perUnit = BYTES_PER_UNIT[unit];
  return Number(b / perUnit) + Number(b % perUnit) / Number(perUnit);
}

// ---------------------------------------------------------------------------------------------
// Projection: a flow over the next months, with optional monthly growth.

export type Cadence = 'one-time' | 'monthly';

/** Growth per month in basis points (1% = 100): 250 is 2.5% a month. */
export type BasisPoints = number;

/**
 * The volume of each of the next `months` months. One-time: the whole volume in the first month.
 * Monthly: each month is the previous one × (1 + growth), rounded half up to the byte.
 */
export function monthlyVolumes(volumeBytes: bigint, cadence: Cadence, growthBasisPoints: BasisPoints = 0, months = 12): bigint[] {
  if (volumeBytes < 0n) throw new RangeError('a volume cannot be negative');
  if (!Number.isInteger(growthBasisPoints) || growthBasisPoints <= -10_000) throw new RangeError('growth must be whole basis points above -100%');
  if (cadence === 'one-time') return Array.from({ length: months }, (_, i) => (i === 0 ? volumeBytes : 0n));
  const factor = 10_000n + BigInt(growthBasisPoints);
  const out: bigint[] = [];
  let v = volumeBytes;
  for (let i = 0; i < months; i++) {
    out.push(v);
    v = divRoundHalfUp(v * factor, 10_000n);
  }
  return out;
}

export interface ProjectionMonth {
  /** 0 for the first month. */
  monthIndex: number;
  volumeBytes: bigint;
  costCents: Cents;
  cumulativeCents: Cents;
}

export interface EgressProjection {
  months: ProjectionMonth[];
  totalCents: Cents;
}

/** Each month priced on its own (allowances and tiers restart every month); the total is their sum. */
export function egressProjection(schedule: EgressSchedule, volumesBytes: readonly bigint[]): EgressProjection {
  let cumulative = 0;
  const months = volumesBytes.map((volumeBytes, monthIndex) => {
    const costCents = egressCost(schedule, volumeBytes).costCents;
    cumulative += costCents;
    return { monthIndex, volumeBytes, costCents, cumulativeCents: cumulative };
  });
  return { months, totalCents: cumulative };
}

// ---------------------------------------------------------------------------------------------
// The meter: a month so far, projected to its end at the recent rate.

export interface MonthEndInput {
  /** Bytes sent since the month began. */
  soFarBytes: number;
  /** Bytes sent over the recent window the rate is measured on. */
  recentBytes: number;
  recentMs: number;
  /** Time left until the month ends. */
  remainingMs: number;
}

/** Month so far plus the recent rate carried to the month's end, in whole bytes (rounded down). */
export function projectedMonthEndBytes({ soFarBytes, recentBytes, recentMs, remainingMs }: MonthEndInput): number {
  if (recentMs <= 0 || remainingMs <= 0) return soFarBytes;
  return soFarBytes + Math.floor((recentBytes * remainingMs) / recentMs);
}

/**
 * How long until the allowance is used up at the recent rate: 0 if it already is, null if the
 * rate is zero.
 */
export function msUntilAllowanceRunsOut(usedBytes: number, allowanceBytes: number, recentBytes: number, recentMs: number): number | null {
  if (usedBytes >= allowanceBytes) return 0;
  if (recentBytes <= 0 || recentMs <= 0) return null;
  return Math.ceil(((allowanceBytes - usedBytes) * recentMs) / recentBytes);
}

/**
 * none: below the threshold, so far and projected. projected: the month-end projection reaches the
 * threshold. reached: the month so far has reached it. exhausted: the allowance is used up and
 * every further byte is billed.
 */
export type EgressWarningLevel = 'none' | 'projected' | 'reached' | 'exhausted';

export interface WarningInput {
  usedBytes: number;
  projectedBytes: number;
  allowanceBytes: number;
  /** Share of the allowance, in percent, at which the project's owners want to hear about it. */
  thresholdPercent: number;
}

export function egressWarningLevel({ usedBytes, projectedBytes, allowanceBytes, thresholdPercent }: WarningInput): EgressWarningLevel {
  if (allowanceBytes <= 0) return 'none';
  if (usedBytes >= allowanceBytes) return 'exhausted';
  // Compared exactly, in integers: used / allowance ≥ threshold / 100.
  const limit = BigInt(allowanceBytes) * BigInt(thresholdPercent);
  if (BigInt(usedBytes) * 100n >= limit) return 'reached';
  if (BigInt(projectedBytes) * 100n >= limit) return 'projected';
  return 'none';
}
