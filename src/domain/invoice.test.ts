import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { invoiceLines, type InvoiceUsage } from './invoice';
import { MS_PER_DAY, MS_PER_HOUR } from './units';

describe('invoice lines', () => {
  it('bill GPU hours by type, disk in GB-months and egress in GB, adding up to the total', () => {
    const usage: InvoiceUsage[] = [
      // 2 × H100 for 10 hours, and 1 × H100 for 5 hours: 25 GPU-hours.
      { kind: 'gpu', gpuTypeId: 'h100-sxm', gpuCount: 2, runningMs: 10 * MS_PER_HOUR, cents: 4_980 },
      { kind: 'gpu', gpuTypeId: 'h100-sxm', gpuCount: 1, runningMs: 5 * MS_PER_HOUR, cents: 1_245 },
      { kind: 'gpu', gpuTypeId: 'l4', gpuCount: 1, runningMs: 3 * MS_PER_HOUR, cents: 126 },
      // 500 GB for 15 days = 250 GB-months (30-day months).
      { kind: 'disk', diskGb: 500, existingMs: 15 * MS_PER_DAY, cents: 2_500 },
      { kind: 'egress', bytes: 1_500_000_000_000, cents: 4_500 },
    ];
    const invoice = invoiceLines(usage);
    expect(invoice.lines).toEqual([
      { kind: 'gpu', gpuTypeId: 'h100-sxm', quantity: 25, unit: 'GPU-hour', averageUnitPriceMicroUsd: 2_490_000, amountCents: 6_225 },
      { kind: 'gpu', gpuTypeId: 'l4', quantity: 3, unit: 'GPU-hour', averageUnitPriceMicroUsd: 420_000, amountCents: 126 },
      { kind: 'disk', gpuTypeId: null, quantity: 250, unit: 'GB-month', averageUnitPriceMicroUsd: 100_000, amountCents: 2_500 },
      { kind: 'egress', gpuTypeId: null, quantity: 1_500, unit: 'GB', averageUnitPriceMicroUsd: 30_000, amountCents: 4_500 },
    ]);
    expect(invoice.totalCents).toBe(6_225 + 126 + 2_500 + 4_500);
  });

  it('counts a MIG slice as its share of a GPU-hour: the line’s average price stays the GPU’s rate', () => {
    // An H100 at $2.49/h whole for 10 hours ($24.90), and a 1g.10gb slice of one at $0.36/h for 14 hours ($5.04):
    // 10 + 14 × 1/7 = 12 GPU-hours for $29.94; a 3g.40gb slice for 7 hours adds 3 GPU-hours at $1.07/h ($7.49).
    const invoice = invoiceLines([
      { kind: 'gpu', gpuTypeId: 'h100-sxm', gpuCount: 1, runningMs: 10 * MS_PER_HOUR, cents: 2_490 },
      { kind: 'gpu', gpuTypeId: 'h100-sxm', gpuCount: 1, migProfile: '1g.10gb', runningMs: 14 * MS_PER_HOUR, cents: 504 },
      { kind: 'gpu', gpuTypeId: 'h100-sxm', gpuCount: 1, migProfile: '3g.40gb', runningMs: 7 * MS_PER_HOUR, cents: 749 },
    ]);
    expect(invoice.lines).toEqual([{ kind: 'gpu', gpuTypeId: 'h100-sxm', quantity: 15, unit: 'GPU-hour', averageUnitPriceMicroUsd: 2_495_333, amountCents: 3_743 }]);
    // Counted as whole GPUs, the same usage would read 31 GPU-hours at $1.21 each.
  });

  it('leaves out kinds with no usage', () => {
    expect(invoiceLines([]).lines).toEqual([]);
    expect(invoiceLines([{ kind: 'disk', diskGb: 100, existingMs: MS_PER_DAY, cents: 33 }]).lines.map((l) => l.kind)).toEqual(['disk']);
  });

  it('always adds up: the lines sum to the total, and the total to the ledger rows (property)', () => {
    const usageArb: fc.Arbitrary<InvoiceUsage> = fc.oneof(
      fc.record({ kind: fc.constant('gpu' as const), gpuTypeId: fc.constantFrom('h100-sxm', 'l40s', 'b200'), gpuCount: fc.constantFrom(1, 2, 4, 8), runningMs: fc.integer({ min: 0, max: MS_PER_DAY }), cents: fc.integer({ min: 0, max: 50_000 }) }),
      fc.record({ kind: fc.constant('disk' as const), diskGb: fc.constantFrom(100, 500, 1000), existingMs: fc.integer({ min: 0, max: MS_PER_DAY }), cents: fc.integer({ min: 0, max: 500 }) }),
      fc.record({ kind: fc.constant('egress' as const), bytes: fc.integer({ min: 0, max: 1e13 }), cents: fc.integer({ min: 0, max: 100_000 }) }),
    );
    fc.assert(
      fc.property(fc.array(usageArb, { maxLength: 80 }), (usage) => {
        const invoice = invoiceLines(usage);
        expect(invoice.lines.reduce((a, l) => a + l.amountCents, 0)).toBe(invoice.totalCents);
        expect(invoice.totalCents).toBe(usage.reduce((a, u) => a + u.cents, 0));
      }),
    );
  });
});
