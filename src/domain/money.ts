/**
 * Exact money: integer cents for amounts, integer micro-dollars per hour for rates.
 * Every conversion rounds once, half away from zero, so that a total can always be
 * built as the sum of already-rounded rows.
 */

/** An amount of US dollars in integer cents. */
export type Cents = number;
/** A rate in integer micro-dollars (1e-6 USD) per hour. */
export type MicroUsdPerHour = number;

const MICRO_PER_CENT = 10_000;

/** Integer division rounding half away from zero; both operands are integers. */
export function divRound(numerator: number, denominator: number): number {
  if (denominator <= 0) throw new RangeError('denominator must be positive');
  const sign = numerator < 0 ? -1 : 1;
  const n = Math.abs(numerator);
  const q = Math.floor(n / denominator);
  const r = n - q * denominator;
  return sign * (r * 2 >= denominator ? q + 1 : q);
}

/** Converts a dollar figure such as 2.49 to micro-dollars exactly (to the micro-dollar). */
export function microUsdFromUsd(usd: number): number {
  return Math.round(usd * 1_000_000);
}

export function centsFromMicroUsd(microUsd: number): Cents {
  return divRound(Math.round(microUsd), MICRO_PER_CENT);
}

/**
 * Cost of running at a rate for a duration, in cents. Billing is per second:
 * the duration is truncated to whole seconds before the one rounding to cents.
 */
export function costCentsForDuration(rateMicroUsdPerHour: MicroUsdPerHour, durationMs: number): Cents {
  if (durationMs <= 0) return 0;
  const seconds = Math.floor(durationMs / 1000);
  // micro-USD/h × s  ÷ (3600 s/h × 10,000 micro-USD/cent)
  return divRound(rateMicroUsdPerHour * seconds, 3600 * MICRO_PER_CENT);
}

/** Sum of integer cents; throws if a row is not an integer, so drift is caught where it starts. */
export function sumCents(rows: readonly Cents[]): Cents {
  let total = 0;
  for (const c of rows) {
    if (!Number.isInteger(c)) throw new TypeError(`not an integer amount of cents: ${c}`);
    total += c;
  }
  return total;
}

/**
 * Splits an amount into parts proportional to weights, so that the parts sum to the
 * amount exactly (largest-remainder method, as OpenCost splits shared cost).
 */
export function allocateCents(amount: Cents, weights: readonly number[]): Cents[] {
  const totalWeight = weights.reduce((a, w) => a + Math.max(0, w), 0);
  if (weights.length === 0) return [];
  if (totalWeight === 0) return weights.map((_, i) => (i === 0 ? amount : 0));
  const exact = weights.map((w) => (amount * Math.max(0, w)) / totalWeight);
  const floors = exact.map((x) => Math.floor(x));
  let remainder = amount - floors.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => ({ i, frac: x - Math.floor(x) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (remainder <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    remainder -= 1;
  }
  return floors;
}
