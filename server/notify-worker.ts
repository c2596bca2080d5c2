/**
 * Delivers the notification outbox (server/notify-outbox.ts), at least once: e-mail over SMTP, and
 * the organization's webhooks by HTTPS POST signed per Standard Webhooks (standardwebhooks).
 *
 * - Claiming: a batch of due rows is taken with `FOR UPDATE SKIP LOCKED` (several instances share
 *   the table and never take the same row at once) and leased for LEASE_MS, in a short transaction
 *   of its own; the mail is sent outside any transaction.
 * - A worker that dies after the claim (or while sending) leaves its rows leased: once the lease
 *   ends another worker takes them. A mail may then go twice (at least once, never lost); it
 *   carries the same Message-ID and X-Northlight-Event header every time, so a reader or a filter
 *   can tell.
 * - Each try is recorded in notification_attempts (status, latency, the server's answer). A failed
 *   try is retried with exponential backoff and jitter (1 minute doubling, at most 1 hour apart)
 *   for RETRY_WINDOW_MS (24 hours) from the first try; then the row is given up (failed_at_ms,
 *   last_error), and a webhook that failed so long is disabled, its admins told (cloud/ops/webhooks.ts).
 * - A webhook's tries carry the same webhook-id (from the organization, event and webhook), a
 *   webhook-timestamp of the try and its webhook-signature: HMAC-SHA256 of "id.timestamp.body"
 *   with the webhook's secret, "v1,<base64>".
 * - Times come from `now` (real ms; tests pass a clock), never from the simulated one.
 */
import { createHash } from 'node:crypto';
import { createTransport, type SendMailOptions, type Transporter } from 'nodemailer';
import { Webhook } from 'standardwebhooks';
import { disableWebhook } from '../src/cloud/ops/webhooks';
import { requestContext } from './cloud-context';
import { KEEP_RUNNING_MINUTES, type LinkAction } from './action-links';
import type { Database, Row } from './db';
import type { Logger } from './log';
import type { OutboxPayload } from './notify-outbox';
import { loadState, snapshot, writeChanges } from './state-store';
import { dressFor } from './tenants';

export const LEASE_MS = 5 * 60_000;
/** Failed deliveries are retried for this long from their first try, then given up. */
export const RETRY_WINDOW_MS = 24 * 60 * 60_000;
const WEBHOOK_TIMEOUT_MS = 10_000;
const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 60 * 60_000;

export interface NotifyWorkerOptions {
  db: Database;
  log: Logger;
  /** smtp://user:pass@host:port (smtps:// for TLS from the start); absent: e-mails wait in the outbox, webhooks go. */
  smtpUrl?: string;
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
  /** Webhooks' HTTP client (tests pass their own); default: global fetch. */
  fetch?: typeof fetch;
}

