import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../lib/csv';
import type { AuditEntry } from './api/audit-log';
import { AUDIT_CSV_HEADER, auditCsv, auditCsvFileName } from './audit-csv';

const base: AuditEntry = {
  id: 'a-1',
  at: '2026-11-18T15:04:05.000Z',
  actorKind: 'user',
  actorId: 'u-maya',
  actorName: 'Maya Chen',
  tokenId: null,
  tokenName: null,
  address: '203.0.113.7',
  action: 'pod.change',
  summary: 'Changed train-7b: 4 → 2 GPUs',
  targetType: 'pod',
  targetId: 'pod-1',
  targetName: 'train-7b',
  projectId: 'p-vision',
  before: { gpuCount: 4 } as AuditEntry['before'],
  after: { gpuCount: 2 } as AuditEntry['after'],
  monthlyCostDeltaCents: -124_000,
};

describe('auditCsv', () => {
  it('writes a header and one row per entry, with the change in words and the monthly effect as exact dollars', () => {
    const rows = parseCsv(auditCsv([base], new Map([['p-vision', 'Vision']])));
    expect(rows[0]).toEqual([...AUDIT_CSV_HEADER]);
    expect(rows[1]).toEqual([
      '2026-11-18T15:04:05.000Z',
      'Maya Chen',
      'User',
      '',
      '203.0.113.7',
      'Pod changed',
      'Changed train-7b: 4 → 2 GPUs',
      'train-7b',
      'Vision',
      'GPU count: 4 → 2',
      '-1240.00',
    ]);
    expect(rows).toHaveLength(2);
  });

  it('quotes a summary with a comma, a quote and a line break, and reads back the same', () => {
    const summary = 'Renamed "a, b"\nto c';
    const text = auditCsv([{ ...base, summary }]);
    expect(text).toContain('"Renamed ""a, b""\nto c"');
    expect(parseCsv(text)[1]![6]).toBe(summary);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('leaves empty what an entry does not have, names the token and the policy, and keeps cents exact', () => {
    const policy: AuditEntry = {
      ...base,
      id: 'a-2',
      actorKind: 'policy',
      actorId: null,
      actorName: 'Vision budget',
      address: null,
      action: 'budget.policy-stop',
      projectId: null,
      before: null,
      after: null,
      monthlyCostDeltaCents: 35_040,
    };
    const token: AuditEntry = {
      ...base,
      id: 'a-3',
      actorKind: 'token',
      tokenId: 't-1',
      tokenName: 'ci-deploy',
      monthlyCostDeltaCents: null,
      projectId: 'p-unknown',
    };
    const [, p, t] = parseCsv(auditCsv([policy, token]));
    expect(p).toEqual([
      '2026-11-18T15:04:05.000Z',
      'Vision budget',
      'Policy',
      '',
      '',
      'Budget policy stopped a pod',
      'Changed train-7b: 4 → 2 GPUs',
      'train-7b',
      '',
      '',
      '350.40',
    ]);
    expect(t![2]).toBe('API token');
    expect(t![3]).toBe('ci-deploy');
    expect(t![8]).toBe('p-unknown');
    expect(t![10]).toBe('');
  });

  it('keeps a summary that starts like a formula as text', () => {
    expect(parseCsv(auditCsv([{ ...base, summary: '=HYPERLINK("x")' }]))[1]![6]).toBe('\'=HYPERLINK("x")');
  });

  it('names the file for the day of the export', () => {
    expect(auditCsvFileName(new Date(2026, 10, 3, 12))).toBe('audit-log-2026-11-03.csv');
  });
});
