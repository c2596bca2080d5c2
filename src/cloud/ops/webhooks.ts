/**
 * Webhooks (issue 16): admins send the organization's notifications to a URL, signed per the
 * Standard Webhooks specification (server/notify-worker.ts signs and delivers them). The secret
 * (whsec_ and 32 random bytes, base64) is answered once, when the webhook is made; it is kept to
 * sign. A webhook whose deliveries failed for a day is disabled and the admins are told
 * (disableWebhook). Deliveries: the simulator sends nothing and lists what it would send; the
 * server answers them from its outbox (server/webhook-reads.ts), and replays one there
 * (ctx.deliveries): sent again from now, with a new day of retries and the same webhook-id.
 */
import { randomId } from '../../domain/api-tokens';
import type { Schemas } from '../api-types';
import { requireRole, type CloudContext } from '../context';
import { created, ok, type Route } from '../http';
import type { NotificationKind, WebhookRecord } from '../model';
import { NOTIFICATION_KINDS, notify } from '../notifications';
import { badRequest, notFound, problem } from '../problem';

export const MAX_WEBHOOKS = 20;

export function webhookView(w: WebhookRecord): Schemas['Webhook'] {
  return {
    id: w.id,
    url: w.url,
    kinds: w.kinds,
    format: w.format,
    createdAt: new Date(w.createdAtMs).toISOString(),
    status: w.disabledAtMs === null ? 'active' : 'disabled',
    disabledAt: w.disabledAtMs === null ? null : new Date(w.disabledAtMs).toISOString(),
    disabledReason: w.disabledReason,
  };
}

const base64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));

function newSecret(): string {
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  return `whsec_${base64(bytes)}`;
}

const newId = (): string => randomId('wh', 8);

function validUrl(raw: unknown): string {
  if (typeof raw !== 'string') throw badRequest('url is required.', [{ field: 'url', message: 'Give the https:// address that receives the events.' }]);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badRequest('url is not an address.', [{ field: 'url', message: 'Give an https:// address.' }]);
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) throw badRequest('url must be https.', [{ field: 'url', message: 'Events are sent over https only (http only to localhost, for development).' }]);
  if (url.username || url.password) throw badRequest('url must not carry a user or password.', [{ field: 'url', message: 'The signature proves the sender; leave credentials out of the address.' }]);
  return url.toString();
}

function createWebhook(ctx: CloudContext, raw: unknown): Schemas['WebhookCreated'] {
  const user = requireRole(ctx, ['admin'], 'set up webhooks');
  const body = (raw ?? {}) as { url?: unknown; kinds?: unknown; format?: unknown };
  const url = validUrl(body.url);
  const kinds = body.kinds === undefined ? [] : body.kinds;
  if (!Array.isArray(kinds) || kinds.some((k) => !NOTIFICATION_KINDS.includes(k as NotificationKind))) {
    throw badRequest('kinds has a kind this API does not know.', [{ field: 'kinds', message: `Some of ${NOTIFICATION_KINDS.join(', ')}; none: every kind.` }]);
  }
  const format = body.format ?? 'standard';
  if (format !== 'standard' && format !== 'slack') throw badRequest('format is standard or slack.', [{ field: 'format', message: 'standard or slack.' }]);
  const hooks = (ctx.state.webhooks ??= []);
  if (hooks.filter((w) => w.disabledAtMs === null).length >= MAX_WEBHOOKS) throw badRequest(`An organization keeps at most ${MAX_WEBHOOKS} webhooks.`, [{ field: 'url', message: 'Remove one first.' }]);
  const record: WebhookRecord = {
    id: newId(),
    url,
    kinds: [...new Set(kinds as NotificationKind[])],
    format,
    secret: newSecret(),
    createdAtMs: ctx.realNow(),
    createdById: user.id,
    disabledAtMs: null,
    disabledReason: null,
  };
  hooks.push(record);
  ctx.save();
  return { webhook: webhookView(record), secret: record.secret };
}

