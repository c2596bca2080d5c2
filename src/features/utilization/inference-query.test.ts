import { describe, expect, it } from 'vitest';
import { inferenceQuery, readPodSort, scopeNotApplied } from './inference-query';
import { readParams } from './params';

const params = (search: string) => readParams(new URLSearchParams(search));

describe('the Inference view’s query', () => {
  it('follows the page’s range, named or custom, and its project', () => {
    expect(inferenceQuery(params(''), 'spend', 50)).toEqual({ range: '7d', limit: 50 });
    expect(inferenceQuery(params('range=30d&scope=project&scopeId=p-chat'), 'tokens', 20)).toEqual({ range: '30d', projectId: 'p-chat', sort: 'tokens', limit: 20 });
    expect(inferenceQuery(params('range=custom&from=2026-11-01&to=2026-11-03'), 'spend', 50)).toEqual({ from: '2026-11-01T00:00:00.000Z', to: '2026-11-04T00:00:00.000Z', limit: 50 });
  });

  it('says which scope it cannot narrow to, and asks the whole organization then', () => {
    expect(scopeNotApplied(params('scope=gpuType&scopeId=l4'))).toBe('GPU type');
    expect(inferenceQuery(params('scope=gpuType&scopeId=l4'), 'spend', 50)).toEqual({ range: '7d', limit: 50 });
    expect(scopeNotApplied(params('scope=project&scopeId=p-chat'))).toBeNull();
    expect(scopeNotApplied(params(''))).toBeNull();
  });

  it('reads the pods’ sort, spend by default', () => {
    expect(readPodSort('blendedCost')).toBe('blendedCost');
    expect(readPodSort('nonsense')).toBe('spend');
    expect(readPodSort(null)).toBe('spend');
  });
});
