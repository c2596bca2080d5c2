import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BYTES_PER_UNIT,
  VOLUME_UNITS,
  egressCost,
  egressCostBetween,
  egressProjection,
  egressWarningLevel,
  exactVolume,
  monthlyVolumes,
  msUntilAllowanceRunsOut,
  parseVolumeBytes,
  projectedMonthEndBytes,
  volumeInUnit,
  type EgressSchedule,
  type VolumeUnit,
} from './egress';
import { publicEgressSchedules } from './egress-data';

const GB = 1_000_000_000n;
const GiB = 1_073_741_824n;
const TB = 1_000_000_000_000n;

function schedule(id: string): EgressSchedule {
  const s = publicEgressSchedules.find((x) => x.id === id);
  if (!s) throw new Error(`no schedule ${id}`);
  return s;
}

/** Cost in cents of a volume given in whole or fractional units of the schedule's own unit. */
function cents(id: string, bytes: bigint): number {
  return egressCost(schedule(id), bytes).costCents;
}

describe('the published schedules, copied into integer micro-dollars', () => {
  it('keeps every price to the micro-dollar', () => {
    expect(schedule('aws-internet').tiers.map((t) => t.microUsdPerUnit)).toEqual([90_000, 85_000, 70_000, 50_000]);
    expect(schedule('oci-internet').tiers[0]?.microUsdPerUnit).toBe(8_500);
    expect(schedule('gcp-premium-internet').unit).toBe('GiB');
    expect(schedule('azure-internet').tiers.at(-1)).toEqual({ upToUnits: null, microUsdPerUnit: null, note: 'contact sales above 500 TB' });
  });
});

describe('AWS to the internet (GB; 100 GB free; then 0.09 to 10 TB, 0.085 to 50 TB, 0.07 to 150 TB, 0.05 above)', () => {
  const id = 'aws-internet';
  it.each([
    ['nothing', 0n, 0],
    ['the free 100 GB', 100n * GB, 0],
    ['101 GB: one GB at $0.09', 101n * GB, 9],
    ['10 TB: 9,900 GB × $0.09 = $891.00', 10_000n * GB, 89_100],
    ['10,001 GB: + 1 GB × $0.085 = 8.5¢, rounded half up to 9¢', 10_001n * GB, 89_109],
    ['50 TB: $891.00 + 40,000 GB × $0.085 = $4,291.00', 50n * TB, 429_100],
    ['50,001 GB: + 1 GB × $0.07', 50_001n * GB, 429_107],
    ['150 TB: + 100,000 GB × $0.07 = $11,291.00', 150n * TB, 1_129_100],
    ['150,001 GB: + 1 GB × $0.05', 150_001n * GB, 1_129_105],
    ['1 PB: + 850,000 GB × $0.05 = $53,791.00', 1_000n * TB, 5_379_100],
  ])('%s', (_, bytes, expected) => {
    expect(cents(id, bytes)).toBe(expected);
  });

  it('breaks 50 TB down tier by tier, free allowance first, every range of the schedule listed', () => {
    const c = egressCost(schedule(id), 50n * TB);
    expect(c.lines.map((l) => [l.kind, l.fromUnits, l.toUnits, l.microUsdPerUnit, l.bytes / GB, l.costCents])).toEqual([
      ['free', 0, 100, 0, 100n, 0],
      ['priced', 100, 10_000, 90_000, 9_900n, 89_100],
      ['priced', 10_000, 50_000, 85_000, 40_000n, 340_000],
      ['priced', 50_000, 150_000, 70_000, 0n, 0],
      ['priced', 150_000, null, 50_000, 0n, 0],
    ]);
    expect(c.costCents).toBe(429_100);
    expect(c.unpricedBytes).toBe(0n);
  });
});

describe('AWS, Azure and Google Cloud between their own regions (0.02 per unit, no allowance)', () => {
  it('rounds each line half up: half a cent is a cent, just under is nothing', () => {
    expect(cents('aws-inter-region', 250_000_000n)).toBe(1); // 0.25 GB × $0.02 = 0.5¢
    expect(cents('aws-inter-region', 249_999_999n)).toBe(0);
    expect(cents('aws-inter-region', 1n * TB)).toBe(2_000);
    expect(cents('azure-inter-region-na', 1n * TB)).toBe(2_000);
  });

  it('bills Google Cloud per GiB: 1 TiB = 1,024 GiB × $0.02 = $20.48, while 1 TB is $18.63', () => {
    expect(cents('gcp-inter-region-na', 1024n * GiB)).toBe(2_048);
    // 10^12 / 2^30 = 931.32 GiB × $0.02 = $18.6265 → $18.63
    expect(cents('gcp-inter-region-na', 1n * TB)).toBe(1_863);
  });
});

