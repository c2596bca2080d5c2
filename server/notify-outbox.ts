/**
 * The notification outbox (migrations/010-notifications.sql): the deliveries outside the console
 * that a request's state gained (cloud/notifications.ts, state.notificationOutbox) are appended in
 * that request's transaction (state-store.ts writeChanges), so an event is never lost between the
 * change that caused it and its delivery; server/notify-worker.ts delivers them at least once.
 * One row per event, channel and recipient: the same event written twice is delivered once.
 */
import type { OutboxRecord } from '../src/cloud/model';
import { mintActions, storeActionLinks, type PayloadAction } from './action-links';
import type { Tx } from './db';

/** What a delivery says, kept with the row (the recipient may change their address later: this is where it went). */
export interface OutboxPayload {
  title: string;
  body: string;
  /** A console path, made absolute by the worker. */
  link: string | null;
  /** When the event happened (the organization's clock). */
  atMs: number;
  /** An idle pod's mail: its action links' secrets (server/action-links.ts), until the mail is delivered. */
  actions?: PayloadAction[];
}

/** Appends a request's outbox records: one statement; an event already queued for that recipient and channel is skipped. */
export async function insertOutboxRecords(tx: Tx, orgId: string, records: readonly OutboxRecord[], nowMs: number = Date.now()): Promise<void> {
  if (records.length === 0) return;
  const params: unknown[] = [orgId, nowMs];
  const minted = records.map(mintActions);
  const tuples = records.map((r, i) => {
    const actions = minted[i] ?? [];
    const payload: OutboxPayload = { title: r.title, body: r.body, link: r.link, atMs: r.atMs, ...(actions.length > 0 ? { actions } : {}) };
    const cells = [r.eventId, r.kind, r.channel, r.userId, r.to, JSON.stringify(payload)].map((v) => {
      params.push(v);
      return `$${params.length}`;
    });
    // Due at once (next_attempt_at_ms 0), whatever the worker's clock says.
    return `($1, ${cells.slice(0, 5).join(', ')}, ${cells[5]}::text::jsonb, $2, 0)`;
  });
  const inserted = await tx.query<{ event_id: string; channel: string; recipient: string }>(
    `INSERT INTO notification_outbox (org_id, event_id, kind, channel, user_id, recipient, payload, created_at_ms, next_attempt_at_ms)
     VALUES ${tuples.join(', ')} ON CONFLICT (org_id, event_id, channel, recipient) DO NOTHING
     RETURNING event_id, channel, recipient`,
    params,
  );
  // The links of the mails queued now (a mail already queued keeps its own).
  const fresh = new Set(inserted.map((r) => `${r.event_id}|${r.channel}|${r.recipient}`));
  const queued = records.map((record, i) => ({ record, actions: minted[i] ?? [] })).filter((q) => q.actions.length > 0 && fresh.has(`${q.record.eventId}|${q.record.channel}|${q.record.to}`));
  await storeActionLinks(tx, orgId, queued, nowMs);
}
