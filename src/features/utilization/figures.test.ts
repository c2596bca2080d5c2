import { describe, expect, it } from 'vitest';
import { formatGpuHours } from './figures';

describe('GPU-hours as text', () => {
  it('cannot wrap between the number and its unit, nor inside "GPU-h"', () => {
    const text = formatGpuHours(4_444_200);
    expect(text).toBe('1,234.5\u00a0GPU\u2011h');
    // No soft wrap opportunity: no ordinary space or hyphen-minus.
    expect(text).not.toMatch(/[ -]/);
  });
});
