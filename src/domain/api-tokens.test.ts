import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashTokenSecret, mayGrantRole, newTokenSecret, secretPrefix, tokenInputProblems, tokenScope, tokenStatus, type TokenRole } from './api-tokens';

const ROLES: TokenRole[] = ['admin', 'engineer', 'finance'];
const owner = (role: TokenRole, names: string[] = []) => ({ role, visibleProjectIds: new Set(['p-a', 'p-b']), activeTokenNames: new Set(names) });

describe('API tokens', () => {
  it('makes 32-byte secrets and hashes them as the server does', async () => {
    const secret = newTokenSecret();
    expect(secret).toMatch(/^nlt_[A-Za-z0-9_-]{43}$/);
    expect(newTokenSecret()).not.toBe(secret);
    expect(secretPrefix(secret)).toBe(secret.slice(0, 12));
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80 }), async (s) => {
        expect(await hashTokenSecret(s)).toBe(createHash('sha256').update(s).digest('base64url'));
      }),
      { numRuns: 100 },
    );
  });

  it('never lets a token carry more than its owner: only admins grant another role', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), fc.constantFrom(...ROLES), (ownerRole, role) => {
        expect(mayGrantRole(ownerRole, role)).toBe(ownerRole === 'admin' || ownerRole === role);
        expect(tokenScope({ role, projectIds: null }, ownerRole).ok).toBe(mayGrantRole(ownerRole, role));
      }),
    );
  });

  it('says what is wrong at each field', () => {
    expect(tokenInputProblems({ name: '  ', kind: 'service', role: 'admin', projectIds: ['p-a', 'p-z'] }, owner('engineer'))).toEqual([
      { field: 'name', message: expect.stringMatching(/Give the token a name/) },
      { field: 'kind', message: expect.stringMatching(/Only admins/) },
      { field: 'role', message: 'A token’s role is at most yours: choose engineer.' },
      { field: 'projectIds', message: expect.stringMatching(/p-z/) },
    ]);
    expect(tokenInputProblems({ name: 'CI', kind: 'personal', role: 'engineer', projectIds: null }, owner('engineer', ['ci']))).toEqual([
      { field: 'name', message: expect.stringMatching(/already have an active token named “CI”/) },
    ]);
    expect(tokenInputProblems({ name: 'CI', kind: 'service', role: 'finance', projectIds: ['p-b'] }, owner('admin'))).toEqual([]);
  });

  it('tells active, expired and revoked apart', () => {
    expect(tokenStatus({ expiresAtMs: 10, revokedAtMs: null }, 9)).toBe('active');
    expect(tokenStatus({ expiresAtMs: 10, revokedAtMs: null }, 10)).toBe('expired');
    expect(tokenStatus({ expiresAtMs: 10, revokedAtMs: 5 }, 9)).toBe('revoked');
  });
});
