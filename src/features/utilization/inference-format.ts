/**
 * Words for the serving figures, at the edge: prices per million tokens from integer
 * micro-dollars, token counts, latencies and throughput. No money is computed here: every amount
 * comes from the API (GET /v1/inference/summary, GET /v1/pods/{podId}/inference).
 */
import type { components } from '../../api/schema';

export type InferenceFigures = components['schemas']['InferenceFigures'];
export type HostedComparison = components['schemas']['InferenceHostedComparison'];

/** Shown for a figure the API answers null (no tokens, no spend): never "$0.00" or "Infinity". */
export const NO_FIGURE = '—';

// Hosted list prices run from $0.02 to a few dollars per million tokens, and a GPU's own cost per
// million input tokens is often a few cents: under a dollar, four decimals keep two significant
// digits ($0.0526); from a dollar up, cents are enough ($2.47).
const underDollar = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 4 });
const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** "$0.0526" from 52,598 micro-dollars; "—" for null. */
export function formatMicroUsd(microUsd: number | null): string {
  if (microUsd === null) return NO_FIGURE;
  const usd = microUsd / 1_000_000;
  return (usd < 1 ? underDollar : dollars).format(usd);
}

/** "$0.0526 / M tokens": a price per million tokens. */
export function formatPerMillionTokens(microUsd: number | null): string {
  return microUsd === null ? NO_FIGURE : `${formatMicroUsd(microUsd)}\u00a0/\u00a0M\u00a0tokens`;
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
/** "81.6B", "1.2M", "950": token and request counts. */
export function formatCount(n: number): string {
  return compact.format(n);
}

const ms = new Intl.NumberFormat('en-US', { style: 'unit', unit: 'millisecond', maximumFractionDigits: 0 });
const msFine = new Intl.NumberFormat('en-US', { style: 'unit', unit: 'millisecond', maximumFractionDigits: 1 });
const sec = new Intl.NumberFormat('en-US', { style: 'unit', unit: 'second', maximumFractionDigits: 2 });
/** "8.5 ms", "111 ms", "1.99 sec" from seconds; "—" for null. */
export function formatLatency(seconds: number | null): string {
  if (seconds === null) return NO_FIGURE;
  if (seconds >= 1) return sec.format(seconds);
  return (seconds < 0.01 ? msFine : ms).format(seconds * 1000);
}

/** "111 ms / 599 ms": a p50 and a p95 together. */
export function formatP50P95(p50: number | null, p95: number | null): string {
  return p50 === null && p95 === null ? NO_FIGURE : `${formatLatency(p50)} / ${formatLatency(p95)}`;
}

const rate = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const rateFine = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
/** "636" tokens per second (or per second per dollar-hour); one decimal under 10; "—" for null. */
export function formatRate(perSecond: number | null): string {
  if (perSecond === null) return NO_FIGURE;
  return (perSecond < 10 ? rateFine : rate).format(perSecond);
}

const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
/** "32.6%" from a 0-1 ratio; "—" for null. */
export function formatShare(ratio: number | null): string {
  return ratio === null ? NO_FIGURE : percent.format(ratio);
}
