/**
 * The server holds a real customer: a 10,000-pod organization (the testing endpoint's large
 * preset) answers the first page of every list, a cursor's next page, one pod and the session by
 * reading a bounded number of rows, never the organization; and a tenant with huge rows costs
 * another tenant's reads nothing. Rows and bytes are counted at the database (query-counter.ts)
 * and, for the pages, in the plan (EXPLAIN ANALYZE); never wall-clock time. On PGlite, and on
 * PostgreSQL with TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countQueries, rowsScanned, type CountingDatabase, type QueryCount } from './query-counter';
import { TEST_ORGANIZATION_PASSWORD } from './test-organizations';
import { freshDatabase, startTestServer, type ApiClient, type TestServer } from './testing/harness';

let db: CountingDatabase;
let server: TestServer;
let admin: ApiClient;
let engineer: ApiClient;
let orgId: string;

/** A page of pods as the contract has it. */
interface PodList {
  items: Array<{ id: string; status: string; name: string }>;
  total: number;
  offset: number;
  nextCursor: string | null;
}

beforeAll(async () => {
  db = countQueries(await freshDatabase());
  server = await startTestServer({ db, testOrganizations: true });
  const created = await server.client().call<{ organizationId: string; users: Array<{ email: string; role: string }> }>('POST', '/testing/organizations', { preset: 'large' });
  expect(created.status).toBe(201);
  orgId = created.body.organizationId;
  const email = (role: string) => created.body.users.find((u) => u.role === role)?.email ?? '';
  admin = await server.signIn(email('admin'), TEST_ORGANIZATION_PASSWORD);
  engineer = await server.signIn(email('engineer'), TEST_ORGANIZATION_PASSWORD);
}, 300_000);

afterAll(async () => {
  await server?.close();
  await db?.close();
});

/** A request with what it read from the database, and the statements that read pods. */
async function counted<T>(client: ApiClient, path: string): Promise<{ status: number; body: T; read: QueryCount; podStatements: ReturnType<CountingDatabase['statements']> }> {
  db.reset();
  const res = await client.call<T>('GET', path);
  const read = db.count();
  const podStatements = db.statements().filter((s) => /\bFROM pods\b/.test(s.text) && !/^\s*SELECT count\(\*\)/.test(s.text));
  return { status: res.status, body: res.body, read, podStatements };
}

/** The whole organization's pods as stored: what a request that loads it reads. */
async function organizationSize(id: string): Promise<{ rows: number; bytes: number }> {
  const [row] = await db.query<{ rows: number; bytes: number }>('SELECT count(*)::int AS rows, coalesce(sum(length(transitions::text) + length(ssh_public_key)), 0)::bigint AS bytes FROM pods WHERE org_id = $1', [id]);
  return { rows: Number(row?.rows), bytes: Number(row?.bytes) };
}

const MAX_ROWS = 200;
/** Fifty pods with their transitions are ~150 KB; the organization's pods are ~20 MB. */
const MAX_BYTES = 1_000_000;

