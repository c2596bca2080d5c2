import { describe, expect, it } from 'vitest';
import { breakdownRowHref, readParams, windowQuery, writeParams } from './params';

describe('utilization URL state', () => {
  it('defaults to the organization over 7 days, by project, most waste first', () => {
    const p = readParams(new URLSearchParams());
    expect(p).toMatchObject({ range: { kind: 'named', range: '7d' }, scope: 'organization', scopeId: '', by: 'project', sort: 'waste', order: 'desc' });
    expect(writeParams(p).toString()).toBe('');
  });

  it('round-trips a custom range, a scope, a breakdown and thresholds', () => {
    const search = new URLSearchParams('range=custom&from=2026-11-01&to=2026-11-10&scope=project&scopeId=p-llm&by=pod&sort=spend&order=asc&idle=8&sm=40');
    const p = readParams(search);
    expect(p.range).toEqual({ kind: 'custom', fromDate: '2026-11-01', toDate: '2026-11-10' });
    expect(p.idleEngineActive).toBe(0.08);
    expect(writeParams(p).toString()).toBe(search.toString());
    expect(windowQuery(p)).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-11T00:00:00.000Z',
      scope: 'project',
      scopeId: 'p-llm',
      idleEngineActive: 0.08,
      smActiveTarget: 0.4,
    });
  });

  it('ignores what it cannot read: a scope without an id, a bad range, thresholds out of bounds', () => {
    const p = readParams(new URLSearchParams('scope=project&range=1y&idle=90&sort=cost'));
    expect(p.scope).toBe('organization');
    expect(p.range).toEqual({ kind: 'named', range: '7d' });
    expect(p.idleEngineActive).toBeNull();
    expect(p.sort).toBe('waste');
  });

  it('links a pod row to the pod and any other row to this page narrowed to it', () => {
    const p = readParams(new URLSearchParams('range=30d'));
    expect(breakdownRowHref(p, 'pod', 'pod-1')).toBe('/pods/pod-1');
    expect(breakdownRowHref(p, 'user', 'u-ana')).toBe('/utilization?range=30d&scope=user&scopeId=u-ana&by=pod');
  });
});
