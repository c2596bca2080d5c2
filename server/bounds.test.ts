/**
 * Bounds on every input: a string over the contract's maxLength, an array over its maxItems or
 * an integer out of range answers 400 naming the field, before the cloud sees it; a body over
 * the server's limit (256 KiB, server/app.ts) answers 413 before it is read. One engineer's
 * forty 240 KB SSH-key comments are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { startTestServer, type TestServer } from './testing/harness';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

interface ProblemBody {
  type: string;
  status: number;
  errors?: Array<{ field: string; message: string }>;
}

const launch = {
  name: 'bounded',
  projectId: 'p-vision',
  gpuTypeId: 'l4',
  gpuCount: 1,
  regionId: 'ca-mtl-1',
  imageId: 'pytorch-2.9-cuda12.8',
  diskGb: 100,
  autoStopIdleMinutes: 30,
  sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf me@laptop',
};

/**
 * A POST on a connection of its own (the server answers an oversized body without reading it and
 * closes the connection, which a pooled keep-alive client would try to reuse). `chunks` without
 * a Content-Length: the body is streamed.
 */
function post(path: string, headers: Record<string, string>, body: string | string[]): Promise<{ status: number; type: string; body: unknown }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(`${server.url}/api${path}`, { method: 'POST', agent: false, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      answered = true;
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: text ? JSON.parse(text) : undefined }));
      res.on('error', reject);
    });
    // The server may answer and close while the rest of the body is still being written: an
    // error writing is a failure only if no answer follows.
    req.on('error', (e) => setTimeout(() => answered || reject(e), 1000));
    if (typeof body === 'string') req.end(body);
    else {
      for (const chunk of body) req.write(chunk);
      req.end();
    }
  });
}

describe('bounds on every input', () => {
  it('refuses a 240 KB SSH key comment with 400 naming sshPublicKey, and launches nothing', async () => {
    const ana = await server.signIn('ana@lumen.example');
    const before = (await ana.call<{ total: number }>('GET', '/v1/pods?limit=1')).body.total;
    const key = `${launch.sshPublicKey} ${'x'.repeat(240 * 1024)}`;
    const res = await ana.call<ProblemBody>('POST', '/v1/pods', { ...launch, sshPublicKey: key }, { 'Idempotency-Key': 'bounds-1' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.errors).toEqual([{ field: 'sshPublicKey', message: 'Must NOT have more than 16384 characters.' }]);
    expect((await ana.call<{ total: number }>('GET', '/v1/pods?limit=1')).body.total).toBe(before);
    // the key is not kept against its Idempotency-Key either: the same key launches once fixed
    expect((await ana.call('POST', '/v1/pods', launch, { 'Idempotency-Key': 'bounds-1' })).status).toBe(201);
  });

  it('names the field for an over-long string in a body, a query and a path', async () => {
    const maya = await server.signIn('maya@lumen.example');
    const name = await maya.call<ProblemBody>('POST', '/v1/pods', { ...launch, name: 'x'.repeat(64) }, { 'Idempotency-Key': 'bounds-2' });
    expect(name.status).toBe(400);
    expect(name.body.errors?.map((e) => e.field)).toEqual(['name']);
    const search = await maya.call<ProblemBody>('GET', `/v1/pods?q=${'a'.repeat(201)}`);
    expect(search.status).toBe(400);
    expect(search.body.errors?.map((e) => e.field)).toEqual(['q']);
    const cursor = await maya.call<ProblemBody>('GET', `/v1/pods?cursor=${'A'.repeat(513)}`);
    expect(cursor.body.errors?.map((e) => e.field)).toEqual(['cursor']);
    const pod = await maya.call<ProblemBody>('GET', `/v1/pods/pod-${'9'.repeat(200)}`);
    expect(pod.status).toBe(400);
    expect(pod.body.errors?.map((e) => e.field)).toEqual(['podId']);
    const note = await maya.call<ProblemBody>('POST', '/v1/recommendations/rec-any/dismiss', { reason: 'other', note: 'n'.repeat(501) });
    expect(note.body.errors?.map((e) => e.field)).toEqual(['note']);
  });

  it('names the field for too many items and an integer out of range', async () => {
    const oskar = await server.signIn('oskar@lumen.example');
    const thresholds = await oskar.call<ProblemBody>('POST', '/v1/budgets', { projectId: null, amountCents: 100_000, thresholdsPercent: [10, 20, 30, 40, 50, 60, 70], policy: 'notify' });
    expect(thresholds.status).toBe(400);
    expect(thresholds.body.errors?.map((e) => e.field)).toEqual(['thresholdsPercent']);
    const amount = await oskar.call<ProblemBody>('POST', '/v1/budgets', { projectId: null, amountCents: 2 ** 60, thresholdsPercent: [80], policy: 'notify' });
    expect(amount.status).toBe(400);
    expect(amount.body.errors?.[0]?.field).toBe('amountCents');
    const statuses = await oskar.call<ProblemBody>('GET', `/v1/pods?${Array.from({ length: 9 }, () => 'status=running').join('&')}`);
    expect(statuses.body.errors?.map((e) => e.field)).toEqual(['status']);
  });

  it('lists at most 100 field errors, however many fields a body gets wrong', async () => {
    const maya = await server.signIn('maya@lumen.example');
    const junk = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`extra${i}`, i]));
    const res = await maya.call<ProblemBody>('POST', '/v1/budgets', { projectId: null, amountCents: 100_000, thresholdsPercent: [80], policy: 'notify', ...junk });
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(100);
  });

  it('answers 413 problem+json to a 2 MiB body, before reading it, and still serves the next request', async () => {
    const maya = await server.signIn('maya@lumen.example');
    const headers = { cookie: maya.cookie, 'X-CSRF-Token': maya.csrf, 'content-type': 'application/json' };
    const body = JSON.stringify({ ...launch, sshPublicKey: 'k'.repeat(2 * 1024 * 1024) });
    const res = await post('/v1/pods', { ...headers, 'Idempotency-Key': 'bounds-3', 'content-length': String(Buffer.byteLength(body)) }, body);
    expect(res.status).toBe(413);
    expect(res.type).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status: 413, type: 'https://northlight.example/problems/too-large' });
    // without a Content-Length (a streamed body), the limit holds as the bytes arrive
    const streamed = await post('/v1/budgets', headers, Array.from({ length: 8 }, () => 'x'.repeat(256 * 1024)));
    expect(streamed.status).toBe(413);
    // just under the limit is read (and judged by the contract)
    const under = await maya.call<ProblemBody>('POST', '/v1/pods', { ...launch, sshPublicKey: 'k'.repeat(250 * 1024) }, { 'Idempotency-Key': 'bounds-4' });
    expect(under.status).toBe(400);
    expect(under.body.errors?.map((e) => e.field)).toEqual(['sshPublicKey']);
    expect((await maya.call('GET', '/v1/session')).status).toBe(200);
  });
});