describe('Google Cloud Premium Tier to the internet (GiB; 0.12 to 1 TiB, 0.11 to 10 TiB, 0.08 above)', () => {
  const id = 'gcp-premium-internet';
  it.each([
    ['1 GiB', 1n * GiB, 12],
    ['1 TiB: 1,024 GiB × $0.12 = $122.88', 1024n * GiB, 12_288],
    ['1,025 GiB: + $0.11', 1025n * GiB, 12_299],
    ['10 TiB: + 9,216 GiB × $0.11 = $1,013.76', 10_240n * GiB, 113_664],
    ['10,241 GiB: + $0.08', 10_241n * GiB, 113_672],
    ['1 GB is 0.9313 GiB: 11.18¢ → 11¢', 1n * GB, 11],
  ])('%s', (_, bytes, expected) => {
    expect(cents(id, bytes)).toBe(expected);
  });

  it('prices 50 TB as 46,566.13 GiB: $122.88 + $1,013.76 + 36,326.13 GiB × $0.08 ($2,906.09) = $4,042.73', () => {
    const c = egressCost(schedule(id), 50n * TB);
    expect(c.lines.map((l) => l.costCents)).toEqual([12_288, 101_376, 290_609]);
    expect(c.costCents).toBe(404_273);
  });
});

describe('Google Cloud Standard Tier to the internet (GiB; 200 free; 0.085 to 10 TiB, 0.065 to 150 TiB, 0.045 to 500 TiB, then contact sales)', () => {
  const id = 'gcp-standard-internet';
  it.each([
    ['the free 200 GiB', 200n * GiB, 0],
    ['201 GiB: 8.5¢ rounds to 9¢', 201n * GiB, 9],
    ['10 TiB: 10,040 GiB × $0.085 = $853.40', 10_240n * GiB, 85_340],
    ['10,241 GiB: + 6.5¢ → 7¢', 10_241n * GiB, 85_347],
    ['150 TiB: + 143,360 GiB × $0.065 = $9,318.40', 153_600n * GiB, 1_017_180],
    ['153,601 GiB: + 4.5¢ → 5¢', 153_601n * GiB, 1_017_185],
    ['500 TiB: + 358,400 GiB × $0.045 = $16,128.00', 512_000n * GiB, 2_629_980],
  ])('%s', (_, bytes, expected) => {
    expect(cents(id, bytes)).toBe(expected);
  });

  it('leaves volume above 500 TiB unpriced (contact sales) rather than guessing', () => {
    const c = egressCost(schedule(id), 512_001n * GiB);
    expect(c.costCents).toBe(2_629_980);
    expect(c.unpricedBytes).toBe(1n * GiB);
    expect(c.lines.at(-1)).toMatchObject({ kind: 'unpriced', fromUnits: 512_000, toUnits: null, bytes: 1n * GiB });
  });
});

describe('Azure to the internet (GB; 100 free; 0.087 to 10 TB, 0.083 to 50 TB, 0.07 to 150 TB, 0.05 to 500 TB, then contact sales)', () => {
  const id = 'azure-internet';
  it.each([
    ['the free 100 GB', 100n * GB, 0],
    ['101 GB: 8.7¢ → 9¢', 101n * GB, 9],
    ['10 TB: 9,900 GB × $0.087 = $861.30', 10n * TB, 86_130],
    ['10,001 GB: + 8.3¢ → 8¢', 10_001n * GB, 86_138],
    ['50 TB: + 40,000 GB × $0.083 = $3,320.00', 50n * TB, 418_130],
    ['150 TB: + 100,000 GB × $0.07 = $7,000.00', 150n * TB, 1_118_130],
    ['150,001 GB: + 5¢', 150_001n * GB, 1_118_135],
    ['500 TB: + 350,000 GB × $0.05 = $17,500.00', 500n * TB, 2_868_130],
  ])('%s', (_, bytes, expected) => {
    expect(cents(id, bytes)).toBe(expected);
  });

  it('leaves volume above 500 TB unpriced', () => {
    expect(egressCost(schedule(id), 500n * TB + 1n * GB).unpricedBytes).toBe(1n * GB);
  });
});

