/**
 * The notification outbox (migrations/010-notifications.sql): the deliveries outside the console
 * that a request's state gained (cloud/notifications.ts, state.notificationOutbox) are appended in
 * that request's transaction (state-store.ts writeChanges), so an event is never lost between the
 * change that caused it and its delivery; server/notify-worker.ts delivers them at least once.
 * One row per event, channel and recipient: the same event written twice is delivered once.
 */
import type { OutboxRecord } from '../src/cloud/model';
import type { Tx } from './db';

/** What a delivery says, kept with the row (the recipient may change their address later: this is where it went). */
export interface OutboxPayload {
  title: string;
  body: string;
  /** A console path, made absolute by the worker. */
  link: string | null;
  /** When the event happened (the organization's clock). */
  atMs: number;
}

/** Appends a request's outbox records: one statement; an event already queued for that recipient and channel is skipped. */
export async function insertOutboxRecords(tx: Tx, orgId: string, records: readonly OutboxRecord[], nowMs: number = Date.now()): Promise<void> {
  if (records.length === 0) return;
  const params: unknown[] = [orgId, nowMs];
  const tuples = records.map((r) => {
    const payload: OutboxPayload = { title: r.title, body: r.body, link: r.link, atMs: r.atMs };
    const cells = [r.eventId, r.kind, r.channel, r.userId, r.to, JSON.stringify(payload)].map((v) => {
      params.push(v);
      return `$${params.length}`;
    });
    // Due at once (next_attempt_at_ms 0), whatever the worker's clock says.
    return `($1, ${cells.slice(0, 5).join(', ')}, ${cells[5]}::text::jsonb, $2, 0)`;
  });
  await tx.query(
    `INSERT INTO notification_outbox (org_id, event_id, kind, channel, user_id, recipient, payload, created_at_ms, next_attempt_at_ms)
     VALUES ${tuples.join(', ')} ON CONFLICT (org_id, event_id, channel, recipient) DO NOTHING`,
    params,
  );
}
