/**
 * Display currencies: amounts stay integer US cents everywhere (API, ledger, budgets); a
 * person may read them in CAD, EUR or SEK at one fixed rate whose date and source are shown
 * beside every converted figure. Conversion rounds once, half away from zero, and a table is
 * converted so that its rows still sum to its converted total.
 */
import { allocateCents, type Cents } from './money';

export type DisplayCurrency = 'USD' | 'CAD' | 'EUR' | 'SEK';
export const DISPLAY_CURRENCIES: readonly DisplayCurrency[] = ['USD', 'CAD', 'EUR', 'SEK'];

export interface CurrencyRate {
  currency: DisplayCurrency;
  name: string;
  /** Units of the currency one US dollar buys, in millionths (1.395 CAD per USD = 1_395_000). */
  unitsPerUsdMicros: number;
  /** The day the rate was fixed (YYYY-MM-DD). */
  asOf: string;
  source: string;
}

/**
 * The console's fixed rates. FICTIONAL, like the catalog's prices: chosen inside the range of
 * 2025 market rates (ECB euro reference rates) and fixed for the month so that a converted
 * figure does not move while a person reads it.
 */
const FIXED_AS_OF = '2026-11-02';
const FIXED_SOURCE = 'Northlight treasury fixed monthly rate (simulated; near ECB reference rates of 2025)';

export const CURRENCY_RATES: readonly CurrencyRate[] = [
  { currency: 'USD', name: 'US dollar', unitsPerUsdMicros: 1_000_000, asOf: FIXED_AS_OF, source: 'Billing currency' },
  { currency: 'CAD', name: 'Canadian dollar', unitsPerUsdMicros: 1_395_000, asOf: FIXED_AS_OF, source: FIXED_SOURCE },
  { currency: 'EUR', name: 'Euro', unitsPerUsdMicros: 862_000, asOf: FIXED_AS_OF, source: FIXED_SOURCE },
  { currency: 'SEK', name: 'Swedish krona', unitsPerUsdMicros: 9_480_000, asOf: FIXED_AS_OF, source: FIXED_SOURCE },
];

export function isDisplayCurrency(value: unknown): value is DisplayCurrency {
  return typeof value === 'string' && (DISPLAY_CURRENCIES as readonly string[]).includes(value);
}

/**
 * US cents to the minor unit (cent, öre) of another currency at a rate in millionths, rounded
 * half away from zero. BigInt keeps the product exact for any amount a month can reach.
 */
export function convertCents(usdCents: Cents, unitsPerUsdMicros: number): number {
  if (!Number.isInteger(usdCents)) throw new TypeError(`not an integer amount of cents: ${usdCents}`);
  if (!Number.isInteger(unitsPerUsdMicros) || unitsPerUsdMicros <= 0) throw new RangeError('the rate must be a positive whole number of millionths');
  const product = BigInt(Math.abs(usdCents)) * BigInt(unitsPerUsdMicros);
  const million = 1_000_000n;
  const quotient = product / million;
  const rounded = (product % million) * 2n >= million ? quotient + 1n : quotient;
  return usdCents < 0 && rounded > 0n ? -Number(rounded) : Number(rounded);
}

/**
 * Converts a table: the total is converted once, and the rows are its largest-remainder split
 * in proportion to their US amounts, so the converted rows sum to the converted total exactly.
 * (Rows of mixed sign are converted one by one; their sum may then differ by rounding.)
 */
export function convertTable(usdRows: readonly Cents[], usdTotal: Cents, unitsPerUsdMicros: number): { rows: number[]; total: number } {
  const total = convertCents(usdTotal, unitsPerUsdMicros);
  const rowsSum = usdRows.reduce((a, b) => a + b, 0);
  const sameSign = usdRows.every((r) => r >= 0) || usdRows.every((r) => r <= 0);
  if (rowsSum !== usdTotal || !sameSign || unitsPerUsdMicros === 1_000_000) {
    return { rows: usdRows.map((r) => convertCents(r, unitsPerUsdMicros)), total };
  }
  const sign = usdTotal < 0 ? -1 : 1;
  const rows = allocateCents(Math.abs(total), usdRows.map((r) => Math.abs(r))).map((r) => (r === 0 ? 0 : sign * r));
  return { rows, total };
}
