/**
 * GET /v1/pods by keyset cursor: walking every page with nextCursor lists each pod exactly once,
 * in the same order as one big offset page, for every sort key and both orders, with filters.
 */
import { describe, expect, it } from 'vitest';
import { createCloud, memoryStore } from '../service';
import type { Schemas } from '../api-types';
import { decodePodCursor, encodePodCursor } from './pods';

type PodList = Schemas['PodList'];
const SORTS = ['createdAt', 'name', 'status', 'costToDate', 'gpuCount'] as const;

function cloud() {
  return createCloud({ realNow: () => 0, store: memoryStore() });
}

async function list(c: ReturnType<typeof cloud>, params: Record<string, string | string[]>): Promise<{ status: number; body: PodList & Schemas['Problem'] }> {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const one of Array.isArray(v) ? v : [v]) query.append(k, one);
  const res = await c.handle({ method: 'GET', path: '/v1/pods', query, headers: new Headers(), body: undefined });
  return { status: res.status, body: res.body as PodList & Schemas['Problem'] };
}

/** Every page from the first, following nextCursor; the ids in the order they came. */
async function walk(c: ReturnType<typeof cloud>, params: Record<string, string | string[]>, limit: number): Promise<{ ids: string[]; pages: PodList[] }> {
  const pages: PodList[] = [];
  let cursor: string | null = null;
  do {
    const res = await list(c, { ...params, limit: String(limit), ...(cursor ? { cursor } : {}) });
    expect(res.status).toBe(200);
    pages.push(res.body);
    cursor = res.body.nextCursor;
    expect(pages.length).toBeLessThan(1000);
  } while (cursor !== null);
  return { ids: pages.flatMap((p) => p.items.map((i) => i.id)), pages };
}

describe('GET /v1/pods by cursor', () => {
  for (const sort of SORTS) {
    for (const order of ['asc', 'desc'] as const) {
      it(`lists every pod exactly once, sorted by ${sort} ${order}`, async () => {
        const c = cloud();
        const all = (await list(c, { sort, order, limit: '500' })).body;
        expect(all.total).toBeGreaterThan(20);
        expect(all.nextCursor).toBeNull();
        const { ids, pages } = await walk(c, { sort, order }, 7);
        expect(ids).toEqual(all.items.map((p) => p.id));
        expect(new Set(ids).size).toBe(all.total);
        // Each page says where it starts, as an offset page would.
        let before = 0;
        for (const page of pages) {
          expect(page.offset).toBe(before);
          expect(page.total).toBe(all.total);
          before += page.items.length;
        }
        expect(pages[pages.length - 1]?.nextCursor).toBeNull();
      });
    }
  }

  it('keeps the filters: only running pods of one project, each once', async () => {
    const c = cloud();
    const filters = { status: ['running', 'stopped'], projectId: 'p-vision', sort: 'gpuCount', order: 'desc' };
    const all = (await list(c, { ...filters, limit: '500' })).body;
    expect(all.total).toBeGreaterThan(3);
    const { ids } = await walk(c, filters, 2);
    expect(ids).toEqual(all.items.map((p) => p.id));
  });

  it('breaks ties by id: a cursor in the middle of equal sort values goes on after that pod', async () => {
    const c = cloud();
    const all = (await list(c, { sort: 'gpuCount', order: 'asc', limit: '500' })).body.items;
    const i = all.findIndex((p, k) => k > 0 && all[k - 1]!.gpuCount === p.gpuCount && all[k + 1]?.gpuCount === p.gpuCount);
    expect(i).toBeGreaterThan(0);
    const pod = all[i]!;
    const next = (await list(c, { sort: 'gpuCount', order: 'asc', limit: '3', cursor: encodePodCursor([pod.gpuCount, pod.id]) })).body;
    expect(next.items.map((p) => p.id)).toEqual(all.slice(i + 1, i + 4).map((p) => p.id));
    expect(next.offset).toBe(i + 1);
  });

  it('a page that ends on the last pod has no next cursor; offset paging gives cursors too', async () => {
    const c = cloud();
    const first = (await list(c, { limit: '10' })).body;
    expect(first.nextCursor).not.toBeNull();
    const byOffset = (await list(c, { offset: String(first.total - 10), limit: '10' })).body;
    expect(byOffset.items).toHaveLength(10);
    expect(byOffset.nextCursor).toBeNull();
    const fromOffsetCursor = (await list(c, { cursor: first.nextCursor!, limit: '10' })).body;
    expect(fromOffsetCursor.items.map((p) => p.id)).toEqual((await list(c, { offset: '10', limit: '10' })).body.items.map((p) => p.id));
  });

  it('encodes base64url of JSON [sortValue, id]', () => {
    const text = encodePodCursor([1_700_000_000_000, 'pod-a1']);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))).toEqual([1_700_000_000_000, 'pod-a1']);
    expect(decodePodCursor(text, 'createdAt')).toEqual([1_700_000_000_000, 'pod-a1']);
    expect(decodePodCursor(encodePodCursor(['llama-ft-3', 'pod-b2']), 'name')).toEqual(['llama-ft-3', 'pod-b2']);
  });

  it('refuses a cursor that does not decode, or one with offset, naming the field cursor', async () => {
    const c = cloud();
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const cursor of ['not a cursor!', 'e30', b64({ a: 1 }), b64([1]), b64([1, 2]), b64(['x', 'pod-1']), b64([1, '']), Buffer.from('[1,"pod').toString('base64url')]) {
      const res = await list(c, { cursor });
      expect(res.status, cursor).toBe(400);
      expect(res.body.errors?.[0]?.field).toBe('cursor');
    }
    // a name sort wants a name
    expect((await list(c, { sort: 'name', cursor: b64([12, 'pod-1']) })).status).toBe(400);
    const first = (await list(c, { limit: '5' })).body;
    const both = await list(c, { cursor: first.nextCursor!, offset: '5' });
    expect(both.status).toBe(400);
    expect(both.body.errors?.[0]?.field).toBe('cursor');
  });
});
