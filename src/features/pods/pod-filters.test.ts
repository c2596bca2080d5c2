import { describe, expect, it } from 'vitest';
import { activeFilterCount, filtersFromSearch, hidesTerminated, statusChoiceOf, statusSearchValues } from './pod-filters';
import { podRateNowMicroUsdPerHour } from './pod-rate';

describe('the pod list status filter', () => {
  it('leaves terminated pods out when the URL names no status, and says so', () => {
    const search = new URLSearchParams('');
    expect(hidesTerminated(search)).toBe(true);
    expect(filtersFromSearch(search).status).not.toContain('terminated');
    expect(filtersFromSearch(search).status).toContain('failed');
    expect(statusChoiceOf(filtersFromSearch(search).status)).toBe('');
    expect(activeFilterCount(search)).toBe(0);
  });

  it('"Any status" is kept in the URL and asks for every status', () => {
    const search = new URLSearchParams(statusSearchValues('any').map((v) => ['status', v]));
    expect(search.toString()).toBe('status=any');
    expect(hidesTerminated(search)).toBe(false);
    expect(filtersFromSearch(search).status).toEqual([]);
    expect(statusChoiceOf(filtersFromSearch(search).status)).toBe('any');
    expect(activeFilterCount(search)).toBe(1);
  });

  it('one chosen status is asked for alone, and the default choice writes nothing', () => {
    expect(filtersFromSearch(new URLSearchParams('status=terminated')).status).toEqual(['terminated']);
    expect(statusSearchValues('')).toEqual([]);
    expect(activeFilterCount(new URLSearchParams('status=running&gpuTypeId=l4&q='))).toBe(2);
  });
});

describe("a pod's rate now", () => {
  const rates = { gpuRateMicroUsdPerHour: 2_000_000, diskRateMicroUsdPerHour: 14_000 };
  it('is GPUs and disk while running, the disk alone while stopped, nothing once gone', () => {
    expect(podRateNowMicroUsdPerHour({ ...rates, status: 'running' })).toBe(2_014_000);
    expect(podRateNowMicroUsdPerHour({ ...rates, status: 'stopped' })).toBe(14_000);
    expect(podRateNowMicroUsdPerHour({ ...rates, status: 'terminated' })).toBe(0);
  });
});