/** A webhook row's webhook, as the claim found it (null: removed since). */
export interface ClaimedHook {
  url: string;
  format: 'standard' | 'slack';
  secret: string;
  disabled: boolean;
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
  firstAttemptAtMs: number;
  hook: ClaimedHook | null;
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

/** A webhook delivery's webhook-id: the same on every try (and replay) of one event to one webhook. */
export function webhookMessageIdOf(row: Pick<ClaimedRow, 'orgId' | 'eventId' | 'recipient'>): string {
  return `msg_${createHash('sha256').update(`${row.orgId}|${row.eventId}|${row.recipient}`).digest('base64url').slice(0, 27)}`;
}

/** The body a webhook receives: Standard Webhooks' {type, timestamp, data}, or Slack's {text, blocks}. */
export function webhookBodyOf(row: ClaimedRow, format: 'standard' | 'slack', consoleUrl: string): string {
  const link = row.payload.link ? `${consoleUrl.replace(/\/+$/, '')}${row.payload.link}` : null;
  if (format === 'slack') {
    const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const text = `*${esc(row.payload.title)}*\n${esc(row.payload.body)}${link ? `\n<${link}|Open in Northlight>` : ''}`;
    return JSON.stringify({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
  }
  return JSON.stringify({
    type: row.kind,
    timestamp: new Date(row.payload.atMs).toISOString(),
    data: { eventId: row.eventId, organizationId: row.orgId, title: row.payload.title, body: row.payload.body, link, at: new Date(row.payload.atMs).toISOString() },
  });
}

/** The signed request's headers (Standard Webhooks). */
export function signedHeaders(secret: string, msgId: string, at: Date, body: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': msgId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(msgId, at, body),
    'user-agent': 'Northlight-Webhooks/1',
  };
}

const ACTION_LABEL: Record<LinkAction, string> = { 'keep-running': `Keep it running ${KEEP_RUNNING_MINUTES / 60} more hours`, stop: 'Stop it now' };

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The mail for a row: plain text and HTML with the same words and links. */
export function mailOf(row: ClaimedRow, options: Pick<NotifyWorkerOptions, 'from' | 'consoleUrl'>): SendMailOptions {
  const base = options.consoleUrl.replace(/\/+$/, '');
  const link = row.payload.link ? `${base}${row.payload.link}` : null;
  const settings = `${base}/account`;
  // An idle pod's actions: one link each, working once, for a day, for this recipient (server/action-links.ts).
  const actions = (row.payload.actions ?? []).map((a) => ({ label: ACTION_LABEL[a.action], href: `${base}/pod-action#${a.secret}` }));
  const text = [
    row.payload.body,
    '',
    ...actions.map((a) => `${a.label}: ${a.href}`),
    ...(actions.length > 0 ? ['(Each link works once, for 24 hours, and only for you.)', ''] : []),
    ...(link ? [`Open it: ${link}`, ''] : []),
    `Choose what reaches you, and how: ${settings}`,
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">
<p><strong>${escapeHtml(row.payload.title)}</strong></p>
<p>${escapeHtml(row.payload.body)}</p>
${actions.length > 0 ? `<p>${actions.map((a) => `<a href="${escapeHtml(a.href)}">${escapeHtml(a.label)}</a>`).join(' &middot; ')}<br><span style="color:#475569;font-size:0.875em">Each link works once, for 24 hours, and only for you.</span></p>` : ''}
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
    firstAttemptAtMs: Number(r.first_attempt_at_ms),
    hook: null,
  };
}

/** Takes up to `limit` due rows and leases them (one short transaction), each webhook row with its webhook. */
export async function claimDue(db: Database, nowMs: number, limit: number, channels: readonly string[] = ['email', 'webhook']): Promise<ClaimedRow[]> {
  return db.transaction(async (tx) => {
    const rows = (
      await tx.query(
        `UPDATE notification_outbox SET attempts = attempts + 1, next_attempt_at_ms = $1 + $2, first_attempt_at_ms = coalesce(first_attempt_at_ms, $1)
         WHERE id IN (
           SELECT id FROM notification_outbox
           WHERE delivered_at_ms IS NULL AND failed_at_ms IS NULL AND next_attempt_at_ms <= $1 AND channel = ANY($4::text[])
           ORDER BY next_attempt_at_ms, id LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING id, org_id, event_id, kind, channel, recipient, payload, attempts, first_attempt_at_ms`,
        [nowMs, LEASE_MS, limit, channels],
      )
    )
      .map(claimedOf)
      .sort((a, b) => a.id - b.id);
    const hooks = rows.filter((r) => r.channel === 'webhook');
    if (hooks.length > 0) {
      const found = await tx.query(`SELECT org_id, id, url, format, secret, disabled_at_ms FROM webhooks WHERE (org_id || '/' || id) = ANY($1::text[])`, [hooks.map((r) => `${r.orgId}/${r.recipient}`)]);
      const byKey = new Map(found.map((h) => [`${String(h.org_id)}/${String(h.id)}`, h]));
      for (const r of hooks) {
        const h = byKey.get(`${r.orgId}/${r.recipient}`);
        r.hook = h ? { url: String(h.url), format: h.format === 'slack' ? 'slack' : 'standard', secret: String(h.secret), disabled: h.disabled_at_ms !== null } : null;
      }
    }
    return rows;
  });
}

/** A row that cannot be delivered at all (its webhook removed or disabled): given up without a try. */
class GiveUp extends Error {}

export function startNotifyWorker(options: NotifyWorkerOptions): NotifyWorker {
  const { db, log } = options;
  const now = options.now ?? (() => Date.now());
  const random = options.random ?? Math.random;
  const batchSize = options.batchSize ?? 50;
  // SMTP_URL's query may set more (smtp://host:587?requireTLS=true); a plain smtp:// URL upgrades with STARTTLS when offered.
  const transport: Transporter | null = options.smtpUrl ? createTransport(options.smtpUrl) : null;
  const channels = transport ? ['email', 'webhook'] : ['webhook'];
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | null = null;

  /** Records a try; true when the row was given up (its 24 hours of retries are over). */
  async function record(row: ClaimedRow, status: 'delivered' | 'failed', startedMs: number, response: string): Promise<boolean> {
    const at = now();
    const latency = Math.max(0, at - startedMs);
    const givenUp = status === 'failed' && at - row.firstAttemptAtMs >= RETRY_WINDOW_MS;
    await db.transaction(async (tx) => {
      if (status === 'delivered') {
        // The action links' secrets leave the outbox with the mail (server/action-links.ts).
        await tx.query(`UPDATE notification_outbox SET delivered_at_ms = $2, last_error = NULL, payload = payload - 'actions' WHERE id = $1 AND delivered_at_ms IS NULL`, [row.id, at]);
      } else if (givenUp) {
        await tx.query(`UPDATE notification_outbox SET failed_at_ms = $2, last_error = $3, payload = payload - 'actions' WHERE id = $1`, [row.id, at, response]);
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
    return givenUp;
  }

  /** A webhook failed for a day: disabled in its organization's state, its admins told (in the same transaction). */
  async function disable(row: ClaimedRow, reason: string): Promise<void> {
    await db.transaction(async (tx) => {
      const state = await loadState(tx, row.orgId, { lock: true });
      if (!state) return;
      const before = snapshot(state);
      state.currentUserId = state.users.find((u) => u.role === 'admin')?.id ?? state.users[0]?.id ?? '';
      const run = requestContext(state, () => Date.now(), dressFor(state.organization.id, state.organization.name));
      if (disableWebhook(run.ctx, row.recipient, reason, now())) await writeChanges(tx, row.orgId, before, snapshot(run.ctx.state));
    });
    log.info('webhook disabled after a day of failed deliveries', { org: row.orgId, webhookId: row.recipient });
  }

  /** Sends one row; its answer in words (throws when it failed). */
  async function send(row: ClaimedRow): Promise<string> {
    if (row.channel === 'email') {
      if (!transport) throw new Error('no SMTP server is set (SMTP_URL)');
      const info = (await transport.sendMail(mailOf(row, options))) as { response?: string };
      return String(info.response ?? 'sent');
    }
    const hook = row.hook;
    if (!hook || hook.disabled) throw new GiveUp(hook ? 'the webhook is disabled' : 'the webhook was removed');
    const body = webhookBodyOf(row, hook.format, options.consoleUrl);
    const res = await (options.fetch ?? fetch)(hook.url, {
      method: 'POST',
      headers: signedHeaders(hook.secret, webhookMessageIdOf(row), new Date(now()), body),
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    const text = (await res.text().catch(() => '')).replace(/\s+/g, ' ').slice(0, 200);
    const answer = `HTTP ${res.status}${text ? ` ${text}` : ''}`;
    if (res.status < 200 || res.status >= 300) throw new Error(answer);
    return answer;
  }

  async function runOnce(): Promise<{ delivered: number; failed: number }> {
    const rows = await claimDue(db, now(), batchSize, channels);
    if (rows.length === 0) return { delivered: 0, failed: 0 };
    await options.afterClaim?.(rows);
    let delivered = 0;
    let failed = 0;
    for (const row of rows) {
      if (stopped) break; // leased: another worker takes them once the lease ends
      const started = now();
      try {
        await record(row, 'delivered', started, await send(row));
        delivered++;
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        failed++;
        if (e instanceof GiveUp) {
          await db.query('UPDATE notification_outbox SET failed_at_ms = $2, last_error = $3 WHERE id = $1', [row.id, now(), message]);
          continue;
        }
        log.error('notification delivery failed', { outboxId: row.id, channel: row.channel, eventId: row.eventId, attempt: row.attempts, error: message });
        const givenUp = await record(row, 'failed', started, message);
        if (givenUp && row.channel === 'webhook') await disable(row, message.slice(0, 200));
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
      transport?.close();
    },
  };
}
