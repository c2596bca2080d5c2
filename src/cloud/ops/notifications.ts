/**
 * Notifications (cloud/notifications.ts): a person's own, newest first a page at a time with the
 * unread count; marking them read; and their choices per event kind and channel. Everyone sees
 * only their own: another person's notification does not exist for them.
 */
import type { Schemas } from '../api-types';
import { currentUser, type CloudContext } from '../context';
import { ok, type Route } from '../http';
import type { NotificationKind, NotificationPreferenceOverrides, NotificationRecord } from '../model';
import { DEFAULT_RECOMMENDATION_MIN_CENTS, KIND_LABEL, NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, preferenceOf } from '../notifications';
import { badRequest } from '../problem';

export const NOTIFICATIONS_PAGE_DEFAULT = 20;
export const NOTIFICATIONS_PAGE_MAX = 200;

const newestFirst = (a: NotificationRecord, b: NotificationRecord): number => b.atMs - a.atMs || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

export function notificationView(n: NotificationRecord): Schemas['Notification'] {
  return { id: n.id, eventId: n.eventId, kind: n.kind, at: new Date(n.atMs).toISOString(), title: n.title, body: n.body, link: n.link, projectId: n.projectId, read: n.readAtMs !== null };
}

function mine(ctx: CloudContext): NotificationRecord[] {
  const me = currentUser(ctx).id;
  return (ctx.state.notifications ?? []).filter((n) => n.userId === me);
}

function listNotifications(ctx: CloudContext, query: URLSearchParams): Schemas['NotificationPage'] {
  const cursor = query.get('cursor');
  const m = cursor ? /^(-?\d{1,16})\.(ntf-[a-z0-9-]{1,80})$/.exec(cursor) : null;
  if (cursor && !m) throw badRequest('The cursor is not one this API gave.', [{ field: 'cursor', message: 'Start from the first page again.' }]);
  const limit = Number(query.get('limit') ?? NOTIFICATIONS_PAGE_DEFAULT);
  if (!Number.isInteger(limit) || limit < 1 || limit > NOTIFICATIONS_PAGE_MAX) throw badRequest('limit is out of range.', [{ field: 'limit', message: `Ask for 1 to ${NOTIFICATIONS_PAGE_MAX}.` }]);
  const unreadOnly = query.get('unread') === 'true';
  const all = mine(ctx);
  const before = m ? { atMs: Number(m[1]), id: m[2] ?? '' } : null;
  const matching = all
    .filter((n) => (!unreadOnly || n.readAtMs === null) && (!before || n.atMs < before.atMs || (n.atMs === before.atMs && n.id < before.id)))
    .sort(newestFirst);
  const page = matching.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(notificationView),
    unreadCount: all.filter((n) => n.readAtMs === null).length,
    nextCursor: matching.length > limit && last ? `${last.atMs}.${last.id}` : null,
  };
}

function markRead(ctx: CloudContext, raw: unknown): Schemas['NotificationsRead'] {
  const body = (raw ?? {}) as { ids?: unknown; all?: unknown };
  const all = body.all === true;
  const ids = Array.isArray(body.ids) ? body.ids.filter((x): x is string => typeof x === 'string') : [];
  if (!all && ids.length === 0) throw badRequest('Say which notifications to mark read.', [{ field: 'ids', message: 'Give their ids, or all: true.' }]);
  const wanted = new Set(ids);
  const now = ctx.now();
  let marked = 0;
  const list = mine(ctx);
  for (const n of list) {
    if (n.readAtMs !== null || (!all && !wanted.has(n.id))) continue;
    n.readAtMs = now;
    marked++;
  }
  if (marked > 0) ctx.save();
  return { marked, unreadCount: list.filter((n) => n.readAtMs === null).length };
}

function preferencesView(ctx: CloudContext): Schemas['NotificationPreferences'] {
  const overrides = ctx.state.notificationPreferences?.[currentUser(ctx).id];
  return {
    items: NOTIFICATION_KINDS.map((kind) => ({
      kind,
      label: KIND_LABEL[kind],
      console: preferenceOf(overrides, kind, 'console'),
      email: preferenceOf(overrides, kind, 'email'),
      webhook: preferenceOf(overrides, kind, 'webhook'),
      ...(kind === 'recommendation.saving' ? { minMonthlySavingsCents: overrides?.[kind]?.minMonthlySavingsCents ?? DEFAULT_RECOMMENDATION_MIN_CENTS } : {}),
    })),
  };
}

function setPreferences(ctx: CloudContext, raw: unknown): Schemas['NotificationPreferences'] {
  const items = (raw as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) throw badRequest('items is required.', [{ field: 'items', message: 'Give a list of kinds with their channels.' }]);
  const me = currentUser(ctx).id;
  const overrides = { ...(ctx.state.notificationPreferences?.[me] ?? {}) };
  for (const [i, item] of items.entries()) {
    const it = item as Partial<Record<string, unknown>>;
    const kind = it.kind as NotificationKind;
    if (!NOTIFICATION_KINDS.includes(kind)) throw badRequest(`items[${i}].kind is not a notification kind.`, [{ field: `items[${i}].kind`, message: `One of ${NOTIFICATION_KINDS.join(', ')}.` }]);
    const next: NonNullable<NotificationPreferenceOverrides[NotificationKind]> = { ...(overrides[kind] ?? {}) };
    const min = it.minMonthlySavingsCents;
    if (min !== undefined) {
      const field = `items[${i}].minMonthlySavingsCents`;
      if (kind !== 'recommendation.saving') throw badRequest(`${field} is for recommendation.saving only.`, [{ field, message: 'An amount is chosen for recommendations only.' }]);
      if (typeof min !== 'number' || !Number.isInteger(min) || min < 100 || min > 100_000_000) throw badRequest(`${field} is out of range.`, [{ field, message: 'Choose from $1 to $1,000,000 a month.' }]);
      next.minMonthlySavingsCents = min;
    }
    for (const channel of NOTIFICATION_CHANNELS) {
      const v = it[channel];
      if (v === undefined) continue;
      if (typeof v !== 'boolean') throw badRequest(`items[${i}].${channel} is not true or false.`, [{ field: `items[${i}].${channel}`, message: 'true or false.' }]);
      next[channel] = v;
    }
    overrides[kind] = next;
  }
  (ctx.state.notificationPreferences ??= {})[me] = overrides;
  ctx.save();
  return preferencesView(ctx);
}

export const notificationRoutes: Route[] = [
  { method: 'GET', path: '/v1/notifications', handler: (ctx, { query }) => ok(listNotifications(ctx, query)) },
  { method: 'POST', path: '/v1/notifications/read', handler: (ctx, { body }) => ok(markRead(ctx, body)) },
  { method: 'GET', path: '/v1/notification-preferences', handler: (ctx) => ok(preferencesView(ctx)) },
  { method: 'PUT', path: '/v1/notification-preferences', handler: (ctx, { body }) => ok(setPreferences(ctx, body)) },
];
