/**
 * CSV exports of what the Billing page shows: a breakdown, the pods behind a row, an invoice.
 * Amounts are plain decimals in the display currency, converted exactly as on screen (rows that
 * sum to the total), and every file ends with its total row, so its total matches the screen.
 */
import { decimalFromCents, toCsv, type CsvValue } from '../../lib/csv';
import type { Invoice, SpendBreakdown, SpendBreakdownItems } from './api/types';
import type { Money } from './money';

/** Minor units (cents, öre) as a plain decimal: the same two places whatever the currency. */
const amount = decimalFromCents;
/** A ratio as a plain percentage with two places: 0.1234 → "12.34". */
const percent = (ratio: number): string => (ratio * 100).toFixed(2);

export function breakdownCsv(b: SpendBreakdown, money: Money, dimensionLabel: string): string {
  const c = money.currency;
  const now = money.minorTable(b.rows.map((r) => r.amountCents), b.totalCents);
  const before = money.minorTable(b.rows.map((r) => r.previousCents), b.previousTotalCents);
  const rows: CsvValue[][] = b.rows.map((r, i) => [
    r.label,
    amount(now.rows[i]!),
    percent(r.share),
    amount(before.rows[i]!),
    amount(now.rows[i]! - before.rows[i]!),
    r.changeRatio === null ? null : percent(r.changeRatio),
  ]);
  rows.push(['Total', amount(now.total), b.totalCents > 0 ? percent(1) : null, amount(before.total), amount(now.total - before.total), null]);
  return toCsv([[dimensionLabel, `Amount ${b.from} to ${b.to} (${c})`, 'Share (%)', `Previous period ${b.previousFrom} to ${b.previousTo} (${c})`, `Change (${c})`, 'Change (%)'], ...rows]);
}

export function breakdownItemsCsv(items: SpendBreakdownItems, money: Money): string {
  const c = money.currency;
  const t = money.minorTable(items.items.map((i) => i.amountCents), items.totalCents);
  const rows: CsvValue[][] = items.items.map((i, n) => [i.name, i.podId, i.projectName, i.ownerName, i.gpuTypeId, i.gpuCount, i.migProfile, i.regionId, amount(t.rows[n]!)]);
  rows.push(['Total', null, null, null, null, null, null, null, amount(t.total)]);
  return toCsv([['Item', 'Pod id', 'Project', 'Owner', 'GPU type', 'GPUs', 'MIG slice', 'Region', `Amount ${items.from} to ${items.to} (${c})`], ...rows]);
}

export function invoiceCsv(invoice: Invoice, money: Money): string {
  const c = money.currency;
  const t = money.minorTable(invoice.lines.map((l) => l.amountCents), invoice.totalCents);
  const rows: CsvValue[][] = invoice.lines.map((l, i) => [l.description, l.quantity, l.unit, amount(t.rows[i]!)]);
  rows.push([`Total for ${invoice.month}`, null, null, amount(t.total)]);
  return toCsv([['Description', 'Quantity', 'Unit', `Amount (${c})`], ...rows]);
}
