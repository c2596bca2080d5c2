/** Members, invitations and single sign-on settings through the contract-checked test API (the simulator). */
import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../api/client';
import { advanceTestRealTime } from '../../testing/server';

const api = createApiClient('http://localhost/api');
const actAs = (userId: string) => api.POST('/v1/simulation/act-as', { body: { userId } });

const SSO = {
  issuer: 'https://login.lumen.example',
  clientId: 'northlight',
  clientSecret: 'shh-secret',
  scopes: 'openid email profile',
  allowedDomains: ['Lumen.example', '@lumen-labs.example'],
  roleClaim: 'groups',
  adminGroups: ['nl-admins'],
  financeGroups: ['finance'],
  defaultRole: 'engineer' as const,
  defaultProjectIds: ['p-vision'],
  enabled: true,
};

describe('members', () => {
  it('lists everyone with their role, projects and how they sign in', async () => {
    const { data } = await api.GET('/v1/members');
    const ana = data!.items.find((m) => m.id === 'u-ana')!;
    expect(ana).toMatchObject({ name: 'Ana Souza', role: 'engineer', signsInWith: 'password', activeTokenCount: 0 });
    expect(ana.projectIds.length).toBeGreaterThan(0);
  });

  it('an admin changes a role and projects; the log says what changed', async () => {
    const res = await api.PATCH('/v1/members/{userId}', { params: { path: { userId: 'u-ana' } }, body: { role: 'finance', projectIds: ['p-vision'] } });
    expect(res.data).toMatchObject({ role: 'finance', projectIds: ['p-vision'] });
    const log = (await api.GET('/v1/audit-log', { params: { query: { action: 'member.change' } } })).data!;
    expect(log.items[0]).toMatchObject({ actorId: 'u-maya', targetId: 'u-ana', before: { role: 'engineer' }, after: { role: 'finance', projects: 'Vision' } });
    expect(log.items[0]!.summary).toMatch(/role engineer → finance/);
  });

  it('keeps the last admin: they can neither demote nor remove themself', async () => {
    const demote = await api.PATCH('/v1/members/{userId}', { params: { path: { userId: 'u-maya' } }, body: { role: 'engineer' } });
    expect(demote.response.status).toBe(409);
    expect(demote.error).toMatchObject({ type: expect.stringMatching(/last-admin$/), detail: expect.stringMatching(/giving up your admin role/) });
    const remove = await api.DELETE('/v1/members/{userId}', { params: { path: { userId: 'u-maya' } } });
    expect(remove.response.status).toBe(409);
    // With a second admin, the first may step down.
    await api.PATCH('/v1/members/{userId}', { params: { path: { userId: 'u-oskar' } }, body: { role: 'admin' } });
    const stepDown = await api.PATCH('/v1/members/{userId}', { params: { path: { userId: 'u-maya' } }, body: { role: 'engineer' } });
    expect(stepDown.data?.role).toBe('engineer');
  });

  it('only admins change members', async () => {
    await actAs('u-ana');
    const res = await api.PATCH('/v1/members/{userId}', { params: { path: { userId: 'u-felix' } }, body: { role: 'admin' } });
    expect(res.response.status).toBe(403);
    expect((await api.GET('/v1/invitations')).response.status).toBe(403);
    expect((await api.GET('/v1/sso')).response.status).toBe(403);
  });

  it("removing a member revokes their tokens, drops their keys and projects, and keeps their name on their pods' records", async () => {
    await actAs('u-felix');
    const token = await api.POST('/v1/api-tokens', { body: { name: 'felix script', kind: 'personal', role: 'engineer', projectIds: null, readOnly: false, expiresInDays: 30 } });
    expect(token.response.status).toBe(201);
    await actAs('u-maya');
    const removed = await api.DELETE('/v1/members/{userId}', { params: { path: { userId: 'u-felix' } } });
    expect(removed.response.status).toBe(204);
    const members = (await api.GET('/v1/members')).data!.items;
    expect(members.some((m) => m.id === 'u-felix')).toBe(false);
    const tokens = (await api.GET('/v1/api-tokens')).data!.items;
    expect(tokens.find((t) => t.name === 'felix script')).toMatchObject({ status: 'revoked', ownerName: 'Félix Tremblay' });
    const log = (await api.GET('/v1/audit-log', { params: { query: { action: 'member.remove' } } })).data!;
    expect(log.items[0]!.summary).toBe('Removed Félix Tremblay (engineer): their sessions ended and 1 API token was revoked');
  });
});

