/** Capacity watches (ops/capacity-watches.ts) through the contract-checked test API: told once when GPUs free up, then the watch ends. */
import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../api/client';
import { testCloud } from '../../testing/server';
import { MS_PER_MINUTE } from '../../domain/units';
import { CAPACITY_WATCHES_PER_USER_MAX, reconcileCapacityWatchesNow } from './capacity-watches';

const api = createApiClient('http://localhost/api');
const actAs = (userId: string) => api.POST('/v1/simulation/act-as', { body: { userId } });
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf me@laptop';

/** Montréal keeps 4 B200s (brand.config.ts): two pods of 2 take them all. */
async function launchB200(name: string, gpuCount: number) {
  const body = { name, projectId: 'p-vision', gpuTypeId: 'b200', gpuCount, regionId: 'ca-mtl-1', imageId: 'pytorch-2.9-cuda12.8', diskGb: 100, autoStopIdleMinutes: null, sshPublicKey: KEY };
  return api.POST('/v1/pods', { params: { header: { 'Idempotency-Key': crypto.randomUUID() } }, body });
}

const capacityNotices = async (userId: string) => {
  await actAs(userId);
  const page = (await api.GET('/v1/notifications', { params: { query: { limit: 200 } } })).data!;
  return page.items.filter((n) => n.kind === 'capacity.available');
};

