import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { breakdownOf, keyOf, periodsOf, previousPeriodOf, spendSeries, startOfIsoWeek, UNATTRIBUTED, type CostRow, type SpendDimension } from './spend-report';
import { MS_PER_DAY } from './units';

const NOV = Date.UTC(2026, 10, 1);
const day = (d: number) => NOV + (d - 1) * MS_PER_DAY;

function row(over: Partial<CostRow>): CostRow {
  return { dayStartMs: day(1), kind: 'gpu', cents: 100, projectId: 'p-vision', gpuTypeId: 'h100-sxm', regionId: 'ca-mtl-1', userId: 'u-ana', podId: 'pod-a', ...over };
}

const rowArb = fc.record({
  dayStartMs: fc.integer({ min: 0, max: 29 }).map((d) => day(1) + d * MS_PER_DAY),
  kind: fc.constantFrom('gpu' as const, 'disk' as const, 'egress' as const),
  cents: fc.integer({ min: 0, max: 1_000_000 }),
  projectId: fc.constantFrom('p-vision', 'p-llm', 'p-search'),
  gpuTypeId: fc.constantFrom('h100-sxm', 'l40s', null),
  regionId: fc.constantFrom('ca-mtl-1', 'se-bod-1', null),
  userId: fc.constantFrom('u-ana', 'u-li', null),
  podId: fc.constantFrom('pod-a', 'pod-b', null),
});
const dimArb = fc.constantFrom<SpendDimension>('project', 'gpuType', 'region', 'user', 'kind');

describe('periods', () => {
  it('are UTC days, or ISO weeks from Monday clipped to the range', () => {
    expect(periodsOf(day(1), day(4), 'day')).toEqual([
      { startMs: day(1), endMs: day(2) },
      { startMs: day(2), endMs: day(3) },
      { startMs: day(3), endMs: day(4) },
    ]);
    // 1 November 2026 is a Sunday; Monday 2 November starts the next week.
    expect(startOfIsoWeek(day(1))).toBe(Date.UTC(2026, 9, 26));
    expect(periodsOf(day(1), day(17), 'week')).toEqual([
      { startMs: day(1), endMs: day(2) },
      { startMs: day(2), endMs: day(9) },
      { startMs: day(9), endMs: day(16) },
      { startMs: day(16), endMs: day(17) },
    ]);
    // A range ending mid-day (now) ends its last period there.
    expect(periodsOf(day(1), day(2) + 3_600_000, 'day').at(-1)).toEqual({ startMs: day(2), endMs: day(2) + 3_600_000 });
    expect(previousPeriodOf({ startMs: day(11), endMs: day(21) })).toEqual({ startMs: day(1), endMs: day(11) });
  });
});

describe('spend over time', () => {
  it('stacks by the chosen dimension, largest series first', () => {
    const rows = [
      row({ cents: 500 }),
      row({ dayStartMs: day(2), cents: 300, projectId: 'p-llm', gpuTypeId: 'l40s' }),
      row({ dayStartMs: day(2), kind: 'egress', cents: 7, gpuTypeId: null, regionId: null, userId: null, podId: null }),
    ];
    const s = spendSeries(rows, periodsOf(day(1), day(3), 'day'), 'gpuType');
    expect(s.series).toEqual([
      { key: 'h100-sxm', pointsCents: [500, 0], totalCents: 500 },
      { key: 'l40s', pointsCents: [0, 300], totalCents: 300 },
      { key: UNATTRIBUTED, pointsCents: [0, 7], totalCents: 7 },
    ]);
    expect(s.periodTotalsCents).toEqual([500, 307]);
    expect(s.totalCents).toBe(807);
    expect(spendSeries(rows, periodsOf(day(1), day(3), 'day'), 'kind').series.map((x) => x.key)).toEqual(['gpu', 'egress']);
  });

  it('sums series to period totals and periods to the total, to the cent, for any dimension', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 60 }), dimArb, fc.constantFrom('day' as const, 'week' as const), (rows, by, granularity) => {
        const s = spendSeries(rows, periodsOf(day(1), day(31), granularity), by);
        s.periodTotalsCents.forEach((t, i) => expect(s.series.reduce((a, line) => a + line.pointsCents[i]!, 0)).toBe(t));
        expect(s.periodTotalsCents.reduce((a, b) => a + b, 0)).toBe(s.totalCents);
        expect(s.totalCents).toBe(rows.reduce((a, r) => a + r.cents, 0));
      }),
    );
  });
});

describe('the breakdown', () => {
  it('gives amount, share and change against the previous period, keeping keys that stopped spending', () => {
    const period = { startMs: day(11), endMs: day(21) };
    const previous = previousPeriodOf(period);
    const current = [row({ dayStartMs: day(12), cents: 750 }), row({ dayStartMs: day(13), projectId: 'p-llm', cents: 250 })];
    const before = [row({ dayStartMs: day(2), cents: 500 }), row({ dayStartMs: day(3), projectId: 'p-search', cents: 100 })];
    const b = breakdownOf(current, before, 'project', period, previous);
    expect(b.totalCents).toBe(1_000);
    expect(b.previousTotalCents).toBe(600);
    expect(b.lines).toEqual([
      { key: 'p-vision', amountCents: 750, previousCents: 500, changeCents: 250, changeRatio: 0.5, share: 0.75 },
      { key: 'p-llm', amountCents: 250, previousCents: 0, changeCents: 250, changeRatio: null, share: 0.25 },
      { key: 'p-search', amountCents: 0, previousCents: 100, changeCents: -100, changeRatio: -1, share: 0 },
    ]);
  });

  it('has rows that sum to its total, and shares that sum to one (property)', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 60 }), dimArb, (rows, by) => {
        const period = { startMs: day(16), endMs: day(31) };
        const b = breakdownOf(rows, rows, by, period, previousPeriodOf(period));
        expect(b.lines.reduce((a, l) => a + l.amountCents, 0)).toBe(b.totalCents);
        expect(b.lines.reduce((a, l) => a + l.previousCents, 0)).toBe(b.previousTotalCents);
        if (b.totalCents > 0) expect(Math.abs(b.lines.reduce((a, l) => a + l.share, 0) - 1)).toBeLessThan(1e-9);
        for (const l of b.lines) expect(l.changeCents).toBe(l.amountCents - l.previousCents);
        expect(new Set(b.lines.map((l) => l.key))).toEqual(new Set(rows.filter((r) => r.cents > 0 && r.dayStartMs >= day(1)).map((r) => keyOf(r, by))));
      }),
    );
  });
});