describe('Oracle to the internet (GB; the first 10 TB free; then 0.0085)', () => {
  const id = 'oci-internet';
  it.each([
    ['10 TB, all free', 10n * TB, 0],
    ['10,001 GB: 0.85¢ → 1¢', 10_001n * GB, 1],
    ['10,058 GB: 58 × 0.85¢ = 49.3¢ → 49¢', 10_058n * GB, 49],
    ['20 TB: 10,000 GB × $0.0085 = $85.00', 20n * TB, 8_500],
  ])('%s', (_, bytes, expected) => {
    expect(cents(id, bytes)).toBe(expected);
  });

  it('skips no tier and lists the free allowance then the one price', () => {
    expect(egressCost(schedule(id), 20n * TB).lines.map((l) => [l.kind, l.fromUnits, l.toUnits])).toEqual([
      ['free', 0, 10_000],
      ['priced', 10_000, null],
    ]);
  });
});

describe('GPU clouds without egress fees', () => {
  it('charge nothing for any volume', () => {
    expect(cents('no-egress-fee-gpu-clouds', 1_000n * TB)).toBe(0);
  });
});

describe('the tier rules on schedules of any shape', () => {
  it('drops a tier that lies wholly inside the free allowance', () => {
    const s: EgressSchedule = { unit: 'GB', freeUnitsPerMonth: 500, tiers: [{ upToUnits: 100, microUsdPerUnit: 90_000 }, { upToUnits: null, microUsdPerUnit: 10_000 }] };
    const c = egressCost(s, 600n * GB);
    expect(c.lines.map((l) => [l.kind, l.fromUnits, l.toUnits])).toEqual([
      ['free', 0, 500],
      ['priced', 500, null],
    ]);
    expect(c.costCents).toBe(100);
  });

  it('refuses schedules it cannot price honestly', () => {
    expect(() => egressCost({ unit: 'GB', freeUnitsPerMonth: 0, tiers: [{ upToUnits: 10, microUsdPerUnit: 1 }] }, 1n)).toThrow(/upper end/);
    expect(() => egressCost({ unit: 'GB', freeUnitsPerMonth: 0, tiers: [{ upToUnits: 10, microUsdPerUnit: 1 }, { upToUnits: 5, microUsdPerUnit: 1 }, { upToUnits: null, microUsdPerUnit: 1 }] }, 1n)).toThrow(/increasing/);
    expect(() => egressCost({ unit: 'GB', freeUnitsPerMonth: 0, tiers: [{ upToUnits: null, microUsdPerUnit: 0.5 }] }, 1n)).toThrow(/micro-dollars/);
    expect(() => egressCost(schedule('aws-internet'), -1n)).toThrow(/negative/);
  });
});

const arbSchedule: fc.Arbitrary<EgressSchedule> = fc
  .record({
    unit: fc.constantFrom<'GB' | 'GiB'>('GB', 'GiB'),
    freeUnitsPerMonth: fc.integer({ min: 0, max: 20_000 }),
    limits: fc.uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 5 }),
    prices: fc.array(fc.option(fc.integer({ min: 0, max: 200_000 }), { freq: 6 }), { minLength: 6, maxLength: 6 }),
  })
  .map(({ unit, freeUnitsPerMonth, limits, prices }) => {
    const sorted = [...limits].sort((a, b) => a - b);
    return {
      unit,
      freeUnitsPerMonth,
      tiers: [...sorted, null].map((upToUnits, i) => ({ upToUnits, microUsdPerUnit: prices[i] ?? null })),
    };
  });

const anySchedule = fc.oneof(fc.constantFrom(...publicEgressSchedules.map((s) => s as EgressSchedule)), arbSchedule);
const arbBytes = fc.bigInt({ min: 0n, max: 2_000n * TB });

