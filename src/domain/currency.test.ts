import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CURRENCY_RATES, DISPLAY_CURRENCIES, convertCents, convertTable, isDisplayCurrency } from './currency';

describe('display currencies', () => {
  it('offers USD, CAD, EUR and SEK, each with a rate, its date and its source', () => {
    expect(CURRENCY_RATES.map((r) => r.currency)).toEqual([...DISPLAY_CURRENCIES]);
    for (const r of CURRENCY_RATES) {
      expect(Number.isInteger(r.unitsPerUsdMicros) && r.unitsPerUsdMicros > 0).toBe(true);
      expect(r.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.source.length).toBeGreaterThan(5);
    }
    expect(isDisplayCurrency('EUR')).toBe(true);
    expect(isDisplayCurrency('GBP')).toBe(false);
  });

  it('converts once, rounding half away from zero', () => {
    // $100.00 at 1.395 CAD = CA$139.50 exactly.
    expect(convertCents(10_000, 1_395_000)).toBe(13_950);
    // $0.01 at 0.862 EUR = 0.862 cent → 1 cent; $0.50 at 0.862 = 43.1 cents → 43.
    expect(convertCents(1, 862_000)).toBe(1);
    expect(convertCents(50, 862_000)).toBe(43);
    // 0.5 exactly rounds away from zero: 1 cent at 1.5 = 1.5 → 2, and −1 → −2.
    expect(convertCents(1, 1_500_000)).toBe(2);
    expect(convertCents(-1, 1_500_000)).toBe(-2);
    expect(convertCents(12_345, 1_000_000)).toBe(12_345);
    // A large month stays exact (BigInt): $36,000,000.00 at 9.48 SEK.
    expect(convertCents(3_600_000_000, 9_480_000)).toBe(34_128_000_000);
    expect(() => convertCents(1.5, 1_000_000)).toThrow(/integer/);
  });

  it('converts a table so its rows still sum to its converted total', () => {
    // Three rows of $0.50 at 0.862: one by one 43 + 43 + 43 = 129, but $1.50 converts to 129.3 → 129.
    expect(convertTable([50, 50, 50], 150, 862_000)).toEqual({ rows: [43, 43, 43], total: 129 });
    // $0.01 × 3 at 1.5: one by one 2+2+2 = 6, but the total is 4.5 → 5; the rows split 5.
    const t = convertTable([1, 1, 1], 3, 1_500_000);
    expect(t.total).toBe(5);
    expect(t.rows.reduce((a, b) => a + b, 0)).toBe(5);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50_000_000 }), { maxLength: 30 }), fc.constantFrom(...CURRENCY_RATES.map((r) => r.unitsPerUsdMicros)), (rows, rate) => {
        const total = rows.reduce((a, b) => a + b, 0);
        const converted = convertTable(rows, total, rate);
        expect(converted.rows.reduce((a, b) => a + b, 0)).toBe(converted.total);
        expect(converted.total).toBe(convertCents(total, rate));
        converted.rows.forEach((r, i) => expect(Math.abs(r - convertCents(rows[i]!, rate))).toBeLessThanOrEqual(Math.max(1, rows.length)));
      }),
    );
  });
});
