/**
 * CSV as RFC 4180 writes it: fields separated by commas, records by CRLF, a field quoted when it
 * holds a comma, a quote, a line break or leading/trailing spaces, quotes doubled inside. Amounts
 * go out as plain decimals ("1234.50"), never formatted currency, so spreadsheets sum them.
 */

export type CsvValue = string | number | null | undefined;

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
/**
 * Cells a spreadsheet would run as a formula (OWASP "CSV injection"): prefixed with a quote so
 * they stay text. Numbers are written by us and never start with these, except a minus sign.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal such as "-12.34" (decimalFromCents of a negative amount) is a number, not a formula. */
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && FORMULA_START.test(s) && !PLAIN_DECIMAL.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV document from rows of fields, each record ending with CRLF. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** "1234.56" from integer cents, exactly (no floating point on the way). */
export function decimalFromCents(cents: number): string {
  if (!Number.isInteger(cents)) throw new TypeError(`not an integer amount of cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Parses RFC 4180 CSV back into rows (for tests and imports); the inverse of toCsv. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
