import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, actorText, changeLines, changeText, fieldLabel, monthlyEffectText, valueText } from './audit-words';

describe('audit words', () => {
  it('says a monthly effect with an explicit sign (a minus sign, not a hyphen)', () => {
    expect(monthlyEffectText(-124_000)).toBe('\u2212$1,240.00 a month');
    expect(monthlyEffectText(35_040)).toBe('+$350.40 a month');
    expect(monthlyEffectText(0)).toBe('$0.00 a month');
    expect(monthlyEffectText(null)).toBeNull();
  });

  it('names every action of the contract in words', () => {
    expect(AUDIT_ACTIONS).toHaveLength(30);
    expect(AUDIT_ACTIONS).toContain('budget.policy-stop');
    expect(AUDIT_ACTIONS).toEqual(expect.arrayContaining(['member.change', 'member.remove', 'member.join', 'invitation.create', 'invitation.revoke', 'sso.change', 'sso.delete']));
  });

  it('turns field names into words', () => {
    expect(fieldLabel('gpuCount')).toBe('GPU count');
    expect(fieldLabel('monthlyAmountCents')).toBe('Monthly amount');
    expect(fieldLabel('sshKeyId')).toBe('SSH key ID');
    expect(fieldLabel('status')).toBe('Status');
    expect(fieldLabel('rateMicroUsdPerHour')).toBe('Rate');
    expect(fieldLabel('thresholdsPercent')).toBe('Thresholds (%)');
    expect(fieldLabel('headingFor')).toBe('Heading for');
  });

  it('writes values without JSON braces or quotes', () => {
    expect(valueText('monthlyAmountCents', 500_000)).toBe('$5,000.00');
    expect(valueText('projectIds', ['p-a', 'p-b'])).toBe('p-a, p-b');
    expect(valueText('readOnly', true)).toBe('yes');
    expect(valueText('rateMicroUsdPerHour', 2_460_000)).toBe('$2.46/h');
    expect(valueText('expiresAt', '2026-12-01T00:00:00.000Z')).toBe('Dec 1, 2026, 12:00 AM UTC');
    expect(valueText('name', '2026-12-01T00:00:00.000Z')).toBe('2026-12-01T00:00:00.000Z');
    expect(valueText('x', null)).toBe('none');
    expect(valueText('thresholds', { idleMinutes: 30, smPercent: 5 })).toBe('Idle minutes: 30, SM (%): 5');
  });

  it('lists only the fields that changed, and says what was created and removed', () => {
    const lines = changeLines({ gpuCount: 4, name: 'a', gone: 'x' }, { gpuCount: 2, name: 'a', added: 'y' });
    expect(lines.map((l) => l.key)).toEqual(['gpuCount', 'gone', 'added']);
    expect(changeText({ gpuCount: 4, gone: 'x' }, { gpuCount: 2, added: 'y' })).toBe('GPU count: 4 → 2; Gone: x (removed); Added: y');
    expect(changeText(null, null)).toBe('');
    expect(changeText(null, { name: 'ci' })).toBe('Name: ci');
  });

  it('says who acted', () => {
    expect(actorText({ actorKind: 'token', actorName: 'Maya Chen', tokenName: 'ci-deploy' })).toBe('Maya Chen via token ci-deploy');
    expect(actorText({ actorKind: 'policy', actorName: 'Auto-stop', tokenName: null })).toBe('Policy: Auto-stop');
  });
});