describe('invitations', () => {
  it('an admin invites with a role and projects; the link is shown once and opens the invitation', async () => {
    const res = await api.POST('/v1/invitations', { body: { email: ' New.Person@Lumen.example ', role: 'engineer', projectIds: ['p-vision'], expiresInDays: 7 } });
    expect(res.response.status).toBe(201);
    const { invitation, secret, acceptPath, delivery } = res.data!;
    expect(invitation).toMatchObject({ email: 'new.person@lumen.example', role: 'engineer', status: 'pending', invitedByName: 'Maya Chen' });
    expect(secret).toMatch(/^nli_[A-Za-z0-9_-]{43}$/);
    expect(acceptPath).toBe(`/join#${secret}`);
    expect(delivery).toBe('link');
    expect(JSON.stringify((await api.GET('/v1/invitations')).data)).not.toContain(secret);
    const preview = await api.POST('/v1/auth/invitations/preview', { body: { token: secret } });
    expect(preview.data).toMatchObject({ email: 'new.person@lumen.example', role: 'engineer', projectNames: ['Vision'], invitedByName: 'Maya Chen', ssoAvailable: false });
  });

  it('accepting makes the member once: a second use, a revoked or an expired link is refused in words', async () => {
    const { secret } = (await api.POST('/v1/invitations', { body: { email: 'kim@lumen.example', role: 'engineer', projectIds: ['p-vision'], expiresInDays: 1 } })).data!;
    const weak = await api.POST('/v1/auth/invitations/accept', { body: { token: secret, name: 'Kim', password: 'short' } });
    expect(weak.response.status).toBe(400);
    expect(weak.error?.errors?.[0]).toMatchObject({ field: 'password', message: expect.stringMatching(/at least 12 characters/) });
    const ok = await api.POST('/v1/auth/invitations/accept', { body: { token: secret, name: 'Kim Park', password: 'a long passphrase here' } });
    expect(ok.data?.user).toMatchObject({ name: 'Kim Park', email: 'kim@lumen.example', role: 'engineer' });
    expect(ok.data?.projects.map((p) => p.id)).toEqual(['p-vision']);
    const again = await api.POST('/v1/auth/invitations/accept', { body: { token: secret, name: 'Kim Park', password: 'a long passphrase here' } });
    expect(again.response.status).toBe(404);
    expect(again.error?.detail).toMatch(/used already/);

    await actAs('u-maya');
    const second = (await api.POST('/v1/invitations', { body: { email: 'lee@lumen.example', role: 'finance', projectIds: [], expiresInDays: 1 } })).data!;
    await api.DELETE('/v1/invitations/{invitationId}', { params: { path: { invitationId: second.invitation.id } } });
    const revoked = await api.POST('/v1/auth/invitations/preview', { body: { token: second.secret } });
    expect(revoked.error?.detail).toMatch(/revoked it/);

    const third = (await api.POST('/v1/invitations', { body: { email: 'mo@lumen.example', role: 'finance', projectIds: [], expiresInDays: 1 } })).data!;
    advanceTestRealTime(25 * 60 * 60 * 1000);
    const expired = await api.POST('/v1/auth/invitations/preview', { body: { token: third.secret } });
    expect(expired.error?.detail).toMatch(/expired/);
    expect((await api.GET('/v1/invitations')).data!.items.find((i) => i.id === third.invitation.id)?.status).toBe('expired');
  });

  it('refuses an address that is already a member, at its field', async () => {
    const ana = (await api.GET('/v1/members')).data!.items.find((m) => m.id === 'u-ana')!;
    const res = await api.POST('/v1/invitations', { body: { email: ana.email.toUpperCase(), role: 'engineer', projectIds: [], expiresInDays: 7 } });
    expect(res.response.status).toBe(409);
    expect(res.error?.errors?.[0]).toMatchObject({ field: 'email', message: expect.stringMatching(/already a member/) });
  });
});

describe('single sign-on settings', () => {
  it('saves a connection, never shows its secret, keeps it when left out, and logs the change without it', async () => {
    const saved = await api.PUT('/v1/sso', { body: SSO });
    expect(saved.data?.connection).toMatchObject({ allowedDomains: ['lumen.example', 'lumen-labs.example'], clientSecretSet: true, updatedByName: 'Maya Chen' });
    expect(saved.data?.callbackPath).toBe('/v1/auth/sso/callback');
    expect(JSON.stringify(saved.data)).not.toContain('shh-secret');
    const { clientSecret: _drop, ...withoutSecret } = SSO;
    const kept = await api.PUT('/v1/sso', { body: { ...withoutSecret, enabled: false } });
    expect(kept.data?.connection).toMatchObject({ clientSecretSet: true, enabled: false });
    const log = (await api.GET('/v1/audit-log', { params: { query: { action: 'sso.change' } } })).data!;
    expect(log.items).toHaveLength(2);
    expect(JSON.stringify(log)).not.toContain('shh-secret');
  });

  it('refuses settings that cannot work, field by field', async () => {
    const res = await api.PUT('/v1/sso', { body: { ...SSO, issuer: 'ftp://nope', scopes: 'email', allowedDomains: ['not a domain'], defaultProjectIds: ['p-nope'] } });
    expect(res.response.status).toBe(400);
    expect(res.error?.errors?.map((e) => e.field).sort()).toEqual(['allowedDomains', 'defaultProjectIds', 'issuer', 'scopes']);
  });
});
