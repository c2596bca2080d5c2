/**
 * Tenant isolation: Lumen's admin tries every operation of the contract with Orbit's ids, signed
 * in and again with an admin API token (Authorization: Bearer).
 * An id of the other organization in the path is answered 404 or 403; one in a body is
 * refused; one in a query filter finds nothing; an operation that takes no id answers only
 * about Lumen. Afterwards Orbit's rows are exactly as they were, and nothing Lumen was
 * answered names anything of Orbit's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Contract } from './contract';
import { startTestServer, type ApiClient, type TestServer } from './testing/harness';
import { TENANTS } from './tenants';

const contract = Contract.fromFile();
let server: TestServer;
let lumen: ApiClient;
let orbit: ApiClient;
/** A Lumen admin's API token. */
let lumenBearer: string;

interface OrbitIds {
  podId: string;
  projectId: string;
  budgetId: string;
  recommendationId: string;
  userId: string;
  tokenId: string;
  sshKeyId: string;
  invitationId: string;
  secrets: string[];
}
let ids: OrbitIds;

async function orbitRows(): Promise<string> {
  const tables = [
    'organizations',
    'sim_clock',
    'users',
    'projects',
    'project_members',
    'pods',
    'pod_autostop_watches',
    'pod_replacements',
    'idempotency_keys',
    'budgets',
    'budget_alerts',
    'recommendation_decisions',
    'egress_thresholds',
    'api_tokens',
    'ssh_keys',
    'invitations',
    'state_extras',
  ];
  const out: unknown[] = [];
  for (const t of tables) {
    const column = t === 'organizations' ? 'id' : 'org_id';
    out.push(await server.db.query(`SELECT * FROM ${t} WHERE ${column} = 'org-orbit' ORDER BY 2, 3`));
  }
  return JSON.stringify(out);
}

beforeAll(async () => {
  server = await startTestServer();
  lumen = await server.signIn('maya@lumen.example');
  orbit = await server.signIn('ines@orbit.example');
  const pods = await orbit.call<{ items: Array<{ id: string; status: string }> }>('GET', '/v1/pods?limit=500');
  const projects = await orbit.call<{ items: Array<{ id: string; name: string }> }>('GET', '/v1/projects');
  const users = await orbit.call<{ items: Array<{ id: string; name: string; email: string }> }>('GET', '/v1/users');
  const budget = await orbit.call<{ id: string }>('POST', '/v1/budgets', {
    projectId: null,
    amountCents: 5_000_000,
    thresholdsPercent: [50, 80, 100],
    policy: 'notify',
  });
  const recommendations = await orbit.call<{ items: Array<{ id: string }> }>('GET', '/v1/recommendations');
  expect(budget.status).toBe(201);
  const token = await orbit.call<{ token: { id: string }; secret: string }>('POST', '/v1/api-tokens', {
    name: 'orbit ci',
    kind: 'service',
    role: 'admin',
    projectIds: null,
    readOnly: false,
    expiresInDays: 30,
  });
  expect(token.status).toBe(201);
  const sshKey = await orbit.call<{ id: string }>('POST', '/v1/ssh-keys', {
    name: 'orbit laptop',
    publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf orbit@laptop',
  });
  expect(sshKey.status).toBe(201);
  const invitation = await orbit.call<{ invitation: { id: string }; secret: string }>('POST', '/v1/invitations', { email: 'new.hire@orbit.example', role: 'engineer', projectIds: [], expiresInDays: 7 });
  expect(invitation.status).toBe(201);
  const sso = await orbit.call('PUT', '/v1/sso', {
    issuer: 'https://login.orbit.example',
    clientId: 'orbit-console',
    clientSecret: 'orbit-sso-secret',
    scopes: 'openid email',
    allowedDomains: ['orbit.example'],
    roleClaim: 'groups',
    adminGroups: ['orbit-admins'],
    financeGroups: [],
    defaultRole: 'engineer',
    defaultProjectIds: [],
    enabled: true,
  });
  expect(sso.status).toBe(200);
  const lumenToken = await lumen.call<{ secret: string }>('POST', '/v1/api-tokens', {
    name: 'lumen admin',
    kind: 'personal',
    role: 'admin',
    projectIds: null,
    readOnly: false,
    expiresInDays: 30,
  });
  lumenBearer = lumenToken.body.secret;
  ids = {
    tokenId: token.body.token.id,
    sshKeyId: sshKey.body.id,
    invitationId: invitation.body.invitation.id,
    podId: pods.body.items.find((p) => p.status === 'running')!.id,
    projectId: projects.body.items[0]!.id,
    budgetId: budget.body.id,
    recommendationId: recommendations.body.items[0]!.id,
    userId: users.body.items.find((u) => u.id !== 'u-ines')!.id,
    // Anything that would show Orbit's data leaked into an answer to Lumen.
    secrets: [
      'org-orbit',
      'Orbit Robotics',
      '@orbit.example',
      token.body.token.id,
      token.body.secret,
      sshKey.body.id,
      invitation.body.invitation.id,
      invitation.body.secret,
      'new.hire@orbit.example',
      'orbit.example',
      'login.orbit.example',
      'orbit-sso-secret',
      ...pods.body.items.map((p) => p.id),
      ...projects.body.items.flatMap((p) => [p.id, p.name]),
      ...users.body.items.flatMap((u) => [u.id, u.name]),
      budget.body.id === 'bgt-default-org' ? '' : budget.body.id,
    ].filter(Boolean),
  };
});

