import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/problem';
import { retryRead, retryReadDelay } from './types';

describe('reading pods over a flaky network', () => {
  it('retries what the network lost or the server could not answer, five times, but not what the API refused', () => {
    const unavailable = new ApiError({ type: 'about:blank', title: 'Unavailable', status: 503 });
    const notFound = new ApiError({ type: 'about:blank', title: 'Not found', status: 404 });
    expect([0, 1, 2, 3, 4].every((n) => retryRead(n, unavailable))).toBe(true);
    expect(retryRead(5, unavailable)).toBe(false);
    expect(retryRead(0, new TypeError('Failed to fetch'))).toBe(true);
    expect(retryRead(0, notFound)).toBe(false);
  });

  it('waits 1 s, 2 s, then at most 4 s between tries, so a page watching a pod catches up soon after the network does', () => {
    expect([0, 1, 2, 3, 4].map(retryReadDelay)).toEqual([1000, 2000, 4000, 4000, 4000]);
  });
});
