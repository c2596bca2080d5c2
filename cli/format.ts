/**
 * Human output: aligned tables and money. Amounts arrive as integer cents (rates as integer
 * micro-dollars per hour) and are formatted with Intl.NumberFormat from an exact decimal string,
 * so no amount ever passes through a binary fraction.
 */

const USD = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const USD_RATE = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 4 });

type Numeric = `${number}`;

/** An exact decimal string for an integer divided by 10^places ("-1234", 2 → "-12.34"). */
function decimal(value: number, places: number): Numeric {
  if (!Number.isSafeInteger(value)) throw new TypeError(`not an exact integer amount: ${value}`);
  const negative = value < 0;
  const digits = Math.abs(value).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const fraction = digits.slice(digits.length - places);
  return `${negative ? '-' : ''}${whole}.${fraction}` as Numeric;
}

/** 123456 → "$1,234.56". */
export function money(cents: number): string {
  return USD.format(decimal(cents, 2));
}

/** A signed change: +$1.00, −$2.50. */
export function moneyChange(cents: number): string {
  return cents > 0 ? `+${money(cents)}` : money(cents);
}

/** 3920000 micro-USD per hour → "$3.92/h". */
export function ratePerHour(microUsdPerHour: number): string {
  return `${USD_RATE.format(decimal(microUsdPerHour, 6))}/h`;
}

export function percent(ratio: number, digits = 1): string {
  return `${(ratio * 100).toFixed(digits)}%`;
}

export function gpuHours(gpuSeconds: number): string {
  return `${(gpuSeconds / 3600).toLocaleString('en-US', { maximumFractionDigits: 1 })} GPU-h`;
}

/** "2026-12-06T15:47:17.000Z" → "2026-12-06 15:47 UTC"; null → "-". */
export function time(iso: string | null | undefined): string {
  if (!iso) return '-';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  /** Right-aligned (numbers and money). */
  right?: boolean;
}

/** Control characters (an ANSI escape in a pod name) never reach the terminal. */
function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/** Columns separated by two spaces, each as wide as its widest cell; a header line first. */
export function table<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) => columns.map((c) => clean(c.value(row))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (columns[i]?.right ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n') + '\n';
}

/** Label: value lines, the labels aligned. */
export function fields(pairs: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${`${k}:`.padEnd(width + 1)}  ${clean(v)}`).join('\n') + '\n';
}
