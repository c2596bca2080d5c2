/**
 * Words for the serving figures, at the edge: prices per million tokens from integer
 * micro-dollars, token counts, latencies and throughput. No money is computed here: every amount
 * comes from the API (GET /v1/inference/summary, GET /v1/pods/{podId}/inference).
 */
import type { components } from '../../api/schema';
import { formatLatency, formatMicroUsd, NO_FIGURE } from '../../lib/format-serving';

export type InferenceFigures = components['schemas']['InferenceFigures'];
export type HostedComparison = components['schemas']['InferenceHostedComparison'];

export { formatLatency, formatMicroUsd, NO_FIGURE };

/** "$0.0526 / M tokens": a price per million tokens. */
export function formatPerMillionTokens(microUsd: number | null): string {
  return microUsd === null ? NO_FIGURE : `${formatMicroUsd(microUsd)}\u00a0/\u00a0M\u00a0tokens`;
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
/** "81.6B", "1.2M", "950": token and request counts. */
export function formatCount(n: number): string {
  return compact.format(n);
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
