import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../lib/csv';
import type { Invoice, SpendBreakdown } from './api/types';
import { breakdownCsv, invoiceCsv } from './exports';
import { moneyIn } from './money';

const eur = { currency: 'EUR' as const, name: 'Euro', unitsPerUsdMicros: 862_000, asOf: '2026-11-02', source: 'test' };

const breakdown: SpendBreakdown = {
  asOf: '2026-11-18T15:00:00.000Z',
  from: '2026-11-01',
  to: '2026-11-18',
  previousFrom: '2026-10-01',
  previousTo: '2026-10-18',
  by: 'project',
  totalCents: 150,
  previousTotalCents: 100,
  rows: [
    { key: 'a', label: 'Vision, team "A"', amountCents: 50, previousCents: 0, changeCents: 50, changeRatio: null, share: 1 / 3 },
    { key: 'b', label: 'Research\nand ranking', amountCents: 50, previousCents: 60, changeCents: -10, changeRatio: -1 / 6, share: 1 / 3 },
    { key: 'c', label: '=cmd', amountCents: 50, previousCents: 40, changeCents: 10, changeRatio: 0.25, share: 1 / 3 },
  ],
};

describe('breakdown CSV', () => {
  it('quotes names, writes plain decimals and ends with a total that is the sum of its rows', () => {
    const records = parseCsv(breakdownCsv(breakdown, moneyIn('USD', null), 'Project'));
    expect(records[0]).toEqual(['Project', 'Amount 2026-11-01 to 2026-11-18 (USD)', 'Share (%)', 'Previous period 2026-10-01 to 2026-10-18 (USD)', 'Change (USD)', 'Change (%)']);
    expect(records[1]).toEqual(['Vision, team "A"', '0.50', '33.33', '0.00', '0.50', '']);
    expect(records[2]).toEqual(['Research\nand ranking', '0.50', '33.33', '0.60', '-0.10', '-16.67']);
    expect(records[3]![0]).toBe("'=cmd");
    expect(records[4]).toEqual(['Total', '1.50', '100.00', '1.00', '0.50', '']);
  });

  it('in another currency, converts as the screen does: rows still sum to the total', () => {
    const money = moneyIn('EUR', eur);
    const records = parseCsv(breakdownCsv(breakdown, money, 'Project'));
    const amounts = records.slice(1, -1).map((r) => Math.round(Number(r[1]) * 100));
    const total = Math.round(Number(records.at(-1)![1]) * 100);
    expect(amounts.reduce((a, b) => a + b, 0)).toBe(total);
    // $1.50 at 0.862 = €1.293 → €1.29, the same figure the page shows.
    expect(records.at(-1)![1]).toBe('1.29');
    expect(money.formatTable(breakdown.rows.map((r) => r.amountCents), breakdown.totalCents).total).toBe('€1.29');
    expect(records[0]![1]).toMatch(/\(EUR\)$/);
  });
});

describe('invoice CSV', () => {
  it('lists the lines and a total that adds them up', () => {
    const invoice: Invoice = {
      month: '2026-10', status: 'issued', periodStart: '2026-10-01', periodEnd: '2026-10-31', issuedAt: '2026-11-01T00:00:00.000Z', totalCents: 1_234_567, asOf: '2026-11-01T00:00:00.000Z', organizationName: 'Lumen AI',
      lines: [
        { kind: 'gpu', description: 'NVIDIA H100 SXM 80GB GPU compute', gpuTypeId: 'h100-sxm', quantity: 4_000.5, unit: 'GPU-hour', averageUnitPriceMicroUsd: 2_490_000, amountCents: 1_000_000 },
        { kind: 'disk', description: 'Block storage (pod disks)', gpuTypeId: null, quantity: 1_000, unit: 'GB-month', averageUnitPriceMicroUsd: 100_000, amountCents: 234_567 },
      ],
    };
    const records = parseCsv(invoiceCsv(invoice, moneyIn('USD', null)));
    expect(records).toEqual([
      ['Description', 'Quantity', 'Unit', 'Amount (USD)'],
      ['NVIDIA H100 SXM 80GB GPU compute', '4000.5', 'GPU-hour', '10000.00'],
      ['Block storage (pod disks)', '1000', 'GB-month', '2345.67'],
      ['Total for 2026-10', '', '', '12345.67'],
    ]);
  });
});
