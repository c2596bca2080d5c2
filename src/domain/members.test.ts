import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emailDomain, groupsOf, invitationStatus, isDomain, isEmail, leavesAnAdmin, roleFromGroups, ssoProblems, type MemberRole } from './members';

const roles: MemberRole[] = ['admin', 'engineer', 'finance'];

describe('leavesAnAdmin', () => {
  it('is true exactly when someone is an admin after the change (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...roles), { minLength: 1, maxLength: 8 }), fc.nat(), fc.option(fc.constantFrom(...roles), { nil: null }), (rs, pick, next) => {
        const members = rs.map((role, i) => ({ id: `u${i}`, role }));
        const target = members[pick % members.length]!;
        const after = members.filter((m) => m.id !== target.id || next !== null).map((m) => (m.id === target.id ? { ...m, role: next! } : m));
        expect(leavesAnAdmin(members, target.id, next)).toBe(after.some((m) => m.role === 'admin'));
      }),
    );
  });
});

describe('single sign-on rules', () => {
  it('maps groups to a role, admin groups first', () => {
    const mapping = { adminGroups: ['ops'], financeGroups: ['fin'] };
    expect(roleFromGroups(['fin', 'ops'], mapping)).toBe('admin');
    expect(roleFromGroups(['fin'], mapping)).toBe('finance');
    expect(roleFromGroups(['ml'], mapping)).toBeUndefined();
    expect(groupsOf(['a', 3, 'b'])).toEqual(['a', 'b']);
    expect(groupsOf('a, b c')).toEqual(['a', 'b', 'c']);
    expect(groupsOf(undefined)).toEqual([]);
  });

  it('knows e-mails and domains', () => {
    expect(isEmail('ana@lumen.example')).toBe(true);
    expect(isEmail('ana@lumen')).toBe(false);
    expect(isEmail('a b@lumen.example')).toBe(false);
    expect(emailDomain(' Ana@Lumen.Example ')).toBe('lumen.example');
    expect(isDomain('@Lumen.example')).toBe(true);
    expect(isDomain('lumen')).toBe(false);
  });

  it('accepts https issuers, and http only on this machine where allowed', () => {
    const base = { clientId: 'c', scopes: 'openid email', allowedDomains: ['lumen.example'], roleClaim: 'groups', defaultProjectIds: [] };
    const known = { projectIds: new Set<string>(), allowHttp: false };
    expect(ssoProblems({ ...base, issuer: 'https://id.example' }, known)).toEqual([]);
    expect(ssoProblems({ ...base, issuer: 'http://127.0.0.1:4000' }, known).map((p) => p.field)).toEqual(['issuer']);
    expect(ssoProblems({ ...base, issuer: 'http://127.0.0.1:4000' }, { ...known, allowHttp: true })).toEqual([]);
    expect(ssoProblems({ ...base, issuer: 'http://id.example' }, { ...known, allowHttp: true }).map((p) => p.field)).toEqual(['issuer']);
  });

  it('an invitation is pending until used, revoked or past its expiry', () => {
    const inv = { expiresAtMs: 100, acceptedAtMs: null, revokedAtMs: null };
    expect(invitationStatus(inv, 99)).toBe('pending');
    expect(invitationStatus(inv, 100)).toBe('expired');
    expect(invitationStatus({ ...inv, acceptedAtMs: 50 }, 200)).toBe('accepted');
    expect(invitationStatus({ ...inv, revokedAtMs: 50 }, 60)).toBe('revoked');
  });
});
