/**
 * Delivers the notification outbox (server/notify-outbox.ts) by e-mail over SMTP, at least once.
 *
 * - Claiming: a batch of due rows is taken with `FOR UPDATE SKIP LOCKED` (several instances share
 *   the table and never take the same row at once) and leased for LEASE_MS, in a short transaction
 *   of its own; the mail is sent outside any transaction.
 * - A worker that dies after the claim (or while sending) leaves its rows leased: once the lease
 *   ends another worker takes them. A mail may then go twice (at least once, never lost); it
 *   carries the same Message-ID and X-Northlight-Event header every time, so a reader or a filter
 *   can tell.
 * - Each try is recorded in notification_attempts (status, latency, the server's answer). A failed
 *   try is retried with exponential backoff and jitter (1 minute doubling, at most 1 hour apart);
 *   after MAX_ATTEMPTS (about a day) the row is given up (failed_at_ms, last_error).
 * - Times come from `now` (real ms; tests pass a clock), never from the simulated one.
 */
import { createHash } from 'node:crypto';
import { createTransport, type SendMailOptions, type Transporter } from 'nodemailer';
import type { Database, Row } from './db';
import type { Logger } from './log';
import type { OutboxPayload } from './notify-outbox';

export const LEASE_MS = 5 * 60_000;
export const MAX_ATTEMPTS = 30;
const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 60 * 60_000;

export interface NotifyWorkerOptions {
  db: Database;
  log: Logger;
  /** smtp://user:pass@host:port (smtps:// for TLS from the start). */
  smtpUrl: string;
  /** The From header, e.g. "Northlight <notifications@example.com>". */
  from: string;
  /** Where the console is (links in mails are made absolute with it), e.g. https://console.example.com. */
  consoleUrl: string;
  now?: () => number;
  /** Between passes when the last found nothing due; 0: no timer (tests call runOnce). */
  intervalMs?: number;
  batchSize?: number;
  /** Tests: called with the claimed rows before any is sent (a throw stands for a crash). */
  afterClaim?: (rows: readonly ClaimedRow[]) => void | Promise<void>;
  /** Tests: the jitter's random numbers in [0, 1). */
  random?: () => number;
}

export interface ClaimedRow {
  id: number;
  orgId: string;
  eventId: string;
  kind: string;
  channel: string;
  recipient: string;
  payload: OutboxPayload;
  attempts: number;
}

export interface NotifyWorker {
  /** One pass: claims what is due and delivers it; how many were delivered and how many tries failed. */
  runOnce(): Promise<{ delivered: number; failed: number }>;
  stop(): Promise<void>;
}