afterAll(() => server?.close());

/** Bodies that name Orbit's things where an operation takes an id in its body. */
function bodyFor(method: string, template: string): unknown {
  const launch = {
    name: 'cross-tenant',
    projectId: ids.projectId,
    gpuTypeId: 'l4',
    gpuCount: 1,
    regionId: 'ca-mtl-1',
    imageId: 'pytorch-2.9-cuda12.8',
    diskGb: 100,
    autoStopIdleMinutes: null,
    sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf me@laptop',
    replacesPodId: ids.podId,
  };
  const bodies: Record<string, unknown> = {
    'POST /v1/pods': launch,
    'POST /v1/budgets': { projectId: ids.projectId, amountCents: 100, thresholdsPercent: [50], policy: 'block-launches' },
    'POST /v1/simulation/act-as': { userId: ids.userId },
    'POST /v1/auth/sign-in': { email: 'ines@orbit.example', password: 'wrong' },
    'PATCH /v1/pods/{podId}': { autoStopIdleMinutes: 30 },
    'POST /v1/pods/{podId}/terminate': { confirmName: 'x' },
    'POST /v1/pods/{podId}/keep-running': { snoozeMinutes: 30 },
    'PUT /v1/budgets/{budgetId}': { amountCents: 100, thresholdsPercent: [50], policy: 'notify' },
    'PUT /v1/egress/thresholds/{projectId}': { warningThresholdPercent: 50 },
    'POST /v1/recommendations/{recommendationId}/dismiss': { reason: 'already-handled' },
    'POST /v1/recommendations/{recommendationId}/snooze': { days: 7 },
    'POST /v1/simulation/advance': { durationMs: 60_000 },
    'POST /v1/api-tokens': {
      name: 'cross-tenant',
      kind: 'personal',
      role: 'admin',
      projectIds: [ids.projectId],
      readOnly: false,
      expiresInDays: 1,
    },
    'PATCH /v1/members/{userId}': { role: 'admin' },
    'PUT /v1/sso': {
      issuer: 'https://login.lumen.example',
      clientId: 'lumen',
      scopes: 'openid email',
      allowedDomains: ['orbit.example'],
      roleClaim: 'groups',
      adminGroups: [],
      financeGroups: [],
      defaultRole: 'engineer',
      defaultProjectIds: [],
      enabled: true,
    },
    'POST /v1/capacity-watches': { gpuTypeId: 'l4', regionId: 'ca-mtl-1' },
    'POST /v1/ssh-keys': {
      name: 'cross-tenant',
      publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf cross@tenant',
    },
  };
  return bodies[`${method} ${template}`] ?? (method === 'GET' || method === 'DELETE' ? undefined : {});
}

/** Query parameters of an operation that take an id, filled with Orbit's. */
function queryFor(template: string, method: string): string {
  const op = contract.find(method, template.replace(/\{[^}]+\}/g, 'x'))?.operation;
  const names = new Set((op?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
  const q = new URLSearchParams();
  if (names.has('projectId')) q.set('projectId', ids.projectId);
  if (names.has('ownerId')) q.set('ownerId', ids.userId);
  if (names.has('podId')) q.set('podId', ids.podId);
  if (names.has('scopeId')) {
    q.set('scope', 'project');
    q.set('scopeId', ids.projectId);
  }
  if (names.has('by')) q.set('by', 'project');
  if (names.has('key')) q.set('key', ids.projectId);
  return q.size > 0 ? `?${q}` : '';
}

const PATH_IDS: Record<string, () => string> = {
  podId: () => ids.podId,
  projectId: () => ids.projectId,
  budgetId: () => ids.budgetId,
  recommendationId: () => ids.recommendationId,
  id: () => ids.tokenId,
  keyId: () => ids.sshKeyId,
  userId: () => ids.userId,
  invitationId: () => ids.invitationId,
};

/** The other organization's things an answer names, beyond the ids the request itself sent (a 404 may repeat those). */
function leaks(body: unknown, sent = ''): string[] {
  const text = JSON.stringify(body ?? null);
  return ids.secrets.filter((s) => text.includes(s) && !sent.includes(s));
}

type Caller = ApiClient['call'];

/** A call with the token alone, as a script makes it. */
const withToken =
  (secret: string): Caller =>
  async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}/api${path}`, {
      method,
      redirect: 'manual',
      headers: { authorization: `Bearer ${secret}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
  };

