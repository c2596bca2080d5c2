/**
 * Amounts in the display currency the person chose: the API's US cents converted at the fixed
 * rate (domain/currency.ts: one rounding, tables that still add up) and formatted with Intl,
 * here at the edge. US dollars need no rate.
 */
import { useMemo } from 'react';
import { convertCents, convertTable } from '../../domain/currency';
import { useCurrencies } from './api/get-currencies';
import type { CurrencyRate } from './api/types';
import type { DisplayCurrencyCode } from './billing-params';

export interface Money {
  currency: DisplayCurrencyCode;
  /** The rate in use; null for US dollars, or while the rates load (amounts then show in USD). */
  rate: CurrencyRate | null;
  /** Converted minor units (cents, öre). */
  minor(usdCents: number): number;
  /** Converted minor units of a table whose rows sum to its total. */
  minorTable(usdRows: readonly number[], usdTotal: number): { rows: number[]; total: number };
  format(usdCents: number): string;
  /** Already converted minor units, formatted (chart values). */
  formatMinor(minorUnits: number, whole?: boolean): string;
  /** A rate in micro-dollars per unit (invoice unit prices), converted, with up to 4 decimals. */
  formatUnitPrice(microUsd: number): string;
  /** Whole units, for axes and headline ranges. */
  formatWhole(usdCents: number): string;
  /** A table's rows and total, formatted, still adding up. */
  formatTable(usdRows: readonly number[], usdTotal: number): { rows: string[]; total: string };
}

const formatters = new Map<string, Intl.NumberFormat>();
function formatter(currency: string, whole: boolean): Intl.NumberFormat {
  const key = `${currency}:${whole}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { style: 'currency', currency, ...(whole ? { maximumFractionDigits: 0, minimumFractionDigits: 0 } : {}) });
    formatters.set(key, f);
  }
  return f;
}

export function moneyIn(currency: DisplayCurrencyCode, rate: CurrencyRate | null): Money {
  const micros = rate && currency !== 'USD' ? rate.unitsPerUsdMicros : 1_000_000;
  const shown = rate || currency === 'USD' ? currency : 'USD';
  const minor = (c: number) => convertCents(c, micros);
  const minorTable = (rows: readonly number[], total: number) => convertTable(rows, total, micros);
  return {
    currency: shown,
    rate: shown === 'USD' ? null : rate,
    minor,
    minorTable,
    format: (c) => formatter(shown, false).format(minor(c) / 100),
    formatMinor: (m, whole = false) => formatter(shown, whole).format(whole ? Math.round(m / 100) : m / 100),
    formatUnitPrice: (microUsd) =>
      new Intl.NumberFormat('en-US', { style: 'currency', currency: shown, minimumFractionDigits: 2, maximumFractionDigits: 4 }).format((microUsd * micros) / 1e12),
    formatWhole: (c) => formatter(shown, true).format(Math.round(minor(c) / 100)),
    formatTable: (rows, total) => {
      const t = minorTable(rows, total);
      return { rows: t.rows.map((m) => formatter(shown, false).format(m / 100)), total: formatter(shown, false).format(t.total / 100) };
    },
  };
}

export function useMoney(currency: DisplayCurrencyCode): Money {
  const rates = useCurrencies();
  const rate = rates.data?.rates.find((r) => r.currency === currency) ?? null;
  return useMemo(() => moneyIn(currency, rate), [currency, rate]);
}
