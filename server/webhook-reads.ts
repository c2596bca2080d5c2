/**
 * GET /v1/webhooks/{id}/deliveries answered from the outbox (a direct read, server/direct-reads.ts):
 * the webhook's newest 100 deliveries and each try (notification_attempts), for admins. The
 * simulator's route answers what it would send; here, what was sent.
 */
import type { Schemas } from '../src/cloud/api-types';
import type { DeliveryStore } from '../src/cloud/context';
import type { CloudRequest, CloudResponse } from '../src/cloud/http';
import type { NotificationKind } from '../src/cloud/model';
import { forbidden, notFound } from '../src/cloud/problem';
import type { Tx } from './db';
import type { DirectRead, ReadScope } from './direct-reads';

const iso = (ms: unknown): string | null => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());

export const WEBHOOK_DELIVERIES_READ: DirectRead = {
  method: 'GET',
  path: /^\/v1\/webhooks\/[^/]+\/deliveries$/,
  async handle(tx: Tx, scope: ReadScope, call: CloudRequest): Promise<CloudResponse | null> {
    const id = decodeURIComponent(call.path.split('/')[3] ?? '');
    if (scope.user.role !== 'admin') {
      const p = forbidden(`As ${scope.user.role === 'engineer' ? 'an' : 'a'} ${scope.user.role}, you cannot see webhooks.`);
      return { status: p.status, body: p.body };
    }
    if ((await tx.query('SELECT 1 FROM webhooks WHERE org_id = $1 AND id = $2', [scope.session.orgId, id])).length === 0) {
      const p = notFound('Webhook', id);
      return { status: p.status, body: p.body };
    }
    const rows = await tx.query(
      `SELECT id, event_id, kind, attempts, created_at_ms, next_attempt_at_ms, delivered_at_ms, failed_at_ms, last_error
       FROM notification_outbox WHERE org_id = $1 AND recipient = $2 AND channel = 'webhook' ORDER BY id DESC LIMIT 100`,
      [scope.session.orgId, id],
    );
    const tries = rows.length === 0 ? [] : await tx.query('SELECT outbox_id, attempt, at_ms, status, latency_ms, response FROM notification_attempts WHERE outbox_id = ANY($1::bigint[]) ORDER BY outbox_id, attempt', [rows.map((r) => Number(r.id))]);
    const items: Schemas['WebhookDeliveryPage']['items'] = rows.map((r) => {
      const status = r.delivered_at_ms !== null ? 'delivered' : r.failed_at_ms !== null ? 'failed' : 'pending';
      return {
        id: String(r.id),
        eventId: String(r.event_id),
        kind: String(r.kind) as NotificationKind,
        status,
        attempts: Number(r.attempts),
        createdAt: iso(r.created_at_ms) ?? '',
        nextAttemptAt: status === 'pending' ? iso(r.next_attempt_at_ms) : null,
        deliveredAt: iso(r.delivered_at_ms),
        lastError: r.last_error === null ? null : String(r.last_error).slice(0, 500),
        tries: tries
          .filter((t) => Number(t.outbox_id) === Number(r.id))
          .map((t) => ({ attempt: Number(t.attempt), at: iso(t.at_ms) ?? '', status: t.status === 'delivered' ? ('delivered' as const) : ('failed' as const), latencyMs: Number(t.latency_ms), response: t.response === null ? null : String(t.response) })),
      };
    });
    return { status: 200, body: { items } };
  },
};

/** A request's webhook deliveries (api.ts sets ctx.deliveries): a replay is the row made due again, in the request's transaction. */
export function deliveriesFor(tx: Tx, orgId: string): DeliveryStore {
  return {
    async replay(webhookId, deliveryId) {
      const rows = await tx.query(
        `UPDATE notification_outbox SET delivered_at_ms = NULL, failed_at_ms = NULL, first_attempt_at_ms = NULL, next_attempt_at_ms = 0
         WHERE org_id = $1 AND recipient = $2 AND channel = 'webhook' AND id = $3 RETURNING id`,
        [orgId, webhookId, Number(deliveryId)],
      );
      return rows.length > 0;
    },
  };
}