/** Every operation but sign-out, with Orbit's ids wherever one is taken; what each answered. */
async function tryEveryOperation(call: Caller, idempotencyKey: string): Promise<string[]> {
  const operations = contract.operations();
  expect(operations.length).toBeGreaterThan(40);
  const outcomes: string[] = [];
  for (const operation of operations) {
    const [method = '', template = ''] = operation.split(' ');
    if (template === '/v1/auth/sign-out') continue; // ends the caller's own session; tried last
    const pathIds = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
    const path =
      template.replace(/\{([^}]+)\}/g, (_, name: string) => PATH_IDS[name]?.() ?? '2026-10') +
      (method === 'GET' ? queryFor(template, method) : '');
    const body = bodyFor(method, template);
    const headers: Record<string, string> = template === '/v1/pods' && method === 'POST' ? { 'Idempotency-Key': idempotencyKey } : {};
    const res = await call(method, path, body, headers);
    const tenantIdInPath = pathIds.some((n) => n in PATH_IDS);
    const tenantIdInBody = JSON.stringify(body ?? {})
      .split('"')
      .some((s) => ids.secrets.includes(s));
    outcomes.push(`${operation} → ${res.status}`);
    expect(res.status, `${operation}: no server error`).toBeLessThan(500);
    if (tenantIdInPath) expect([403, 404], `${operation} with another organization's id`).toContain(res.status);
    else if (tenantIdInBody && template !== '/v1/auth/sign-in')
      expect(res.status, `${operation} naming another organization's things`).toBeGreaterThanOrEqual(400);
    expect(
      leaks(res.body, res.status >= 400 ? `${path} ${JSON.stringify(body ?? null)}` : ''),
      `${operation} answered something of the other organization`,
    ).toEqual([]);
  }
  expect(outcomes.length).toBe(operations.length - 1);
  return outcomes;
}

describe('one organization cannot read or change another’s data', () => {
  it('tries every operation of the contract with the other organization’s ids', async () => {
    const before = await orbitRows();
    // With an API token first (its signed-in session still open), then signed in.
    await tryEveryOperation(withToken(lumenBearer), 'cross-tenant-token');
    await tryEveryOperation(lumen.call.bind(lumen), 'cross-tenant-1');
    // Signing out ends only the caller's own session.
    expect((await lumen.call('POST', '/v1/auth/sign-out')).status).toBe(204);
    expect((await orbit.call('GET', '/v1/session')).status).toBe(200);
    expect(await orbitRows()).toBe(before);
  });

  it('seeds two organizations whose ids share nothing', async () => {
    const rows = await server.db.query<{ org_id: string; id: string }>(
      'SELECT org_id, id FROM users UNION ALL SELECT org_id, id FROM projects UNION ALL SELECT org_id, id FROM pods',
    );
    const byId = new Map<string, Set<string>>();
    for (const r of rows) byId.set(r.id, (byId.get(r.id) ?? new Set()).add(r.org_id));
    expect([...byId].filter(([, orgs]) => orgs.size > 1).map(([id]) => id)).toEqual([]);
    expect(TENANTS.map((t) => t.organization.name)).toEqual(['Lumen AI', 'Orbit Robotics']);
  });

  it('keeps the other organization out of every list the first one sees', async () => {
    const maya = await server.signIn('maya@lumen.example');
    for (const path of [
      '/v1/pods?limit=500',
      '/v1/users',
      '/v1/projects',
      '/v1/budgets',
      '/v1/budgets/alerts',
      '/v1/recommendations',
      '/v1/utilization/idle-now',
      '/v1/overview',
      '/v1/audit-log?limit=500',
      '/v1/api-tokens',
      '/v1/ssh-keys',
      '/v1/capacity-watches',
    ]) {
      const res = await maya.call('GET', path);
      expect(res.status, path).toBe(200);
      expect(leaks(res.body), path).toEqual([]);
    }
  });
});
