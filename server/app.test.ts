/**
 * The server's edges: requests that break the contract never reach the cloud, an answer that
 * breaks it becomes a logged 500 and changes nothing, and the console's files are served
 * beside the API (deep links get the page, the API keeps its own 404s).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { Contract, type ContractDocument } from './contract';
import { memoryLogger } from './log';
import { freshDatabase, startTestServer, type TestServer } from './testing/harness';

let server: TestServer;
let dist: string;
const BIG_SCRIPT = Array.from({ length: 200 }, (_, i) => `export const figure${i} = ${i};`).join('\n');

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'nl-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Northlight</title><div id="root"></div>');
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  // The build's Brotli copy (vite.config.ts, precompress) of a larger file.
  writeFileSync(join(dist, 'assets', 'big-abc123.js'), BIG_SCRIPT);
  writeFileSync(join(dist, 'assets', 'big-abc123.js.br'), brotliCompressSync(BIG_SCRIPT));
  server = await startTestServer({ staticDir: dist });
});
afterAll(async () => {
  await server?.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('requests against the contract', () => {
  it('answers 400 with the fields named, before the cloud sees the request', async () => {
    const maya = await server.signIn('maya@lumen.example');
    const launch = await maya.call<{ errors: Array<{ field: string }> }>('POST', '/v1/pods', { name: 'x', gpuCount: 'two', surprise: true }, { 'Idempotency-Key': 'k' });
    expect(launch.status).toBe(400);
    expect(launch.body.errors.map((e) => e.field)).toEqual(expect.arrayContaining(['projectId', 'gpuCount', 'surprise']));
    const page = await maya.call<{ errors: Array<{ field: string; message: string }> }>('GET', '/v1/pods?limit=501');
    expect(page.body.errors).toEqual([{ field: 'limit', message: 'Must be <= 500.' }]);
    const status = await maya.call<{ errors: Array<{ field: string }> }>('GET', '/v1/pods?status=running&status=asleep');
    expect(status.body.errors[0]?.field).toBe('status');
    expect((await maya.call('POST', '/v1/budgets', undefined)).status).toBe(400);
    const notJson = await fetch(`${server.url}/api/v1/budgets`, { method: 'POST', headers: { cookie: maya.cookie, 'X-CSRF-Token': maya.csrf, 'content-type': 'text/plain' }, body: 'amount=1' });
    expect(notJson.status).toBe(415);
    const broken = await fetch(`${server.url}/api/v1/budgets`, { method: 'POST', headers: { cookie: maya.cookie, 'X-CSRF-Token': maya.csrf, 'content-type': 'application/json' }, body: '{"amountCents":' });
    expect(broken.status).toBe(400);
    expect(broken.headers.get('content-type')).toBe('application/problem+json');
  });

  it('turns an answer that breaks the contract into a logged 500 and keeps the change out', async () => {
    // A stricter contract than the cloud keeps: a threshold answer must say it is at least 99%.
    const doc = structuredClone(Contract.fromFile().doc) as ContractDocument & { components: { schemas: Record<string, { properties: Record<string, { minimum?: number }> }> } };
    doc.components.schemas.EgressProjectMeter!.properties.warningThresholdPercent!.minimum = 99;
    const log = memoryLogger();
    const db = await freshDatabase();
    const strict = await startTestServer({ db, contract: new Contract(doc), log });
    try {
      const maya = await strict.signIn('maya@lumen.example');
      const res = await maya.call<{ status: number; title: string }>('PUT', '/v1/egress/thresholds/p-llm', { warningThresholdPercent: 60 });
      expect(res.status).toBe(500);
      expect(res.body.title).toBe('Internal error');
      expect(log.lines.some((l) => l.level === 'error' && l.message === 'answer broke the API contract')).toBe(true);
      expect(await db.query("SELECT * FROM egress_thresholds WHERE org_id = 'org-lumen'")).toEqual([]);
    } finally {
      await strict.close();
      await db.close();
    }
  });

  it('answers unknown API paths and methods as problems', async () => {
    const maya = await server.signIn('maya@lumen.example');
    expect((await maya.call('GET', '/v1/nowhere')).status).toBe(404);
    expect((await maya.call('DELETE', '/v1/overview')).status).toBe(405);
    expect((await server.client().call('GET', '/elsewhere')).status).toBe(404);
  });
});

describe('the console beside the API', () => {
  it('serves the files, the page for client-side routes, and caches only hashed assets', async () => {
    const page = await fetch(`${server.url}/pods/pod-123`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const asset = await fetch(`${server.url}/assets/index-abc123.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${server.url}/api/v1/session`)).status).toBe(401);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("serves the build's Brotli copy to a browser that accepts it, and the file itself to one that does not", async () => {
    const br = await fetch(`${server.url}/assets/big-abc123.js`, { headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(Number(br.headers.get('content-length'))).toBeLessThan(BIG_SCRIPT.length / 4);
    expect(await br.text()).toBe(BIG_SCRIPT);
    const plain = await fetch(`${server.url}/assets/big-abc123.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(BIG_SCRIPT);
  });
});
