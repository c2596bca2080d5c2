/**
 * Reads keep their statements prepared (db.ts QueryOptions): the session lookup and every SELECT
 * of a direct read are sent with prepare, so PostgreSQL parses and plans them once per
 * connection (planning was a quarter of its time on a page of pods); writes, whose texts vary
 * with the rows they write, are not (each prepared text stays until its connection ends). On
 * PGlite, and on PostgreSQL with TEST_DATABASE_URL, where the statement is seen prepared.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countQueries, type CountingDatabase } from './query-counter';
import { freshDatabase, startTestServer, type ApiClient, type TestServer } from './testing/harness';

let db: CountingDatabase;
let server: TestServer;
let maya: ApiClient;

beforeAll(async () => {
  db = countQueries(await freshDatabase());
  server = await startTestServer({ db });
  maya = await server.signIn('maya@lumen.example');
}, 120_000);
afterAll(async () => {
  await server?.close();
  await db?.close();
});

describe('prepared statements', () => {
  it('keeps a statement prepared on its connection when asked, and only then', async () => {
    const seen = await db.transaction(async (tx) => {
      // One transaction: one connection, whose prepared statements PostgreSQL lists.
      const asked = await tx.query<{ x: number }>('SELECT $1::int + 1 AS x /* prepared */', [41], { prepare: true });
      const plain = await tx.query<{ x: number }>('SELECT $1::int + 2 AS x /* plain */', [40]);
      expect([asked[0]?.x, plain[0]?.x]).toEqual([42, 42]);
      if (!process.env.TEST_DATABASE_URL) return null; // PGlite has no connections to keep them on: same answers
      return (await tx.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements')).map((r) => r.statement);
    });
    if (seen) {
      expect(seen.some((s) => s.includes('/* prepared */'))).toBe(true);
      expect(seen.some((s) => s.includes('/* plain */'))).toBe(false);
    }
  });

  for (const path of ['/v1/pods?limit=20', '/v1/pods?status=running&sort=name&limit=20', '/v1/pods?sort=costToDate&limit=20', '/v1/audit-log?limit=20', '/v1/users', '/v1/session']) {
    it(`sends every SELECT of GET ${path} prepared`, async () => {
      await maya.call('GET', path); // a first read may catch the organization up (writes)
      db.reset();
      const res = await maya.call('GET', path);
      expect(res.status).toBe(200);
      const selects = db.statements().filter((s) => /^\s*(SELECT|WITH)\b/i.test(s.text));
      expect(selects.length).toBeGreaterThan(0);
      expect(selects.filter((s) => !s.prepared).map((s) => s.text.slice(0, 120))).toEqual([]);
    });
  }

  it('sends a write’s statements unprepared', async () => {
    const list = await maya.call<{ items: Array<{ id: string; status: string }> }>('GET', '/v1/pods?status=stopped&limit=1');
    const pod = list.body.items[0];
    expect(pod).toBeDefined();
    db.reset();
    const res = await maya.call('PATCH', `/v1/pods/${pod!.id}`, { autoStopIdleMinutes: 90 });
    expect(res.status).toBe(200);
    const writes = db.statements().filter((s) => /^\s*(INSERT|UPDATE|DELETE)\b/i.test(s.text));
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.filter((s) => s.prepared)).toEqual([]);
  });
});
