/**
 * The breakdown as CSV: one line per row, the rows past the screen's limit as "Other", then the
 * total, in plain decimals. Every amount is the API's integer cents written exactly, so the
 * rows add up to the total line and the total line equals the screen to the cent.
 */
import type { components } from '../../api/schema';
import { decimalFromCents, toCsv, type CsvValue } from '../../lib/csv';
import { gpuHoursDecimal, type Figures } from './figures';

type Breakdown = components['schemas']['UtilizationBreakdown'];

const BY_LABEL: Record<Breakdown['by'], string> = { project: 'Project', user: 'User', gpuType: 'GPU type', pod: 'Pod' };

export const CSV_HEADER = [
  'Id', 'Name', 'Pods', 'Allocated GPU-hours', 'Active GPU-hours', 'GPU time active',
  'GPU spend (USD)', 'Idle (USD)', 'Under-used (USD)', 'Oversized (USD)', 'Waste (USD)', 'Productive (USD)',
];

function line(id: string, name: string, pods: number, f: Figures): CsvValue[] {
  return [
    id, name, pods, gpuHoursDecimal(f.allocatedGpuSeconds), gpuHoursDecimal(f.activeGpuSeconds), f.efficiency.toFixed(4),
    decimalFromCents(f.spendCents), decimalFromCents(f.waste.idle.cents), decimalFromCents(f.waste.underUsed.cents),
    decimalFromCents(f.waste.oversized.cents), decimalFromCents(f.wasteCents), decimalFromCents(f.productive.cents),
  ];
}

export function breakdownCsv(b: Breakdown): string {
  const rows: CsvValue[][] = [[`${BY_LABEL[b.by]} id`, ...CSV_HEADER.slice(1)]];
  for (const r of b.rows) rows.push(line(r.id, r.name, r.podCount, r.figures));
  if (b.others) rows.push(line('', `Other (${b.others.rowCount})`, 0, b.others.figures));
  const pods = b.rows.reduce((a, r) => a + r.podCount, 0);
  rows.push(line('', 'Total', pods, b.totals));
  return toCsv(rows);
}

export function breakdownCsvFileName(b: Breakdown): string {
  const day = (iso: string) => iso.slice(0, 10);
  return `gpu-waste-by-${b.by}-${day(b.window.from)}-to-${day(b.window.to)}.csv`;
}
