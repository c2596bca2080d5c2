import { describe, expect, it } from 'vitest';
import { auditQueryOf, clearAuditParams, readAuditParams, startOfLocalDay, writeAuditParams } from './audit-params';

describe('audit params', () => {
  it('reads filters from the URL and ignores what is not a filter value', () => {
    const p = readAuditParams(new URLSearchParams('actorId=u-ana&action=pod.stop&projectId=p-vision&from=2026-11-01&to=nope&x=1'));
    expect(p).toEqual({ actorId: 'u-ana', action: 'pod.stop', projectId: 'p-vision', from: '2026-11-01', to: '' });
    expect(readAuditParams(new URLSearchParams('action=pod.explode')).action).toBe('');
  });

  it('writes only the filters set, and clears them while keeping other params', () => {
    const next = writeAuditParams(new URLSearchParams('actorId=u-ana&keep=1'), { actorId: '', action: 'pod.stop' });
    expect(next.toString()).toBe('keep=1&action=pod.stop');
    expect(clearAuditParams(next).toString()).toBe('keep=1');
  });

  it('sends From as the start of its day and To as the start of the day after (whole days), in the viewer’s zone', () => {
    // Tests run in UTC (vite.config.ts): the day's start is midnight UTC.
    expect(startOfLocalDay('2026-11-30', 1)).toBe('2026-12-01T00:00:00.000Z');
    expect(auditQueryOf({ actorId: 'policy', action: '', projectId: '', from: '2026-11-01', to: '2026-11-02' })).toEqual({
      actorId: 'policy',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-03T00:00:00.000Z',
    });
    expect(auditQueryOf(readAuditParams(new URLSearchParams()))).toEqual({});
  });
});
