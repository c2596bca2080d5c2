/**
 * Formatting of serving figures at the edge (prices per million tokens, latencies), apart from
 * format.ts so the first visit does not carry them: Utilization's Inference tab, a serving pod's
 * section and the guided tour's inference chapter load them.
 */
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** Shown for a figure the API answers null (no tokens, no spend): never "$0.00" or "Infinity". */
export const NO_FIGURE = '—';

// Prices per million tokens run from $0.02 to a few dollars, and a GPU's own cost per million
// input tokens is often a few cents: under a dollar, four decimals keep two significant digits
// ($0.0526); from a dollar up, cents are enough ($2.47).
const underDollar = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 4 });

/** "$0.0526" from 52,598 micro-dollars; "—" for null. */
export function formatMicroUsd(microUsd: number | null): string {
  if (microUsd === null) return NO_FIGURE;
  const dollars = microUsd / 1_000_000;
  return (dollars < 1 ? underDollar : usd).format(dollars);
}

const ms = new Intl.NumberFormat('en-US', { style: 'unit', unit: 'millisecond', maximumFractionDigits: 0 });
const msFine = new Intl.NumberFormat('en-US', { style: 'unit', unit: 'millisecond', maximumFractionDigits: 1 });
const sec = new Intl.NumberFormat('en-US', { style: 'unit', unit: 'second', maximumFractionDigits: 2 });
/** A latency: "8.5 ms", "111 ms", "1.99 sec" from seconds; "—" for null. */
export function formatLatency(seconds: number | null): string {
  if (seconds === null) return NO_FIGURE;
  if (seconds >= 1) return sec.format(seconds);
  return (seconds < 0.01 ? msFine : ms).format(seconds * 1000);
}
