/**
 * Words for the ledger's figures, at the edge: GPU-hours from GPU-seconds, changes against the
 * previous period, category names. No money is computed here: amounts come from the API.
 */
import type { components } from '../../api/schema';
import { formatCents, formatPercent } from '../../lib/format';

export type Figures = components['schemas']['UtilizationFigures'];
export type WasteCategory = keyof Figures['waste'];

export const CATEGORIES: Array<{ key: WasteCategory; label: string; colour: string }> = [
  { key: 'idle', label: 'Idle', colour: '#dc2626' },
  { key: 'underUsed', label: 'Under-used', colour: '#d97706' },
  { key: 'oversized', label: 'Oversized', colour: '#7c3aed' },
];

const gpuHoursFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

/**
 * "1,234.5 GPU-h" from GPU-seconds, never broken over two lines (no "GPU-" above "h"): a
 * no-break space after the number and a non-breaking hyphen (U+2011).
 */
export function formatGpuHours(gpuSeconds: number): string {
  return `${gpuHoursFormat.format(gpuSeconds / 3600)}\u00a0GPU\u2011h`;
}

/** GPU-hours as a plain decimal for CSV ("1234.50"). */
export function gpuHoursDecimal(gpuSeconds: number): string {
  return (gpuSeconds / 3600).toFixed(2);
}

/** "+12% vs previous", "−$40.00 vs previous", "no change": the direction in words, not only colour. */
export function changeText(change: number, previous: number, kind: 'cents' | 'gpuSeconds' | 'points'): string {
  if (change === 0) return 'No change vs previous period';
  const sign = change > 0 ? '+' : '−';
  if (kind === 'points') return `${sign}${Math.abs(change).toFixed(1)} pts vs previous period`;
  if (previous === 0) return kind === 'cents' ? `${sign}${formatCents(Math.abs(change))} vs previous period` : `${sign}${formatGpuHours(Math.abs(change))} vs previous period`;
  return `${sign}${formatPercent(Math.abs(change) / previous)} vs previous period`;
}

export function wasteShare(f: Figures): number {
  return f.spendCents > 0 ? f.wasteCents / f.spendCents : 0;
}
