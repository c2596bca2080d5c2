/**
 * A month's invoice: line items for GPU hours by GPU type, disk in GB-months and egress in GB,
 * each line the sum of its ledger rows, so the lines add up to the total to the cent. A MIG slice
 * counts as its fraction of a GPU-hour (g/7 an hour: domain/mig.ts), never a whole one, so a GPU
 * type's average price per GPU-hour is its rate whether its hours ran whole or in slices.
 * Quantities are informational (whole GPU-seconds, GB-seconds and bytes, shown rounded); the
 * amounts are what was billed, per second, with one rounding per ledger row.
 */
import { gpuSevenths, MIG_COMPUTE_SLICES } from './mig';
import { divRound, type Cents } from './money';
import { BYTES_PER_GB, HOURS_PER_MONTH, MS_PER_HOUR } from './units';

export type InvoiceUsage =
  | { kind: 'gpu'; gpuTypeId: string; gpuCount: number; migProfile?: string | null; runningMs: number; cents: Cents }
  | { kind: 'disk'; diskGb: number; existingMs: number; cents: Cents }
  | { kind: 'egress'; bytes: number; cents: Cents };

export type InvoiceUnit = 'GPU-hour' | 'GB-month' | 'GB';

export interface InvoiceLine {
  kind: 'gpu' | 'disk' | 'egress';
  /** The GPU type of a GPU line; null for disk and egress. */
  gpuTypeId: string | null;
  quantity: number;
  unit: InvoiceUnit;
  /** amount ÷ quantity in micro-dollars per unit (rates vary by region and launch date); null for no quantity. */
  averageUnitPriceMicroUsd: number | null;
  amountCents: Cents;
}

export interface InvoiceTotals {
  lines: InvoiceLine[];
  totalCents: Cents;
}

/** Billing months are 30 days for "per month" rates (units.ts), so a GB-month is 720 GB-hours. */
const MS_PER_MONTH = HOURS_PER_MONTH * MS_PER_HOUR;

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

function averagePrice(amountCents: Cents, quantity: number): number | null {
  return quantity > 0 ? Math.round((amountCents * 10_000) / quantity) : null;
}

/** Lines: one per GPU type (most expensive first), one for disk, one for egress; empty lines left out. */
export function invoiceLines(usage: Iterable<InvoiceUsage>): InvoiceTotals {
  /** GPU-milliseconds × 7 (sevenths of a GPU), exact integers for slices and whole GPUs alike. */
  const gpu = new Map<string, { gpuSeventhMs: number; cents: Cents }>();
  let diskGbMs = 0;
  let diskCents = 0;
  let egressBytes = 0;
  let egressCents = 0;
  for (const u of usage) {
    if (u.kind === 'gpu') {
      const line = gpu.get(u.gpuTypeId) ?? { gpuSeventhMs: 0, cents: 0 };
      line.gpuSeventhMs += u.runningMs * gpuSevenths(u.gpuCount, u.migProfile);
      line.cents += u.cents;
      gpu.set(u.gpuTypeId, line);
    } else if (u.kind === 'disk') {
      diskGbMs += u.diskGb * u.existingMs;
      diskCents += u.cents;
    } else {
      egressBytes += u.bytes;
      egressCents += u.cents;
    }
  }
  const lines: InvoiceLine[] = [...gpu.entries()]
    .filter(([, l]) => l.cents !== 0 || l.gpuSeventhMs > 0)
    .sort((a, b) => b[1].cents - a[1].cents || a[0].localeCompare(b[0]))
    .map(([gpuTypeId, l]) => {
      const quantity = round3(divRound(l.gpuSeventhMs, 1000 * MIG_COMPUTE_SLICES) / 3600);
      return { kind: 'gpu', gpuTypeId, quantity, unit: 'GPU-hour', averageUnitPriceMicroUsd: averagePrice(l.cents, quantity), amountCents: l.cents };
    });
  if (diskCents !== 0 || diskGbMs > 0) {
    const quantity = round3(diskGbMs / MS_PER_MONTH);
    lines.push({ kind: 'disk', gpuTypeId: null, quantity, unit: 'GB-month', averageUnitPriceMicroUsd: averagePrice(diskCents, quantity), amountCents: diskCents });
  }
  if (egressCents !== 0 || egressBytes > 0) {
    const quantity = round3(egressBytes / BYTES_PER_GB);
    lines.push({ kind: 'egress', gpuTypeId: null, quantity, unit: 'GB', averageUnitPriceMicroUsd: averagePrice(egressCents, quantity), amountCents: egressCents });
  }
  return { lines, totalCents: lines.reduce((a, l) => a + l.amountCents, 0) };
}
