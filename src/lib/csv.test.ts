import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvField, decimalFromCents, parseCsv, toCsv } from './csv';

describe('csv', () => {
  it('quotes only what RFC 4180 requires, doubling quotes', () => {
    expect(csvField('Vision')).toBe('Vision');
    expect(csvField('LLM research, west')).toBe('"LLM research, west"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField(null)).toBe('');
  });

  it('keeps a cell that looks like a formula as text', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('@sum')).toBe("'@sum");
    expect(csvField(-5)).toBe('-5');
    // A negative amount written as a decimal stays a number (billing's change columns).
    expect(csvField(decimalFromCents(-105))).toBe('-1.05');
    expect(csvField('-1.05e3')).toBe("'-1.05e3");
  });

  it('ends every record with CRLF', () => {
    expect(toCsv([['a', 'b'], ['1', '2']])).toBe('a,b\r\n1,2\r\n');
  });

  it('writes cents as exact decimals', () => {
    expect(decimalFromCents(123456)).toBe('1234.56');
    expect(decimalFromCents(5)).toBe('0.05');
    expect(decimalFromCents(-105)).toBe('-1.05');
    expect(() => decimalFromCents(1.5)).toThrow();
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (c) => {
      expect(Math.round(Number(decimalFromCents(c)) * 100)).toBe(c);
    }));
  });

  it('parses back what it writes', () => {
    const safe = fc.string().filter((s) => !/^[=+\-@\t\r]/.test(s));
    fc.assert(fc.property(fc.array(fc.array(safe, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (rows) => {
      expect(parseCsv(toCsv(rows))).toEqual(rows);
    }));
  });
});
