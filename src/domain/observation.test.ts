import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { percentile } from './observation';

describe('percentile', () => {
  it('takes the nearest rank', () => {
    expect(percentile([15, 20, 35, 40, 50], 30)).toBe(20);
    expect(percentile([15, 20, 35, 40, 50], 100)).toBe(50);
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 95)).toBe(95);
    expect(percentile([], 95)).toBe(0);
  });

  it('is one of the values, between the minimum and the maximum', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1 }), fc.integer({ min: 0, max: 100 }), (xs, p) => {
        const v = percentile(xs, p);
        expect(xs).toContain(v);
        expect(v).toBeGreaterThanOrEqual(Math.min(...xs));
      }),
    );
  });
});
