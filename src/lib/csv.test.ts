import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvField, decimalFromMinorUnits, decimalPercent, parseCsv, toCsv } from './csv';

describe('CSV', () => {
  it('quotes names with commas, quotes and line breaks (RFC 4180), and ends records with CRLF', () => {
    const csv = toCsv(['Project', 'Amount (USD)'], [
      ['Vision, team A', decimalFromMinorUnits(123_456)],
      ['The "big" run', decimalFromMinorUnits(5)],
      ['two\nlines', decimalFromMinorUnits(-1_234)],
      ['plain', decimalFromMinorUnits(0)],
    ]);
    expect(csv).toBe(
      'Project,Amount (USD)\r\n"Vision, team A",1234.56\r\n"The ""big"" run",0.05\r\n"two\nlines",-12.34\r\nplain,0.00\r\n',
    );
    expect(parseCsv(csv)).toEqual([
      ['Project', 'Amount (USD)'],
      ['Vision, team A', '1234.56'],
      ['The "big" run', '0.05'],
      ['two\nlines', '-12.34'],
      ['plain', '0.00'],
    ]);
  });

  it('writes amounts as plain decimals: no currency sign, no thousands separator', () => {
    expect(decimalFromMinorUnits(1_000_000_00).decimal).toBe('1000000.00');
    expect(decimalFromMinorUnits(-5).decimal).toBe('-0.05');
    expect(decimalPercent(0.12345)).toEqual({ decimal: '12.35' });
    expect(() => decimalFromMinorUnits(1.5)).toThrow();
    expect(() => csvField({ decimal: '$1,000.00' })).toThrow();
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(null)).toBe('');
    expect(csvField(42)).toBe('42');
  });

  it('reads back exactly what it wrote, whatever the text', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'B', ',', '"', '\n', '\r', ' ', 'é', '1', ';') }).filter((s) => !/^[=+\-@\t\r]/.test(s));
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }), (rows) => {
        const width = rows[0]!.length;
        const table = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
        const header = table[0]!.map((_, i) => `c${i}`);
        expect(parseCsv(toCsv(header, table))).toEqual([header, ...table]);
      }),
    );
  });

  it('keeps amounts exact: the written decimals sum to the written total', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -10_000_000, max: 10_000_000 }), { minLength: 1, maxLength: 40 }), (cents) => {
        const total = cents.reduce((a, b) => a + b, 0);
        const parsed = parseCsv(toCsv(['Amount'], [...cents.map((c) => [decimalFromMinorUnits(c)]), [decimalFromMinorUnits(total)]]));
        const values = parsed.slice(1).map((r) => Math.round(Number(r[0]) * 100));
        expect(values.slice(0, -1).reduce((a, b) => a + b, 0)).toBe(values[values.length - 1]);
      }),
    );
  });
});
