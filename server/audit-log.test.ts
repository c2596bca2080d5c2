/**
 * The audit log on the real server: sign-ins and every change, with who (user, token or policy),
 * from where, before and after and the monthly effect; append-only in the database; each reader
 * sees what their role and token allow, a page at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Answer, type ApiClient, type TestServer } from './testing/harness';

let server: TestServer;
let maya: ApiClient;
let ana: ApiClient;

interface Entry {
  id: string;
  at: string;
  action: string;
  actorKind: string;
  actorId: string | null;
  actorName: string;
  tokenName: string | null;
  address: string | null;
  summary: string;
  projectId: string | null;
  targetId: string | null;
  monthlyCostDeltaCents: number | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}
type Page = { items: Entry[]; nextCursor: string | null };

const LAUNCH = {
  name: 'audited', projectId: 'p-vision', gpuTypeId: 'l4', gpuCount: 1, regionId: 'ca-mtl-1', imageId: 'pytorch-2.9-cuda12.8', diskGb: 100,
  autoStopIdleMinutes: null, sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf me@laptop',
};

beforeAll(async () => {
  server = await startTestServer();
  maya = await server.signIn('maya@lumen.example');
  ana = await server.signIn('ana@lumen.example');
});
afterAll(() => server?.close());

async function bearer<T>(secret: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
  const res = await fetch(`${server.url}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${secret}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
}

const page = async (client: ApiClient, query = ''): Promise<Page> => {
  const res = await client.call<Page>('GET', `/v1/audit-log${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

describe('the audit log on the server', () => {
  it('records sign-ins, refused ones too, with the client address', async () => {
    expect((await server.client().call('POST', '/v1/auth/sign-in', { email: 'ana@lumen.example', password: 'wrong' })).status).toBe(401);
    const entries = (await page(maya, '?actorId=u-ana')).items;
    expect(entries.map((e) => e.action)).toEqual(['session.sign-in-refused', 'session.sign-in']);
    expect(entries[1]).toMatchObject({ actorKind: 'user', actorName: 'Ana Souza', address: '127.0.0.1', summary: 'Ana Souza signed in with a password' });
  });

  it('records a launch made with a token as the token’s, with what it adds to the bill', async () => {
    const token = await ana.call<{ secret: string }>('POST', '/v1/api-tokens', { name: 'ana ci', kind: 'personal', role: 'engineer', projectIds: null, readOnly: false, expiresInDays: 7 });
    const launched = await bearer<{ id: string; gpuRateMicroUsdPerHour: number }>(token.body.secret, 'POST', '/v1/pods', LAUNCH, { 'Idempotency-Key': 'audit-token-1' });
    expect(launched.status).toBe(201);
    const [entry] = (await page(maya, '?action=pod.launch')).items;
    expect(entry).toMatchObject({ actorKind: 'token', actorId: 'u-ana', tokenName: 'ana ci', address: '127.0.0.1', targetId: launched.body.id, projectId: 'p-vision' });
    expect(entry!.monthlyCostDeltaCents).toBeGreaterThan(0);
    const created = (await page(maya, '?action=api-token.create')).items[0]!;
    expect(created).toMatchObject({ actorKind: 'user', actorName: 'Ana Souza', summary: 'Created personal API token “ana ci” (engineer, read and change)' });
    expect(JSON.stringify(created)).not.toContain(token.body.secret);

    // A stop through the console saves the GPU's rate for the month.
    await ana.call('POST', `/v1/pods/${launched.body.id}/stop`);
    const [stop] = (await page(ana, '?action=pod.stop')).items;
    expect(stop!.monthlyCostDeltaCents).toBeLessThan(0);
    expect(stop!.before).toMatchObject({ headingFor: 'running' });
  });

  it('records what a budget policy does, as the policy’s, with its saving', async () => {
    const budget = await maya.call('POST', '/v1/budgets', { projectId: null, amountCents: 100, thresholdsPercent: [100], policy: 'stop-idle-pods' });
    expect(budget.status).toBe(201);
    const stops = (await page(maya, '?actorId=policy')).items.filter((e) => e.action === 'budget.policy-stop');
    expect(stops.length).toBeGreaterThan(0);
    for (const s of stops) {
      expect(s).toMatchObject({ actorKind: 'policy', actorId: null, actorName: 'Lumen AI budget policy' });
      expect(s.monthlyCostDeltaCents).toBeLessThan(0);
    }
    // Ana sees what the policy did to her pods, and not the budget Maya set.
    const anas = (await page(ana)).items;
    expect(anas.some((e) => e.action === 'budget.create')).toBe(false);
    const mine = (await maya.call<{ items: Array<{ id: string; ownerId: string }> }>('GET', '/v1/pods?limit=500&ownerId=u-ana')).body.items.map((p) => p.id);
    expect(anas.filter((e) => e.action === 'budget.policy-stop').map((e) => e.targetId)).toEqual(stops.filter((s) => mine.includes(s.targetId ?? '')).map((s) => s.targetId));
  });

  it('pages with a cursor, and a token for one project reads only that project’s entries', async () => {
    const all: Entry[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const p: Page = await page(maya, `?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      all.push(...p.items);
      cursor = p.nextCursor;
    }
    const whole = (await page(maya, '?limit=500')).items;
    expect(all.map((e) => e.id)).toEqual(whole.map((e) => e.id));
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);

    const vision = await maya.call<{ secret: string }>('POST', '/v1/api-tokens', { name: 'vision audit', kind: 'personal', role: 'finance', projectIds: ['p-vision'], readOnly: true, expiresInDays: 7 });
    const read = await bearer<Page>(vision.body.secret, 'GET', '/v1/audit-log?limit=500');
    expect(read.status).toBe(200);
    expect(read.body.items.length).toBeGreaterThan(0);
    expect(new Set(read.body.items.map((e) => e.projectId))).toEqual(new Set(['p-vision']));
  });

  it('keeps entries append-only in the database', async () => {
    await expect(server.db.query("UPDATE audit_log SET summary = 'nothing happened' WHERE org_id = 'org-lumen'")).rejects.toThrow(/append-only/);
    await expect(server.db.query("DELETE FROM audit_log WHERE org_id = 'org-lumen'")).rejects.toThrow(/append-only/);
    expect((await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE org_id = 'org-lumen'"))[0]!.n).toBeGreaterThan(3);
  });
});