describe('properties of every schedule', () => {
  it('cost never decreases as the volume grows', () => {
    fc.assert(
      fc.property(anySchedule, arbBytes, fc.bigInt({ min: 0n, max: 100n * TB }), (s, bytes, more) => {
        expect(egressCost(s, bytes + more).costCents).toBeGreaterThanOrEqual(egressCost(s, bytes).costCents);
      }),
    );
  });

  it('the breakdown sums to the total to the cent, and its lines hold the whole volume', () => {
    fc.assert(
      fc.property(anySchedule, arbBytes, (s, bytes) => {
        const c = egressCost(s, bytes);
        expect(c.lines.reduce((a, l) => a + l.costCents, 0)).toBe(c.costCents);
        expect(c.lines.reduce((a, l) => a + l.bytes, 0n)).toBe(bytes);
        for (const l of c.lines) expect(Number.isSafeInteger(l.costCents) && l.costCents >= 0).toBe(true);
        expect(c.lines.filter((l) => l.kind === 'unpriced').reduce((a, l) => a + l.bytes, 0n)).toBe(c.unpricedBytes);
      }),
    );
  });

  it('is within half a cent per line of the exact price', () => {
    fc.assert(
      fc.property(anySchedule, arbBytes, (s, bytes) => {
        const c = egressCost(s, bytes);
        const perUnit = BYTES_PER_UNIT[s.unit];
        // Exact cost in units of 1 / (perUnit × 10,000) cent, compared with the rounded total.
        const exact = c.lines.reduce((a, l) => a + l.bytes * BigInt(l.microUsdPerUnit ?? 0), 0n);
        const rounded = BigInt(c.costCents) * perUnit * 10_000n;
        const diff = rounded > exact ? rounded - exact : exact - rounded;
        expect(diff * 2n <= BigInt(c.lines.length) * perUnit * 10_000n).toBe(true);
      }),
    );
  });

  it('the shares of consecutive stretches of a month add up to the month’s cost', () => {
    fc.assert(
      fc.property(anySchedule, fc.array(fc.bigInt({ min: 0n, max: 50n * TB }), { maxLength: 31 }), (s, days) => {
        let before = 0n;
        let sum = 0;
        for (const d of days) {
          const share = egressCostBetween(s, before, before + d);
          expect(share).toBeGreaterThanOrEqual(0);
          sum += share;
          before += d;
        }
        expect(sum).toBe(egressCost(s, before).costCents);
      }),
    );
  });
});

describe('units', () => {
  it('reads decimal numbers in any unit to whole bytes, exactly', () => {
    expect(parseVolumeBytes('50', 'TB')).toBe(50n * TB);
    expect(parseVolumeBytes('1.5', 'GB')).toBe(1_500_000_000n);
    expect(parseVolumeBytes('1,000.25', 'GB')).toBe(1_000_250_000_000n);
    expect(parseVolumeBytes(' .5 ', 'TiB')).toBe(549_755_813_888n);
    expect(parseVolumeBytes('2.', 'GiB')).toBe(2n * GiB);
    // 0.1 GiB = 107,374,182.4 bytes: rounded to the byte.
    expect(parseVolumeBytes('0.1', 'GiB')).toBe(107_374_182n);
    for (const bad of ['', 'abc', '-1', '1e3', '1.2.3', '1,2', '12,34', '$5']) expect(parseVolumeBytes(bad, 'GB')).toBeNull();
  });

  it('writes bytes in any unit as the exact decimal', () => {
    expect(exactVolume(50n * TB, 'GiB')).toBe('46566.12873077392578125');
    expect(exactVolume(50n * TB, 'TiB')).toBe('45.474735088646411895751953125');
    expect(exactVolume(50n * TB, 'GB')).toBe('50000');
    expect(exactVolume(1n, 'TB')).toBe('0.000000000001');
    expect(exactVolume(0n, 'GiB')).toBe('0');
    expect(volumeInUnit(50n * TB, 'GiB')).toBeCloseTo(46_566.128_730_774, 6);
  });

  it('converts without loss: bytes → any unit → bytes is the identity, and the cost does not change', () => {
    const unit = fc.constantFrom<VolumeUnit>(...VOLUME_UNITS);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 18n }), unit, unit, anySchedule, (bytes, a, b, s) => {
        const inA = exactVolume(bytes, a);
        expect(parseVolumeBytes(inA, a)).toBe(bytes);
        const viaA = parseVolumeBytes(inA, a)!;
        const inB = exactVolume(viaA, b);
        expect(parseVolumeBytes(inB, b)).toBe(bytes);
        expect(egressCost(s, parseVolumeBytes(inB, b)!).costCents).toBe(egressCost(s, bytes).costCents);
      }),
    );
  });

  it('knows 1 TB is 10^12 bytes and 1 TiB is 2^40, and any whole number of units is exact', () => {
    expect(BYTES_PER_UNIT.TB).toBe(10n ** 12n);
    expect(BYTES_PER_UNIT.TiB).toBe(2n ** 40n);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.constantFrom<VolumeUnit>(...VOLUME_UNITS), (n, u) => {
        expect(parseVolumeBytes(String(n), u)).toBe(BigInt(n) * BYTES_PER_UNIT[u]);
        expect(exactVolume(BigInt(n) * BYTES_PER_UNIT[u], u)).toBe(String(n));
      }),
    );
  });
});

