/**
 * Members and invitations on the real server: an invitation link opens its organization with no
 * session, joins once and signs the new member in; removing a member ends their sessions and
 * tokens at once; the last admin stays; nothing crosses organizations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_COOKIE } from './sessions';
import { startTestServer, type ApiClient, type TestServer } from './testing/harness';

let now = 1_800_000_000_000;
let server: TestServer;
let maya: ApiClient;
let ines: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ realNow: () => now });
  [maya, ines] = await Promise.all([server.signIn('maya@lumen.example'), server.signIn('ines@orbit.example')]);
});
afterAll(() => server?.close());

interface Created {
  invitation: { id: string; email: string; status: string };
  secret: string;
  acceptPath: string;
}

async function invite(by: ApiClient, email: string, body: Record<string, unknown> = {}): Promise<Created> {
  const res = await by.call<Created>('POST', '/v1/invitations', { email, role: 'engineer', projectIds: ['p-vision'], expiresInDays: 7, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** A client carrying the cookies an answer set (a browser after joining). */
function withCookies(res: { headers: Headers }): ApiClient {
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0] ?? '');
  const csrf = cookies.find((c) => c.startsWith(`${CSRF_COOKIE}=`))?.slice(`${CSRF_COOKIE}=`.length) ?? '';
  const anonymous = server.client();
  return {
    cookie: cookies.join('; '),
    csrf,
    call: (method, path, body, headers = {}) => anonymous.call(method, path, body, { cookie: cookies.join('; '), ...(method === 'GET' ? {} : { 'X-CSRF-Token': csrf }), ...headers }),
  };
}