/** The wait after the nth failed try: 1 minute doubling, at most an hour, with ±20 % jitter. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** The same for every try of one delivery: the event, for one recipient of one organization. */
export function messageIdOf(row: Pick<ClaimedRow, 'orgId' | 'eventId' | 'recipient'>): string {
  return `<${createHash('sha256').update(`${row.orgId}|${row.eventId}|${row.recipient}`).digest('hex').slice(0, 32)}@notifications.northlight>`;
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The mail for a row: plain text and HTML with the same words and link. */
export function mailOf(row: ClaimedRow, options: Pick<NotifyWorkerOptions, 'from' | 'consoleUrl'>): SendMailOptions {
  const base = options.consoleUrl.replace(/\/+$/, '');
  const link = row.payload.link ? `${base}${row.payload.link}` : null;
  const settings = `${base}/account`;
  const text = [row.payload.body, '', ...(link ? [`Open it: ${link}`, ''] : []), `Choose what reaches you, and how: ${settings}`].join('\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">
<p><strong>${escapeHtml(row.payload.title)}</strong></p>
<p>${escapeHtml(row.payload.body)}</p>
${link ? `<p><a href="${escapeHtml(link)}">Open it in the console</a></p>` : ''}
<p style="color:#475569;font-size:0.875em"><a href="${escapeHtml(settings)}">Choose what reaches you, and how</a></p>
</body></html>`;
  return {
    from: options.from,
    to: row.recipient,
    subject: row.payload.title,
    text,
    html,
    messageId: messageIdOf(row),
    headers: { 'X-Northlight-Event': row.eventId, 'X-Northlight-Kind': row.kind },
  };
}

function claimedOf(r: Row): ClaimedRow {
  const payload = (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as OutboxPayload;
  return {
    id: Number(r.id),
    orgId: String(r.org_id),
    eventId: String(r.event_id),
    kind: String(r.kind),
    channel: String(r.channel),
    recipient: String(r.recipient),
    payload,
    attempts: Number(r.attempts),
  };
}

/** Takes up to `limit` due e-mail rows and leases them (one short transaction). */
export async function claimDue(db: Database, nowMs: number, limit: number): Promise<ClaimedRow[]> {
  return db.transaction(async (tx) => {
    const rows = await tx.query(
      `UPDATE notification_outbox SET attempts = attempts + 1, next_attempt_at_ms = $1 + $2
       WHERE id IN (
         SELECT id FROM notification_outbox
         WHERE channel = 'email' AND delivered_at_ms IS NULL AND failed_at_ms IS NULL AND next_attempt_at_ms <= $1
         ORDER BY next_attempt_at_ms, id LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING id, org_id, event_id, kind, channel, recipient, payload, attempts`,
      [nowMs, LEASE_MS, limit],
    );
    return rows.map(claimedOf).sort((a, b) => a.id - b.id);
  });
}

export function startNotifyWorker(options: NotifyWorkerOptions): NotifyWorker {
  const { db, log } = options;
  const now = options.now ?? (() => Date.now());
  const random = options.random ?? Math.random;
  const batchSize = options.batchSize ?? 50;
  // SMTP_URL's query may set more (smtp://host:587?requireTLS=true); a plain smtp:// URL upgrades with STARTTLS when offered.
  const transport: Transporter = createTransport(options.smtpUrl);
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | null = null;

  async function record(row: ClaimedRow, status: 'delivered' | 'failed', startedMs: number, response: string): Promise<void> {
    const at = now();
    const latency = Math.max(0, at - startedMs);
    await db.transaction(async (tx) => {
      if (status === 'delivered') {
        await tx.query('UPDATE notification_outbox SET delivered_at_ms = $2, last_error = NULL WHERE id = $1 AND delivered_at_ms IS NULL', [row.id, at]);
      } else if (row.attempts >= MAX_ATTEMPTS) {
        await tx.query('UPDATE notification_outbox SET failed_at_ms = $2, last_error = $3 WHERE id = $1', [row.id, at, response]);
      } else {
        await tx.query('UPDATE notification_outbox SET next_attempt_at_ms = $2, last_error = $3 WHERE id = $1', [row.id, at + retryDelayMs(row.attempts, random), response]);
      }
      await tx.query('INSERT INTO notification_attempts (outbox_id, attempt, at_ms, status, latency_ms, response) VALUES ($1, $2, $3, $4, $5, $6)', [
        row.id,
        row.attempts,
        at,
        status,
        latency,
        response.slice(0, 500),
      ]);
    });
  }

  async function runOnce(): Promise<{ delivered: number; failed: number }> {
    const rows = await claimDue(db, now(), batchSize);
    if (rows.length === 0) return { delivered: 0, failed: 0 };
    await options.afterClaim?.(rows);
    let delivered = 0;
    let failed = 0;
    for (const row of rows) {
      if (stopped) break; // leased: another worker takes them once the lease ends
      const started = now();
      try {
        const info = (await transport.sendMail(mailOf(row, options))) as { response?: string };
        await record(row, 'delivered', started, String(info.response ?? 'sent'));
        delivered++;
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        log.error('notification e-mail failed', { outboxId: row.id, eventId: row.eventId, attempt: row.attempts, error: message });
        await record(row, 'failed', started, message);
        failed++;
      }
    }
    if (delivered + failed > 0) log.info('notifications delivered', { delivered, failed });
    return { delivered, failed };
  }

  const loop = async (): Promise<void> => {
    if (stopped) return;
    let busy = false;
    try {
      const r = await runOnce();
      busy = r.delivered + r.failed > 0;
    } catch (e) {
      log.error('notification worker pass failed', { error: e instanceof Error ? e.message : String(e) });
    }
    if (!stopped && options.intervalMs) timer = setTimeout(() => (running = loop()), busy ? 0 : options.intervalMs);
  };
  if (options.intervalMs) running = loop();

  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running.catch(() => undefined);
      transport.close();
    },
  };
}
