/**
 * Notifications by e-mail on the real server (issue 16): an event's outbox rows are committed with
 * the change that caused it, and server/notify-worker.ts delivers them over SMTP to an in-process
 * SMTP server (smtp-server), whose mails mailparser reads: the right recipients, subject and link;
 * a worker that dies between the claim and the send loses nothing and a new one delivers once;
 * no event of one organization reaches another's people; a person who turned e-mail off for a kind
 * gets none; a refused delivery is retried later, each try recorded. Clocks are injected: nothing sleeps.
 */
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEASE_MS, messageIdOf, retryDelayMs, startNotifyWorker, type NotifyWorker } from './notify-worker';
import { memoryLogger } from './log';
import { startTestServer, type ApiClient, type TestServer } from './testing/harness';
import { recipientOf, startSmtpSink, type SmtpSink } from './testing/smtp-sink';

const CONSOLE = 'https://console.lumen.example';
let now = 1_800_000_000_000;
let server: TestServer;
let maya: ApiClient;
let ana: ApiClient;
let ines: ApiClient;
let smtp: SmtpSink;
let smtpUrl: string;

beforeAll(async () => {
  smtp = await startSmtpSink();
  smtpUrl = smtp.url;
  server = await startTestServer();
  [maya, ana, ines] = await Promise.all([server.signIn('maya@lumen.example'), server.signIn('ana@lumen.example'), server.signIn('ines@orbit.example')]);
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

function worker(options: { afterClaim?: () => void } = {}): NotifyWorker {
  return startNotifyWorker({ db: server.db, log: memoryLogger(), smtpUrl, from: 'Northlight <notifications@northlight.example>', consoleUrl: CONSOLE, now: () => now, random: () => 0.5, ...options });
}

/** Passes until nothing is due. */
async function drain(w: NotifyWorker): Promise<number> {
  let delivered = 0;
  for (;;) {
    const r = await w.runOnce();
    delivered += r.delivered;
    if (r.delivered + r.failed === 0) return delivered;
  }
}

const to = recipientOf;
const eventOf = (m: ParsedMail): string => String(m.headers.get('x-northlight-event'));
const mailsOf = (eventPrefix: string) => smtp.received.filter((m) => eventOf(m).startsWith(eventPrefix));

/** A budget of $1 a month with a 50 % alert on the project: it fires at once. */
async function spentBudget(client: ApiClient, projectId: string): Promise<string> {
  const res = await client.call<{ id: string }>('POST', '/v1/budgets', { projectId, amountCents: 100, thresholdsPercent: [50], policy: 'notify' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

async function outbox(where: string, params: unknown[] = []) {
  return server.db.query<{ id: number; org_id: string; event_id: string; recipient: string; attempts: number; delivered_at_ms: number | null }>(
    `SELECT id, org_id, event_id, recipient, attempts, delivered_at_ms FROM notification_outbox WHERE ${where} ORDER BY id`,
    params,
  );
}

describe('notifications by e-mail', () => {
  it('delivers each queued e-mail once, to its recipient, with the subject, the link and the event id', async () => {
    const budgetId = await spentBudget(maya, 'p-vision');
    const rows = await outbox(`event_id LIKE $1`, [`budget-alert:%-${budgetId}:%`]);
    // Admins, finance and the project's engineers, each once.
    expect(rows.map((r) => r.recipient).sort()).toEqual(['ana@lumen.example', 'felix@lumen.example', 'maya@lumen.example', 'oskar@lumen.example']);
    const eventId = rows[0]!.event_id;

    const w = worker();
    expect(await drain(w)).toBeGreaterThanOrEqual(4);
    await w.stop();
    const mails = mailsOf(eventId);
    expect(mails.map(to).sort()).toEqual(['ana@lumen.example', 'felix@lumen.example', 'maya@lumen.example', 'oskar@lumen.example']);
    for (const m of mails) {
      expect(m.subject).toBe('The Vision budget reached 50 %');
      expect(m.from?.text).toContain('notifications@northlight.example');
      expect(m.messageId).toBe(messageIdOf({ orgId: 'org-lumen', eventId, recipient: to(m) }));
      expect(m.text).toContain('Choose what reaches you');
      expect(m.html || '').toContain('Open it in the console');
    }
    // Finance and admins see the amounts and go to the budgets; an engineer to Billing, without amounts.
    const oskar = mails.find((m) => to(m) === 'oskar@lumen.example')!;
    expect(oskar.text).toContain(`${CONSOLE}/billing?tab=budgets`);
    expect(oskar.text).toMatch(/ of \$1\.00\)/);
    const anas = mails.find((m) => to(m) === 'ana@lumen.example')!;
    expect(anas.text).toContain(`${CONSOLE}/billing`);
    expect(anas.text).not.toContain('$');

    const attempts = await server.db.query<{ status: string; response: string }>('SELECT status, response FROM notification_attempts WHERE outbox_id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
    expect(attempts.map((a) => a.status)).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
    expect(attempts[0]!.response).toMatch(/^250/);
    expect((await outbox(`event_id = $1 AND delivered_at_ms IS NULL`, [eventId])).length).toBe(0);
  });

  it('loses nothing when the worker dies between the commit and the send: a new worker delivers each mail once', async () => {
    const budgetId = await spentBudget(maya, 'p-llm');
    const [first] = await outbox(`event_id LIKE $1`, [`budget-alert:%-${budgetId}:%`]);
    const eventId = first!.event_id;
    // The change and its outbox rows are committed; this worker claims them and dies before sending.
    const dying = worker({
      afterClaim: () => {
        throw new Error('killed');
      },
    });
    await expect(dying.runOnce()).rejects.toThrow('killed');
    await dying.stop();
    expect(mailsOf(eventId)).toEqual([]);
    const claimed = await outbox(`event_id = $1`, [eventId]);
    expect(claimed.map((r) => [r.attempts, r.delivered_at_ms])).toEqual(claimed.map(() => [1, null]));

    // A new worker (another instance, or this one restarted) takes them once their lease has ended: not before.
    const next = worker();
    expect((await next.runOnce()).delivered).toBe(0);
    now += LEASE_MS + 1;
    await drain(next);
    expect((await next.runOnce()).delivered).toBe(0);
    await next.stop();
    expect(mailsOf(eventId).map(to).sort()).toEqual(['jonas@lumen.example', 'li@lumen.example', 'maya@lumen.example', 'oskar@lumen.example', 'priya@lumen.example']);
    expect((await outbox(`event_id = $1 AND delivered_at_ms IS NULL`, [eventId])).length).toBe(0);
  });

  it('never sends one organization’s events to another’s people', async () => {
    const budgetId = await spentBudget(ines, 'p-perception');
    const w = worker();
    await drain(w);
    await w.stop();
    const orbits = smtp.received.filter((m) => eventOf(m).endsWith(`-${budgetId}`) || eventOf(m).includes(`-${budgetId}:`));
    expect(orbits.length).toBeGreaterThan(0);
    expect(orbits.every((m) => to(m).endsWith('@orbit.example'))).toBe(true);
    // Every outbox row goes to a member of its own organization.
    const strays = await server.db.query('SELECT o.id FROM notification_outbox o WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.org_id = o.org_id AND u.email = o.recipient)');
    expect(strays).toEqual([]);
    // And what reached Lumen's people came from Lumen's events only.
    const lumenEvents = new Set((await outbox(`org_id = 'org-lumen'`)).map((r) => r.event_id));
    expect(smtp.received.filter((m) => to(m).endsWith('@lumen.example')).every((m) => lumenEvents.has(eventOf(m)))).toBe(true);
  });

  it('sends nothing by e-mail to someone who turned it off for that kind, and still shows it in the console', async () => {
    const prefs = await ana.call<{ items: Array<{ kind: string; email: boolean }> }>('PUT', '/v1/notification-preferences', { items: [{ kind: 'budget.threshold', email: false }] });
    expect(prefs.status).toBe(200);
    expect(prefs.body.items.find((i) => i.kind === 'budget.threshold')?.email).toBe(false);
    const budgetId = await spentBudget(maya, 'p-serving');
    const rows = await outbox(`event_id LIKE $1`, [`budget-alert:%-${budgetId}:%`]);
    expect(rows.map((r) => r.recipient).sort()).toEqual(['li@lumen.example', 'maya@lumen.example', 'oskar@lumen.example', 'sam@lumen.example']);
    const w = worker();
    await drain(w);
    await w.stop();
    expect(mailsOf(rows[0]!.event_id).map(to)).not.toContain('ana@lumen.example');
    const centre = await ana.call<{ items: Array<{ eventId: string; read: boolean }> }>('GET', '/v1/notifications?limit=50');
    expect(centre.body.items.some((n) => n.eventId === rows[0]!.event_id && !n.read)).toBe(true);
  });

  it('retries a refused delivery with backoff, each try recorded', async () => {
    const budgetId = await spentBudget(maya, 'p-search');
    const rows = await outbox(`event_id LIKE $1`, [`budget-alert:%-${budgetId}:%`]);
    smtp.refuseNext(rows.length);
    const w = worker();
    const first = await w.runOnce();
    expect(first).toEqual({ delivered: 0, failed: rows.length });
    const after = await server.db.query<{ next_attempt_at_ms: string; last_error: string }>('SELECT next_attempt_at_ms, last_error FROM notification_outbox WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
    for (const r of after) {
      expect(Number(r.next_attempt_at_ms) - now).toBe(retryDelayMs(1, () => 0.5));
      expect(r.last_error).toMatch(/452/);
    }
    // Not due yet; due after the first backoff.
    expect((await w.runOnce()).delivered).toBe(0);
    now += retryDelayMs(1, () => 0.5);
    expect(await drain(w)).toBe(rows.length);
    await w.stop();
    const attempts = await server.db.query<{ outbox_id: string; attempt: number; status: string }>('SELECT outbox_id, attempt, status FROM notification_attempts WHERE outbox_id = ANY($1::bigint[]) ORDER BY outbox_id, attempt', [rows.map((r) => r.id)]);
    expect(attempts.map((a) => `${a.attempt}:${a.status}`)).toEqual(rows.flatMap(() => ['1:failed', '2:delivered']));
    expect(mailsOf(rows[0]!.event_id)).toHaveLength(rows.length);
  });

  it('waits twice as long after each failed try, at most an hour, with jitter', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelayMs(n, () => 0.5))).toEqual([60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000]);
    expect(retryDelayMs(1, () => 0)).toBe(48_000);
    expect(retryDelayMs(1, () => 0.999_999)).toBeLessThanOrEqual(72_000);
  });
});