describe('invitations on the server', () => {
  it('an invitee previews and accepts with no session, is signed in with the role and projects, and can sign in again with the password', async () => {
    const { secret, acceptPath } = await invite(maya, 'Nora@Lumen.example');
    expect(acceptPath).toBe(`/join#${secret}`);
    const stored = await server.db.query("SELECT secret_hash FROM invitations WHERE email = 'nora@lumen.example'");
    expect(JSON.stringify(stored)).not.toContain(secret);

    const anonymous = server.client();
    const preview = await anonymous.call('POST', '/v1/auth/invitations/preview', { token: secret });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ organizationName: 'Lumen AI', email: 'nora@lumen.example', role: 'engineer', invitedByName: 'Maya Chen', projectNames: ['Vision'] });

    const accepted = await anonymous.call<{ user: { id: string; email: string; role: string } }>('POST', '/v1/auth/invitations/accept', { token: secret, name: 'Nora Lind', password: 'correct horse battery' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.user).toMatchObject({ email: 'nora@lumen.example', role: 'engineer' });
    const nora = withCookies(accepted);
    const session = await nora.call<{ user: { name: string }; projects: { id: string }[] }>('GET', '/v1/session');
    expect(session.body.user.name).toBe('Nora Lind');
    expect(session.body.projects.map((p) => p.id)).toEqual(['p-vision']);
    expect((await server.signIn('nora@lumen.example', 'correct horse battery')).cookie).toContain('__Host-nl_session=');

    const again = await anonymous.call<{ detail: string }>('POST', '/v1/auth/invitations/accept', { token: secret, name: 'Nora Lind', password: 'correct horse battery' });
    expect(again.status).toBe(404);
    expect(again.body.detail).toMatch(/used already/);

    const log = await maya.call<{ items: { action: string; actorName: string; address: string | null; summary: string }[] }>('GET', '/v1/audit-log?action=member.join');
    expect(log.body.items[0]).toMatchObject({ actorName: 'Nora Lind', summary: expect.stringMatching(/^Nora Lind joined as engineer \(invited by Maya Chen; Vision\)/) });
    expect(log.body.items[0]!.address).toBeTruthy();
  });

  it('refuses an unknown, revoked or expired link in words, and a weak password at its field, keeping the link usable', async () => {
    const anonymous = server.client();
    const unknown = await anonymous.call<{ detail: string }>('POST', '/v1/auth/invitations/preview', { token: 'nli_not-a-real-secret-at-all' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toMatch(/not one this console made/);

    const { secret, invitation } = await invite(maya, 'otto@lumen.example', { expiresInDays: 1 });
    const weak = await anonymous.call<{ errors: { field: string }[] }>('POST', '/v1/auth/invitations/accept', { token: secret, name: 'Otto', password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors.map((e) => e.field)).toEqual(['password']);
    expect((await anonymous.call('POST', '/v1/auth/invitations/preview', { token: secret })).status).toBe(200);

    now += 2 * 24 * 60 * 60 * 1000;
    const expired = await anonymous.call<{ detail: string }>('POST', '/v1/auth/invitations/preview', { token: secret });
    expect(expired.body.detail).toMatch(/expired/);
    const list = await maya.call<{ items: { id: string; status: string }[] }>('GET', '/v1/invitations');
    expect(list.body.items.find((i) => i.id === invitation.id)?.status).toBe('expired');

    const second = await invite(maya, 'pia@lumen.example');
    expect((await maya.call('DELETE', `/v1/invitations/${second.invitation.id}`)).status).toBe(204);
    const revoked = await anonymous.call<{ detail: string }>('POST', '/v1/auth/invitations/accept', { token: second.secret, name: 'Pia', password: 'a long enough password' });
    expect(revoked.status).toBe(404);
    expect(revoked.body.detail).toMatch(/revoked it/);
  });

  it('accepting an invitation needs the same origin as every other change', async () => {
    const { secret } = await invite(maya, 'quinn@lumen.example');
    const res = await server.client().call('POST', '/v1/auth/invitations/accept', { token: secret, name: 'Quinn', password: 'a long enough password' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });
});

describe('members on the server', () => {
  it('removing a member ends their session and their API token at once', async () => {
    const { secret } = await invite(maya, 'rex@lumen.example');
    const rex = withCookies(await server.client().call('POST', '/v1/auth/invitations/accept', { token: secret, name: 'Rex', password: 'a long enough password' }));
    const token = await rex.call<{ secret: string }>('POST', '/v1/api-tokens', { name: 'rex script', kind: 'personal', role: 'engineer', projectIds: null, readOnly: false, expiresInDays: 30 });
    expect(token.status).toBe(201);
    const bearer = () => fetch(`${server.url}/api/v1/pods?limit=1`, { headers: { authorization: `Bearer ${token.body.secret}` } });
    expect((await bearer()).status).toBe(200);
    const members = await maya.call<{ items: { id: string; email: string }[] }>('GET', '/v1/members');
    const rexId = members.body.items.find((m) => m.email === 'rex@lumen.example')!.id;

    expect((await maya.call('DELETE', `/v1/members/${rexId}`)).status).toBe(204);
    expect((await rex.call('GET', '/v1/session')).status).toBe(401);
    expect((await rex.call('GET', '/v1/pods?limit=1')).status).toBe(401);
    expect((await bearer()).status).toBe(401);
    const sessions = await server.db.query('SELECT 1 FROM sessions WHERE user_id = $1', [rexId]);
    expect(sessions).toHaveLength(0);
    const tokens = await maya.call<{ items: { name: string; status: string; ownerName: string }[] }>('GET', '/v1/api-tokens');
    expect(tokens.body.items.find((t) => t.name === 'rex script')).toMatchObject({ status: 'revoked', ownerName: 'Rex' });
  });

  it('a role change applies to the next request, and the last admin can neither step down nor leave', async () => {
    const ana = await server.signIn('ana@lumen.example');
    expect((await ana.call('GET', '/v1/invitations')).status).toBe(403);
    const promoted = await maya.call<{ role: string }>('PATCH', '/v1/members/u-ana', { role: 'admin' });
    expect(promoted.body.role).toBe('admin');
    expect((await ana.call('GET', '/v1/invitations')).status).toBe(200);
    expect((await maya.call('PATCH', '/v1/members/u-ana', { role: 'engineer' })).status).toBe(200);

    const demote = await maya.call<{ type: string; detail: string }>('PATCH', '/v1/members/u-maya', { role: 'finance' });
    expect(demote.status).toBe(409);
    expect(demote.body.detail).toMatch(/last admin/);
    expect((await maya.call('DELETE', '/v1/members/u-maya')).status).toBe(409);
  });
});

describe('members across organizations', () => {
  it("an admin of one organization can neither see nor change another's members, invitations or sign-on", async () => {
    const { invitation } = await invite(maya, 'sven@lumen.example');
    const orbitMembers = await ines.call<{ items: { email: string }[] }>('GET', '/v1/members');
    expect(orbitMembers.body.items.every((m) => m.email.endsWith('@orbit.example'))).toBe(true);
    expect((await ines.call('PATCH', '/v1/members/u-ana', { role: 'admin' })).status).toBe(404);
    expect((await ines.call('DELETE', '/v1/members/u-ana')).status).toBe(404);
    expect((await ines.call('DELETE', `/v1/invitations/${invitation.id}`)).status).toBe(404);
    const invites = await ines.call<{ items: unknown[] }>('GET', '/v1/invitations');
    expect(JSON.stringify(invites.body)).not.toContain('sven@lumen.example');
  });

  it('one address belongs to one organization: inviting a member of another is refused at the e-mail field', async () => {
    const res = await ines.call<{ errors: { field: string; message: string }[] }>('POST', '/v1/invitations', { email: 'ana@lumen.example', role: 'engineer', projectIds: [], expiresInDays: 7 });
    expect(res.status).toBe(409);
    expect(res.body.errors[0]).toMatchObject({ field: 'email', message: expect.stringMatching(/another organization/) });
  });
});
