/** Notifications (cloud/notifications.ts): who gets what, once, on the channels they keep; through the contract-checked test API. */
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../api/client';
import { resetTestCloud, testCloud } from '../testing/server';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from '../domain/units';
import { budgetRecipients, MAX_KEPT_PER_USER, notify } from './notifications';

const api = createApiClient('http://localhost/api');

async function actAs(userId: string) {
  await api.POST('/v1/simulation/act-as', { body: { userId } });
}

const state = () => testCloud().context.state;
const of = (userId: string) => (state().notifications ?? []).filter((n) => n.userId === userId);
const emailsOf = (userId: string) => (state().notificationOutbox ?? []).filter((n) => n.userId === userId);

beforeEach(() => resetTestCloud());

describe('notifications: who gets what', { timeout: 60_000 }, () => {
  it('tells admins, finance and every engineer that the organization’s budget acts, and each owner which of their pods it stopped; engineers without the amounts', async () => {
    await api.POST('/v1/simulation/reset', { body: { scenario: 'startup' } });
    await api.POST('/v1/simulation/advance', { body: { durationMs: MS_PER_DAY } });
    // One more read runs the reconcilers at the new time.
    await api.GET('/v1/budgets/acting');
    const s = state();
    const admins = s.users.filter((u) => u.role === 'admin');
    const finance = s.users.filter((u) => u.role === 'finance');
    const engineers = s.users.filter((u) => u.role === 'engineer');
    for (const u of [...admins, ...finance, ...engineers]) expect(of(u.id).some((n) => n.kind === 'budget.acting' && n.eventId.startsWith('budget-alert:')), u.id).toBe(true);
    // Thresholds below 100 % are for those who see the amounts (an organization budget has no project's engineers).
    for (const u of engineers) expect(of(u.id).some((n) => n.kind === 'budget.threshold'), u.id).toBe(false);
    for (const u of [...admins, ...finance]) expect(of(u.id).some((n) => n.kind === 'budget.threshold')).toBe(true);
    for (const u of engineers) for (const n of of(u.id).filter((x) => x.kind.startsWith('budget.'))) expect(n.body, n.eventId).not.toMatch(/\$/);
    expect(of(admins[0]!.id).find((n) => n.kind === 'budget.acting')!.body).toMatch(/\$/);

    // Each pod the policy stopped: its owner, and no one else.
    const stopped = s.auditLog!.filter((e) => e.action === 'budget.policy-stop');
    expect(stopped.length).toBeGreaterThan(0);
    for (const e of stopped) {
      const pod = s.pods.find((p) => p.id === e.targetId)!;
      const told = (s.notifications ?? []).filter((n) => n.eventId.startsWith(`policy-stop:${pod.id}:`));
      expect(told.map((n) => n.userId)).toEqual([pod.ownerId]);
      expect(told[0]!.link).toBe(`/pods/${pod.id}`);
    }

    // The same API answers each person their own, newest first, with the unread count.
    await actAs('u-ana');
    const page = (await api.GET('/v1/notifications', { params: { query: { limit: 2 } } })).data!;
    expect(page.unreadCount).toBe(of('u-ana').length);
    expect(page.items.length).toBe(Math.min(2, of('u-ana').length));
    expect(page.items.every((n) => of('u-ana').some((m) => m.id === n.id))).toBe(true);
    // ...and the banner's answer says what acts on her projects.
    expect((await api.GET('/v1/budgets/acting')).data!.items.map((b) => b.scopeName)).toEqual(['Blitzscale AI']);
  });

  it('tells a project budget’s threshold to admins, finance and that project’s engineers only', async () => {
    const s = state();
    const project = s.projects[0]!;
    const res = await api.POST('/v1/budgets', { body: { projectId: project.id, amountCents: 100, thresholdsPercent: [50], policy: 'notify' } });
    expect(res.response.status).toBe(201);
    const told = new Set((s.notifications ?? []).filter((n) => n.kind === 'budget.threshold').map((n) => n.userId));
    const expected = s.users.filter((u) => u.role !== 'engineer' || project.memberIds.includes(u.id)).map((u) => u.id);
    expect([...told].sort()).toEqual([...expected].sort());
    expect(budgetRecipients(s, project.id, false).map((u) => u.id).sort()).toEqual([...expected].sort());
    // E-mail too, to each one's address.
    for (const id of expected) expect(emailsOf(id).find((e) => e.kind === 'budget.threshold')?.to).toBe(s.users.find((u) => u.id === id)!.email);
  });

  it('tells a pod’s owner once that it is idle with its stop scheduled, then that auto-stop stopped it', async () => {
    // Minute by minute for six hours: the reconcilers run each time; the idle notice comes once per countdown.
    for (let i = 0; i < 36; i++) {
      await api.POST('/v1/simulation/advance', { body: { durationMs: 10 * MS_PER_MINUTE } });
      await api.GET('/v1/notifications');
    }
    const s = state();
    const autoStops = s.auditLog!.filter((e) => e.action === 'pod.auto-stop');
    expect(autoStops.length).toBeGreaterThan(0);
    for (const e of autoStops) {
      const told = (s.notifications ?? []).filter((n) => n.eventId === `auto-stop:${e.targetId}:${e.atMs}`);
      expect(told.map((n) => n.userId)).toEqual([e.targetOwnerId]);
    }
    const idle = (s.notifications ?? []).filter((n) => n.kind === 'pod.idle');
    expect(idle.length).toBeGreaterThan(0);
    const keys = idle.map((n) => `${n.eventId}|${n.userId}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const n of idle) expect(n.userId).toBe(s.pods.find((p) => `/pods/${p.id}` === n.link)!.ownerId);
  });

  it('keeps to each person’s choices per kind and channel', async () => {
    const s = state();
    const project = s.projects[0]!;
    const engineer = s.users.find((u) => u.role === 'engineer' && project.memberIds.includes(u.id))!;
    await actAs(engineer.id);
    const prefs = await api.PUT('/v1/notification-preferences', { body: { items: [{ kind: 'budget.threshold', email: false }] } });
    expect(prefs.data!.items.find((i) => i.kind === 'budget.threshold')).toMatchObject({ console: true, email: false, webhook: true });
    expect((await api.GET('/v1/notification-preferences')).data!.items.find((i) => i.kind === 'pod.idle')).toMatchObject({ console: true, email: true });
    await api.PUT('/v1/notification-preferences', { body: { items: [{ kind: 'budget.threshold', console: false }] } });
    await actAs(s.users.find((u) => u.role === 'admin')!.id);
    await api.POST('/v1/budgets', { body: { projectId: project.id, amountCents: 100, thresholdsPercent: [50], policy: 'notify' } });
    expect(of(engineer.id).filter((n) => n.kind === 'budget.threshold')).toEqual([]);
    expect(emailsOf(engineer.id).filter((n) => n.kind === 'budget.threshold')).toEqual([]);
    const other = s.users.find((u) => u.role === 'finance')!;
    expect(of(other.id).filter((n) => n.kind === 'budget.threshold')).toHaveLength(1);
  });

  it('marks read, pages by cursor, and never shows one person another’s', async () => {
    const ctx = testCloud().context;
    const [a, b] = ctx.state.users;
    for (let i = 0; i < 5; i++) notify(ctx, { eventId: `test:${i}`, kind: 'pod.idle', atMs: ctx.now() - i * MS_PER_HOUR, title: `t${i}`, body: 'b', link: null, projectId: null }, [a!]);
    notify(ctx, { eventId: 'test:0', kind: 'pod.idle', atMs: ctx.now(), title: 'again', body: 'b', link: null, projectId: null }, [a!, b!]);
    expect(of(a!.id)).toHaveLength(5);
    expect(of(b!.id)).toHaveLength(1);
    await actAs(a!.id);
    const first = (await api.GET('/v1/notifications', { params: { query: { limit: 3 } } })).data!;
    expect(first.items.map((n) => n.title)).toEqual(['t0', 't1', 't2']);
    const second = (await api.GET('/v1/notifications', { params: { query: { limit: 3, cursor: first.nextCursor! } } })).data!;
    expect(second.items.map((n) => n.title)).toEqual(['t3', 't4']);
    expect(second.nextCursor).toBeNull();
    // b's id means nothing to a.
    const bs = of(b!.id)[0]!.id;
    expect((await api.POST('/v1/notifications/read', { body: { ids: [first.items[0]!.id, bs] } })).data).toEqual({ marked: 1, unreadCount: 4 });
    expect(of(b!.id)[0]!.readAtMs).toBeNull();
    expect((await api.GET('/v1/notifications', { params: { query: { unread: true } } })).data!.items).toHaveLength(4);
    expect((await api.POST('/v1/notifications/read', { body: { all: true } })).data).toEqual({ marked: 4, unreadCount: 0 });
    expect((await api.POST('/v1/notifications/read', { body: {} })).response.status).toBe(400);
  });

  it('keeps a person’s newest notifications only', () => {
    const ctx = testCloud().context;
    const a = ctx.state.users[0]!;
    for (let i = 0; i < MAX_KEPT_PER_USER + 10; i++) notify(ctx, { eventId: `bound:${i}`, kind: 'pod.idle', atMs: 1_000 + i, title: String(i), body: 'b', link: null, projectId: null }, [a]);
    expect(of(a.id)).toHaveLength(MAX_KEPT_PER_USER);
    expect(of(a.id)[0]!.title).toBe('10');
  });
});