describe('capacity watches', () => {
  it('tells the watcher once, and no one else, when enough GPUs of the watched type are free in the region; then the watch is gone', async () => {
    // As the admin: every B200 in Montréal taken, the next launch refused.
    const first = await launchB200('b200-a', 2);
    const second = await launchB200('b200-b', 2);
    expect([first.response.status, second.response.status]).toEqual([201, 201]);
    const refused = await launchB200('b200-c', 1);
    expect(refused.response.status).toBe(409);
    expect(refused.error?.type).toMatch(/no-capacity$/);

    await actAs('u-ana');
    const made = await api.POST('/v1/capacity-watches', { body: { gpuTypeId: 'b200', regionId: 'ca-mtl-1', gpuCount: 4 } });
    expect(made.response.status).toBe(201);
    expect(made.data).toMatchObject({ gpuTypeId: 'b200', regionId: 'ca-mtl-1', gpuCount: 4 });
    // Asking again answers the same watch.
    const again = await api.POST('/v1/capacity-watches', { body: { gpuTypeId: 'b200', regionId: 'ca-mtl-1', gpuCount: 4 } });
    expect(again.response.status).toBe(200);
    expect(again.data?.id).toBe(made.data?.id);
    expect((await api.GET('/v1/capacity-watches')).data?.items.map((w) => w.id)).toEqual([made.data!.id]);

    // Two GPUs free are not the four she asked for: nothing yet, the watch stays.
    await actAs('u-maya');
    expect((await api.POST('/v1/pods/{podId}/stop', { params: { path: { podId: first.data!.id } } })).response.status).toBe(200);
    await api.POST('/v1/simulation/advance', { body: { durationMs: 2 * MS_PER_MINUTE } });
    expect(await capacityNotices('u-ana')).toEqual([]);
    expect((await api.GET('/v1/capacity-watches')).data?.items).toHaveLength(1);

    // All four free: told once.
    await actAs('u-maya');
    expect((await api.POST('/v1/pods/{podId}/terminate', { params: { path: { podId: second.data!.id } }, body: { confirmName: 'b200-b' } })).response.status).toBe(200);
    await api.POST('/v1/simulation/advance', { body: { durationMs: 2 * MS_PER_MINUTE } });
    const told = await capacityNotices('u-ana');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ eventId: `capacity:${made.data!.id}`, title: 'NVIDIA B200 (HGX) is available in Montréal', link: '/pods/new?gpuTypeId=b200&regionId=ca-mtl-1', read: false });
    expect(told[0]!.body).toMatch(/^4 NVIDIA B200 \(HGX\) GPUs are free in Montréal/);
    expect((await api.GET('/v1/capacity-watches')).data?.items).toEqual([]);
    // By e-mail too, to her address only.
    const emails = (testCloud().context.state.notificationOutbox ?? []).filter((o) => o.kind === 'capacity.available' && o.channel === 'email');
    expect(emails.map((o) => o.to)).toEqual(['ana@lumen.example']);

    // Nobody else hears of it, and later passes tell her nothing more.
    for (const other of ['u-maya', 'u-felix', 'u-oskar']) expect(await capacityNotices(other), other).toEqual([]);
    await api.POST('/v1/simulation/advance', { body: { durationMs: 5 * MS_PER_MINUTE } });
    expect(await capacityNotices('u-ana')).toHaveLength(1);
  });

  it('refuses unknown GPU types and regions, a pair not offered and impossible counts, each at its field', async () => {
    const post = (body: Record<string, unknown>) => api.POST('/v1/capacity-watches', { body: body as { gpuTypeId: string; regionId: string } });
    const fields = async (body: Record<string, unknown>) => {
      const res = await post(body);
      expect(res.response.status, JSON.stringify(body)).toBe(400);
      return res.error?.errors?.map((e) => e.field);
    };
    expect(await fields({ gpuTypeId: 'tpu-v9', regionId: 'ca-mtl-1' })).toEqual(['gpuTypeId']);
    expect(await fields({ gpuTypeId: 'b200', regionId: 'mars-1' })).toEqual(['regionId']);
    // Toronto offers no B200.
    expect(await fields({ gpuTypeId: 'b200', regionId: 'ca-tor-1' })).toEqual(['regionId']);
    expect(await fields({ gpuTypeId: 'b200', regionId: 'ca-mtl-1', gpuCount: 3 })).toEqual(['gpuCount']);
    // Montréal has 4 B200s in all: 8 are never free there.
    const never = await post({ gpuTypeId: 'b200', regionId: 'ca-mtl-1', gpuCount: 8 });
    expect(never.error?.errors?.[0]).toEqual({ field: 'gpuCount', message: expect.stringMatching(/Montréal has 4 NVIDIA B200 \(HGX\) in all/) });
    expect(await fields({ gpuTypeId: 'l4', regionId: 'ca-mtl-1', colour: 'red' })).toEqual(['colour']);
    expect((await api.GET('/v1/capacity-watches')).data?.items).toEqual([]);
  });

  it('lets no one remove another’s watch, and no one who may not launch make one', async () => {
    await actAs('u-ana');
    const mine = (await api.POST('/v1/capacity-watches', { body: { gpuTypeId: 'h200', regionId: 'ca-mtl-1' } })).data!;
    expect(mine.gpuCount).toBe(1);
    await actAs('u-maya');
    expect((await api.GET('/v1/capacity-watches')).data?.items).toEqual([]);
    const theirs = await api.DELETE('/v1/capacity-watches/{watchId}', { params: { path: { watchId: mine.id } } });
    expect(theirs.response.status).toBe(404);
    await actAs('u-oskar');
    expect((await api.POST('/v1/capacity-watches', { body: { gpuTypeId: 'h200', regionId: 'ca-mtl-1' } })).response.status).toBe(403);
    await actAs('u-ana');
    expect((await api.DELETE('/v1/capacity-watches/{watchId}', { params: { path: { watchId: mine.id } } })).response.status).toBe(204);
    expect((await api.GET('/v1/capacity-watches')).data?.items).toEqual([]);
  });

  it('keeps a person to 20 watches, and drops a removed member’s', async () => {
    await actAs('u-ana');
    const state = testCloud().context.state;
    const { offers } = await import('../catalog-data');
    for (const o of offers.slice(0, CAPACITY_WATCHES_PER_USER_MAX)) {
      expect((await api.POST('/v1/capacity-watches', { body: { gpuTypeId: o.gpuTypeId, regionId: o.regionId } })).response.status).toBe(201);
    }
    const extra = offers[CAPACITY_WATCHES_PER_USER_MAX]!;
    const over = await api.POST('/v1/capacity-watches', { body: { gpuTypeId: extra.gpuTypeId, regionId: extra.regionId } });
    expect(over.response.status).toBe(409);
    expect(over.error?.type).toMatch(/capacity-watch-limit$/);
    expect(state.capacityWatches).toHaveLength(CAPACITY_WATCHES_PER_USER_MAX);
    await actAs('u-maya');
    expect((await api.DELETE('/v1/members/{userId}', { params: { path: { userId: 'u-ana' } } })).response.status).toBe(204);
    expect(testCloud().context.state.capacityWatches ?? []).toEqual([]);
  });

  it('ends without a word the watch of someone no longer a member', () => {
    const ctx = testCloud().context;
    ctx.state.capacityWatches = [{ id: 'cw-gone', userId: 'u-nobody', gpuTypeId: 'l4', regionId: 'ca-mtl-1', gpuCount: 1, createdAtMs: ctx.state.anchorMs }];
    reconcileCapacityWatchesNow(ctx, ctx.now());
    expect(ctx.state.capacityWatches).toBeUndefined();
    expect((ctx.state.notifications ?? []).filter((n) => n.kind === 'capacity.available')).toEqual([]);
  });
});
