import { describe, expect, it } from 'vitest';
import { formatCount, formatLatency, formatMicroUsd, formatP50P95, formatPerMillionTokens, formatRate, formatShare } from './inference-format';

describe('serving figures in words', () => {
  it('writes micro-dollars per million tokens as dollars, with four decimals under a dollar', () => {
    expect(formatMicroUsd(52_598)).toBe('$0.0526');
    expect(formatMicroUsd(617_000)).toBe('$0.617');
    expect(formatMicroUsd(2_468_000)).toBe('$2.47');
    expect(formatMicroUsd(50_000)).toBe('$0.05');
    expect(formatMicroUsd(0)).toBe('$0.00');
    expect(formatMicroUsd(null)).toBe('—');
    expect(formatPerMillionTokens(260_574)).toBe('$0.2606\u00a0/\u00a0M\u00a0tokens');
    expect(formatPerMillionTokens(null)).toBe('—');
  });

  it('writes counts, latencies, rates and shares', () => {
    expect(formatCount(81_609_952_687)).toBe('81.6B');
    expect(formatCount(950)).toBe('950');
    expect(formatLatency(0.1107)).toBe('111 ms');
    expect(formatLatency(0.0085)).toBe('8.5 ms');
    expect(formatLatency(1.9864)).toBe('1.99 sec');
    expect(formatLatency(null)).toBe('—');
    expect(formatP50P95(0.0744, 0.2388)).toBe('74 ms / 239 ms');
    expect(formatP50P95(null, null)).toBe('—');
    expect(formatRate(478.071)).toBe('478');
    expect(formatRate(6.25)).toBe('6.3');
    expect(formatRate(null)).toBe('—');
    expect(formatShare(0.326)).toBe('32.6%');
    expect(formatShare(null)).toBe('—');
  });
});