describe('a 10,000-pod organization', () => {
  it('is that big', async () => {
    const size = await organizationSize(orgId);
    expect(size.rows).toBe(10_000);
    expect(size.bytes).toBeGreaterThan(10 * MAX_BYTES);
  });

  const lists = [
    '/v1/pods?limit=50',
    '/v1/pods?sort=name&limit=50',
    '/v1/pods?sort=name&order=asc&limit=50',
    '/v1/pods?order=asc&limit=50',
    '/v1/pods?status=running&limit=50',
    '/v1/pods?status=stopped&status=terminated&sort=name&limit=50',
    '/v1/pods?limit=50&offset=100',
    '/v1/pods?sort=status&limit=50',
    '/v1/pods?sort=costToDate&limit=50',
    '/v1/pods?sort=gpuCount&limit=50',
    '/v1/pods?q=llama&limit=50',
  ];
  for (const path of lists) {
    it(`answers GET ${path} with its first page from a bounded read`, async () => {
      const res = await counted<PodList>(admin, path);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      expect(res.body.total).toBeGreaterThan(res.body.items.length);
      expect(res.read.rows, JSON.stringify(res.read)).toBeLessThanOrEqual(MAX_ROWS);
      expect(res.read.bytes).toBeLessThan(MAX_BYTES);
      // The orders a list opens with are read from an index: the page's statement reads ~offset + limit rows.
      if (!/sort=(status|costToDate|gpuCount)|q=/.test(path)) {
        const page = res.podStatements.find((s) => /\bLIMIT\b/.test(s.text));
        expect(page).toBeDefined();
        expect(await rowsScanned(db, page!, 'pods', { underLimit: true })).toBeLessThanOrEqual(MAX_ROWS + 100);
      }
    });
  }

  it('totals a list from the stored pod counts, not by reading the pods (migration 015)', async () => {
    // The whole statement, total included: without a search, it reads the page's pods (and, with
    // a status filter, the pods not settled by now: scheduled stops, launches), never the organization.
    const cases: Array<[string, number]> = [
      ['/v1/pods?limit=50', MAX_ROWS + 100],
      ['/v1/pods?sort=name&order=asc&limit=50', MAX_ROWS + 100],
      ['/v1/pods?status=running&limit=50', 1_000],
      ['/v1/pods?status=stopped&status=terminated&sort=name&limit=50', 1_000],
    ];
    for (const [path, bound] of cases) {
      const res = await counted<PodList>(admin, path);
      expect(res.status).toBe(200);
      const page = res.podStatements.find((s) => /\bLIMIT\b/.test(s.text));
      expect(await rowsScanned(db, page!, 'pods'), path).toBeLessThanOrEqual(bound);
      expect(res.body.total).toBeGreaterThan(res.body.items.length);
    }
    // The totals are the pods' (every filter against the full path: direct-reads.test.ts).
    const everyone = await counted<PodList>(admin, '/v1/pods?limit=50');
    expect(everyone.body.total).toBe((await organizationSize(orgId)).rows);
    // An engineer's total counts their projects' pods only.
    const theirs = await counted<PodList>(engineer, '/v1/pods?limit=50');
    const [mine] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pods p WHERE p.org_id = $1 AND p.project_id IN (SELECT m.project_id FROM project_members m JOIN users u ON u.org_id = m.org_id AND u.id = m.user_id WHERE m.org_id = $1 AND u.role = 'engineer' AND u.email = $2)`,
      [orgId, (await engineer.call<{ user: { email: string } }>('GET', '/v1/session')).body.user.email],
    );
    expect(theirs.body.total).toBe(Number(mine?.n));
  });

  it('answers a cursor’s next page from a bounded read', async () => {
    for (const sort of ['createdAt', 'name']) {
      const first = await counted<PodList>(admin, `/v1/pods?sort=${sort}&limit=50`);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await counted<PodList>(admin, `/v1/pods?sort=${sort}&limit=50&cursor=${first.body.nextCursor}`);
      expect(second.status).toBe(200);
      expect(second.body.offset).toBe(50);
      expect(second.body.items.map((p) => p.id)).not.toContain(first.body.items[0]?.id);
      expect(second.read.rows).toBeLessThanOrEqual(MAX_ROWS);
      const page = second.podStatements.find((s) => /\bLIMIT\b/.test(s.text));
      expect(await rowsScanned(db, page!, 'pods', { underLimit: true })).toBeLessThanOrEqual(MAX_ROWS);
      // Its total and offset too: the pods up to the cursor are counted, not the 9,950 after it.
      expect(await rowsScanned(db, page!, 'pods'), `${sort}: the whole statement`).toBeLessThanOrEqual(MAX_ROWS);
      // The same page as by offset.
      const byOffset = await admin.call<PodList>('GET', `/v1/pods?sort=${sort}&limit=50&offset=50`);
      expect(second.body.items).toEqual(byOffset.body.items);
    }
  });

  it('answers an engineer’s list (their projects only) from a bounded read', async () => {
    const res = await counted<PodList>(engineer, '/v1/pods?limit=50');
    expect(res.status).toBe(200);
    expect(res.read.rows).toBeLessThanOrEqual(MAX_ROWS);
  });

  it('answers one pod and the session from a bounded read', async () => {
    const list = await admin.call<PodList>('GET', '/v1/pods?limit=3');
    const [a, b] = list.body.items;
    // The first pod page sets up the auto-stop watches of the organization once (a write, on the full path).
    expect((await admin.call('GET', `/v1/pods/${a!.id}`)).status).toBe(200);
    const pod = await counted<{ id: string }>(admin, `/v1/pods/${b!.id}`);
    expect(pod.status).toBe(200);
    expect(pod.body.id).toBe(b!.id);
    expect(pod.read.rows).toBeLessThanOrEqual(MAX_ROWS);
    expect(pod.read.bytes).toBeLessThan(MAX_BYTES);
    const session = await counted<{ user: { role: string } }>(admin, '/v1/session');
    expect(session.status).toBe(200);
    expect(session.body.user.role).toBe('admin');
    expect(session.read.rows).toBeLessThanOrEqual(MAX_ROWS);
    // No statement selects a pod (the one that looks at pods checks for rows written before migration 003).
    expect(session.podStatements.filter((s) => /\btransitions\b/.test(s.text))).toEqual([]);
  }, 240_000);
});

describe('a tenant with huge rows', () => {
  it('costs another tenant’s reads not one row or byte', async () => {
    const ines = await server.signIn('ines@orbit.example');
    const reads = ['/v1/session', '/v1/pods?limit=50', '/v1/users', '/v1/projects'];
    const before: QueryCount[] = [];
    for (const path of reads) before.push((await counted(ines, path)).read);
    // Forty 240 KB SSH keys (their comments) on Lumen's pods, and forty people with 240 KB names.
    const huge = `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf ${'x'.repeat(240_000)}`;
    const same = ['project_id', 'owner_id', 'gpu_type_id', 'gpu_count', 'region_id', 'image_id', 'disk_gb', 'auto_stop_idle_minutes', 'archetype', 'seed', 'rate_micro_usd_per_gpu_hour',
      'disk_micro_usd_per_hour', 'gpu_count_history', 'transitions', 'extra', 'settled_at_ms', 'settled_status', 'cost_fixed_cents', 'hour_running_ms', 'gpu_count_after', 'runs_after',
      'day_existing_ms', 'exists_after'];
    await db.query(
      `INSERT INTO pods (org_id, id, name, ssh_public_key, created_at_ms, position, ${same.join(', ')})
       SELECT p.org_id, p.id || '-huge-' || n, p.name || '-h' || n, $1, p.created_at_ms + n, p.position + 1000 + n, ${same.map((c) => `p.${c}`).join(', ')}
       FROM (SELECT * FROM pods WHERE org_id = 'org-lumen' ORDER BY id LIMIT 1) p CROSS JOIN generate_series(1, 40) AS n`,
      [huge],
    );
    await db.query(
      `INSERT INTO users (org_id, id, name, email, role, position) SELECT 'org-lumen', 'u-huge-' || n, $1, 'huge' || n || '@lumen.example', 'engineer', 100 + n FROM generate_series(1, 40) AS n`,
      [huge],
    );
    const lumen = await server.signIn('maya@lumen.example');
    expect((await lumen.call<PodList>('GET', '/v1/pods?limit=50')).body.total).toBeGreaterThan(40);
    for (const [i, path] of reads.entries()) {
      const after = await counted(ines, path);
      expect(after.status).toBe(200);
      expect(after.read, `GET ${path}`).toEqual(before[i]);
    }
  }, 120_000);
});