function findWebhook(ctx: CloudContext, id: string): WebhookRecord {
  requireRole(ctx, ['admin'], 'see webhooks');
  const hook = ctx.state.webhooks?.find((w) => w.id === id);
  if (!hook) throw notFound('Webhook', id);
  return hook;
}

/** What the simulator would send to a webhook (it sends nothing): newest first. */
function simulatedDeliveries(ctx: CloudContext, hook: WebhookRecord): Schemas['WebhookDeliveryPage'] {
  const items = (ctx.state.notificationOutbox ?? [])
    .filter((r) => r.channel === 'webhook' && r.to === hook.id)
    .map((r, i) => ({ id: String(i + 1), eventId: r.eventId, kind: r.kind, status: 'pending' as const, attempts: 0, createdAt: new Date(r.atMs).toISOString(), nextAttemptAt: null, deliveredAt: null, lastError: null, tries: [] }))
    .reverse();
  return { items };
}

/**
 * A webhook's deliveries failed for a day (server/notify-worker.ts): it is disabled, and every admin
 * is told, in the console and by e-mail, once.
 */
export function disableWebhook(ctx: CloudContext, id: string, reason: string, atMs: number): boolean {
  const hook = ctx.state.webhooks?.find((w) => w.id === id);
  if (!hook || hook.disabledAtMs !== null) return false;
  hook.disabledAtMs = atMs;
  hook.disabledReason = reason;
  notify(
    ctx,
    {
      eventId: `webhook-disabled:${hook.id}:${atMs}`,
      kind: 'webhook.disabled',
      atMs: ctx.now(),
      title: `A webhook was disabled: ${hook.url}`,
      body: `Deliveries to ${hook.url} failed for a day (${reason}); nothing more is sent to it. Fix the receiver, then set the webhook up again.`,
      // Webhooks are set up on the Members page (src/features/webhooks).
      link: '/members',
      projectId: null,
    },
    ctx.state.users.filter((u) => u.role === 'admin'),
  );
  ctx.save();
  return true;
}

export const webhookRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/webhooks',
    handler: (ctx) => {
      requireRole(ctx, ['admin'], 'see webhooks');
      return ok({ items: (ctx.state.webhooks ?? []).map(webhookView) });
    },
  },
  { method: 'POST', path: '/v1/webhooks', handler: (ctx, { body }) => created(createWebhook(ctx, body)) },
  {
    method: 'DELETE',
    path: '/v1/webhooks/:webhookId',
    handler: (ctx, { params }) => {
      const hook = findWebhook(ctx, params.webhookId ?? '');
      ctx.state.webhooks = (ctx.state.webhooks ?? []).filter((w) => w !== hook);
      ctx.save();
      return { status: 204 };
    },
  },
  { method: 'GET', path: '/v1/webhooks/:webhookId/deliveries', handler: (ctx, { params }) => ok(simulatedDeliveries(ctx, findWebhook(ctx, params.webhookId ?? ''))) },
  {
    method: 'POST',
    path: '/v1/webhooks/:webhookId/deliveries/:deliveryId/replay',
    handler: async (ctx, { params }) => {
      const hook = findWebhook(ctx, params.webhookId ?? '');
      const deliveryId = params.deliveryId ?? '';
      if (hook.disabledAtMs !== null) throw problem(409, 'webhook-disabled', 'Webhook disabled', 'This webhook was disabled after a day of failed deliveries: set it up again to send to it.');
      const found = ctx.deliveries
        ? /^\d{1,18}$/.test(deliveryId) && (await ctx.deliveries.replay(hook.id, deliveryId))
        : simulatedDeliveries(ctx, hook).items.some((d) => d.id === deliveryId);
      if (!found) throw notFound('Delivery', deliveryId);
      return { status: 202, body: { deliveryId, status: 'pending' } };
    },
  },
];
