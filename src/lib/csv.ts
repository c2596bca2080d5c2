/**
 * CSV for exports that open cleanly in a spreadsheet: RFC 4180 quoting (a field with a comma,
 * a double quote or a line break is quoted, quotes doubled, records end with CRLF), amounts as
 * plain decimals ("1234.56": no currency sign, no thousands separator), and text that a
 * spreadsheet would run as a formula defused (OWASP "CSV injection": a leading = + - @ tab or
 * CR gets a leading apostrophe).
 */

/** A value written as-is, unquoted: only plain decimal numbers qualify. */
export interface CsvDecimal {
  decimal: string;
}

export type CsvValue = string | number | null | undefined | CsvDecimal;

const DECIMAL = /^-?\d+(\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** Integer minor units (cents, öre) as a plain decimal with two places: -1234 → "-12.34". */
export function decimalFromMinorUnits(minorUnits: number): CsvDecimal {
  if (!Number.isInteger(minorUnits)) throw new TypeError(`not a whole number of minor units: ${minorUnits}`);
  const sign = minorUnits < 0 ? '-' : '';
  const abs = Math.abs(minorUnits);
  return { decimal: `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}` };
}

/** A ratio as a plain decimal percentage with the given places: 0.1234 → "12.34". */
export function decimalPercent(ratio: number, places = 2): CsvDecimal {
  return { decimal: (ratio * 100).toFixed(places) };
}

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'object') {
    if (!DECIMAL.test(value.decimal)) throw new RangeError(`not a plain decimal: ${value.decimal}`);
    return value.decimal;
  }
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV document: a header record, then the rows; every record ends with CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((record) => `${record.map(csvField).join(',')}\r\n`).join('');
}

/** Reads RFC 4180 CSV back into records of strings (for tests and round trips). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i += 1;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') endField();
    else if (c === '\r' && text[i + 1] === '\n') {
      endField();
      records.push(record);
      record = [];
      i += 1;
    } else if (c === '\n') {
      endField();
      records.push(record);
      record = [];
    } else field += c;
    i += 1;
  }
  if (field !== '' || record.length > 0) {
    endField();
    records.push(record);
  }
  return records;
}