describe('the 12-month projection', () => {
  const aws = schedule('aws-internet');

  it('bills a one-time move in its month only, and a steady monthly flow the same every month', () => {
    const once = egressProjection(aws, monthlyVolumes(50n * TB, 'one-time'));
    expect(once.months.map((m) => m.costCents)).toEqual([429_100, ...Array<number>(11).fill(0)]);
    expect(once.totalCents).toBe(429_100);
    const monthly = egressProjection(aws, monthlyVolumes(50n * TB, 'monthly'));
    expect(monthly.totalCents).toBe(12 * 429_100);
    expect(monthly.months.at(-1)?.cumulativeCents).toBe(monthly.totalCents);
  });

  it('grows each month by the rate, compounding, rounded to the byte: 10 TB growing 10% is 11 TB then 12.1 TB', () => {
    const v = monthlyVolumes(10n * TB, 'monthly', 1_000, 3);
    expect(v).toEqual([10n * TB, 11n * TB, 12_100n * GB]);
    expect(monthlyVolumes(1n, 'monthly', 5_000, 3)).toEqual([1n, 2n, 3n]); // 1.5 → 2, 3 → 3
    expect(() => monthlyVolumes(1n, 'monthly', -10_000)).toThrow();
  });

  it('sums its months to the total, and never falls as growth rises', () => {
    fc.assert(
      fc.property(anySchedule, fc.bigInt({ min: 0n, max: 200n * TB }), fc.integer({ min: -5_000, max: 5_000 }), fc.integer({ min: 0, max: 1_000 }), (s, bytes, growth, more) => {
        const p = egressProjection(s, monthlyVolumes(bytes, 'monthly', growth));
        expect(p.months.reduce((a, m) => a + m.costCents, 0)).toBe(p.totalCents);
        expect(egressProjection(s, monthlyVolumes(bytes, 'monthly', growth + more)).totalCents).toBeGreaterThanOrEqual(p.totalCents);
      }),
    );
  });
});

describe('the meter’s projection and warnings', () => {
  const DAY = 86_400_000;

  it('carries the last 7 days’ rate to the month’s end', () => {
    // 6,000 GB so far; 2,100 GB in the last 7 days = 300 GB/day; 12 days left → 6,000 + 3,600 GB.
    expect(projectedMonthEndBytes({ soFarBytes: 6_000e9, recentBytes: 2_100e9, recentMs: 7 * DAY, remainingMs: 12 * DAY })).toBe(9_600e9);
    expect(projectedMonthEndBytes({ soFarBytes: 5, recentBytes: 0, recentMs: 7 * DAY, remainingMs: 0 })).toBe(5);
  });

  it('says when the allowance runs out at that rate', () => {
    expect(msUntilAllowanceRunsOut(6_000e9, 10_000e9, 2_100e9, 7 * DAY)).toBe(Math.ceil((4_000 / 300) * DAY));
    expect(msUntilAllowanceRunsOut(10_000e9, 10_000e9, 0, 7 * DAY)).toBe(0);
    expect(msUntilAllowanceRunsOut(1, 10_000e9, 0, 7 * DAY)).toBeNull();
  });

  it('warns at the threshold, so far or projected, and says when the allowance is used up', () => {
    const allowanceBytes = 10_000e9;
    const level = (used: number, projected: number, thresholdPercent = 80) => egressWarningLevel({ usedBytes: used, projectedBytes: projected, allowanceBytes, thresholdPercent });
    expect(level(1_000e9, 5_000e9)).toBe('none');
    expect(level(1_000e9, 8_000e9)).toBe('projected');
    expect(level(8_000e9, 8_000e9)).toBe('reached');
    expect(level(7_999e9, 7_999e9)).toBe('none');
    expect(level(10_000e9, 10_000e9)).toBe('exhausted');
    expect(level(9_000e9, 12_000e9, 100)).toBe('projected');
  });
});
