import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeActivity, levelAt, levelLabel } from './heatmap-data';
import { encodeActivity } from '../../cloud/ops/utilization';

describe('heatmap activity encoding', () => {
  it('decodes runs and leaves unallocated columns out', () => {
    expect(decodeActivity('.40a3c')).toEqual([
      { start: 40, length: 3, level: 1 },
      { start: 43, length: 1, level: 3 },
    ]);
    expect(decodeActivity('')).toEqual([]);
  });

  it('reads back every column the API encoded', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 60 }), (levels) => {
        const runs = decodeActivity(encodeActivity(levels));
        levels.forEach((level, column) => expect(levelAt(runs, column)).toBe(level));
      }),
    );
  });

  it('says what a level means', () => {
    expect(levelLabel(1)).toBe('idle');
    expect(levelLabel(10)).toBe('89–100% engine activity');
  });
});
