/**
 * Webhooks on the real server (issue 16): signatures per the Standard Webhooks specification
 * (its own test vector), deliveries to an in-process receiver that fails and then recovers (the
 * backoff visible in the recorded tries), Slack's payload, and a webhook that fails for a day:
 * disabled, its admins told. The worker's clock is injected: nothing sleeps.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from './log';
import { retryDelayMs, RETRY_WINDOW_MS, signedHeaders, startNotifyWorker, type NotifyWorker } from './notify-worker';
import { startTestServer, type ApiClient, type TestServer } from './testing/harness';

let now = 1_800_000_000_000;
let server: TestServer;
let maya: ApiClient;
let receiver: Server;
let receiverUrl: string;
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
const received: Received[] = [];
/** Per path, the receiver answers these statuses in turn, then 200. */
const answers = new Map<string, number[]>();

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      const status = answers.get(req.url ?? '')?.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'receiver down for maintenance');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  server = await startTestServer();
  maya = await server.signIn('maya@lumen.example');
});
afterAll(async () => {
  await server?.close();
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
});

const worker = (): NotifyWorker =>
  startNotifyWorker({ db: server.db, log: memoryLogger(), from: 'n@northlight.example', consoleUrl: 'https://console.lumen.example', now: () => now, random: () => 0.5 });

async function webhook(path: string, body: Record<string, unknown> = {}): Promise<{ id: string; secret: string }> {
  const res = await maya.call<{ webhook: { id: string }; secret: string }>('POST', '/v1/webhooks', { url: `${receiverUrl}${path}`, kinds: ['budget.threshold'], ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.webhook.id, secret: res.body.secret };
}

async function spentBudget(projectId: string): Promise<void> {
  const res = await maya.call('POST', '/v1/budgets', { projectId, amountCents: 100, thresholdsPercent: [50], policy: 'notify' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

/** Whether a received request carries a valid signature for this secret (at its own timestamp: the clock is injected). */
function signedBy(r: Received, secret: string): boolean {
  const id = String(r.headers['webhook-id']);
  const ts = Number(r.headers['webhook-timestamp']);
  return new Webhook(secret).sign(id, new Date(ts * 1000), r.body) === r.headers['webhook-signature'];
}

interface Delivery {
  id: string;
  eventId: string;
  status: string;
  attempts: number;
  tries: Array<{ attempt: number; status: string; latencyMs: number; response: string | null; at: string }>;
}

describe('webhooks', () => {
  it('sign as the specification’s test vector says', () => {
    // standard-webhooks/standard-webhooks, libraries/javascript/src/webhook.test.ts, "sign function works".
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
    const at = new Date(1614265330 * 1000);
    const body = '{"test": 2432232314}';
    const headers = signedHeaders(secret, id, at, body);
    expect(headers['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    expect(headers['webhook-id']).toBe(id);
    expect(headers['webhook-timestamp']).toBe('1614265330');
    // The library's own verification accepts it (at a time within its tolerance).
    const fresh = new Date();
    expect(new Webhook(secret).verify(body, signedHeaders(secret, id, fresh, body))).toEqual({ test: 2432232314 });
    expect(() => new Webhook(secret).verify(body, { ...signedHeaders(secret, id, fresh, body), 'webhook-signature': 'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=' })).toThrow();
  });

  it('retries a receiver that fails, with backoff, until it recovers; every try signed and recorded', async () => {
    const hook = await webhook('/standard');
    const slack = await webhook('/slack', { format: 'slack' });
    answers.set('/standard', [500, 503]);
    await spentBudget('p-vision');
    const w = worker();
    const start = now;
    // First try: 500. The row waits retryDelayMs(1); the Slack hook's first try succeeds.
    await w.runOnce();
    const standard = () => received.filter((r) => r.path === '/standard');
    expect(standard()).toHaveLength(1);
    expect((await w.runOnce()).delivered + (await w.runOnce()).failed).toBe(0);
    now += retryDelayMs(1, () => 0.5);
    await w.runOnce(); // 503
    expect(standard()).toHaveLength(2);
    now += retryDelayMs(2, () => 0.5);
    await w.runOnce(); // 200
    await w.stop();
    expect(standard()).toHaveLength(3);
    // One message: the same webhook-id on every try, each try's own timestamp, each signed.
    expect(new Set(standard().map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(standard().map((r) => Number(r.headers['webhook-timestamp']))).toEqual([start, start + 60_000, start + 180_000].map((ms) => Math.floor(ms / 1000)));
    for (const r of standard()) expect(signedBy(r, hook.secret), 'signed').toBe(true);
    expect(signedBy(standard()[0]!, slack.secret)).toBe(false);
    const payload = JSON.parse(standard()[2]!.body) as { type: string; data: { title: string; link: string; organizationId: string } };
    expect(payload.type).toBe('budget.threshold');
    expect(payload.data).toMatchObject({ title: 'The Vision budget reached 50 %', link: 'https://console.lumen.example/billing?tab=budgets', organizationId: 'org-lumen' });

    const deliveries = await maya.call<{ items: Delivery[] }>('GET', `/v1/webhooks/${hook.id}/deliveries`);
    expect(deliveries.status).toBe(200);
    const [d] = deliveries.body.items;
    expect(d).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(d!.tries.map((t) => [t.attempt, t.status, t.response?.slice(0, 8)])).toEqual([
      [1, 'failed', 'HTTP 500'],
      [2, 'failed', 'HTTP 503'],
      [3, 'delivered', 'HTTP 200'],
    ]);
    expect(d!.tries.map((t) => Date.parse(t.at) - start)).toEqual([0, 60_000, 180_000]);
    expect(d!.tries[0]!.response).toContain('receiver down for maintenance');

    // Replayed from the console: sent again, the same webhook-id, a new try recorded.
    const replay = await maya.call<{ deliveryId: string; status: string }>('POST', `/v1/webhooks/${hook.id}/deliveries/${d!.id}/replay`);
    expect(replay.status, JSON.stringify(replay.body)).toBe(202);
    expect((await maya.call('POST', `/v1/webhooks/${hook.id}/deliveries/999999/replay`)).status).toBe(404);
    const again = worker();
    await again.runOnce();
    await again.stop();
    expect(standard()).toHaveLength(4);
    expect(standard()[3]!.headers['webhook-id']).toBe(standard()[0]!.headers['webhook-id']);
    expect(signedBy(standard()[3]!, hook.secret)).toBe(true);
    const [replayed] = (await maya.call<{ items: Delivery[] }>('GET', `/v1/webhooks/${hook.id}/deliveries`)).body.items;
    expect(replayed!.tries.map((t) => `${t.attempt}:${t.status}`)).toEqual(['1:failed', '2:failed', '3:delivered', '4:delivered']);

    // Slack's format: {text, blocks}, with the console link.
    const toSlack = received.filter((r) => r.path === '/slack');
    expect(toSlack).toHaveLength(1);
    const message = JSON.parse(toSlack[0]!.body) as { text: string; blocks: unknown[] };
    expect(message.text).toContain('*The Vision budget reached 50 %*');
    expect(message.text).toContain('<https://console.lumen.example/billing?tab=budgets|Open in Northlight>');
    // Only admins see webhooks and their deliveries.
    const ana = await server.signIn('ana@lumen.example');
    expect((await ana.call('GET', `/v1/webhooks/${hook.id}/deliveries`)).status).toBe(403);
    expect((await ana.call('GET', '/v1/webhooks')).status).toBe(403);
    expect((await ana.call('POST', `/v1/webhooks/${hook.id}/deliveries/1/replay`)).status).toBe(403);
    await maya.call('DELETE', `/v1/webhooks/${slack.id}`);
    await maya.call('DELETE', `/v1/webhooks/${hook.id}`);
  });

  it('disables a webhook that failed for a day and tells the admins, in the console and by e-mail', async () => {
    const hook = await webhook('/down');
    await spentBudget('p-llm');
    const w = worker();
    const start = now;
    // The receiver is down the whole time: a try each time one is due, until the day is over.
    while (now - start <= RETRY_WINDOW_MS + 60 * 60_000) {
      answers.set('/down', [500]);
      await w.runOnce();
      now += 60 * 60_000;
    }
    await w.stop();
    const down = received.filter((r) => r.path === '/down');
    // About a try an hour once the backoff reached its hour, for the day, then no more.
    expect(down.length).toBeGreaterThan(20);
    expect(Number(down.at(-1)!.headers['webhook-timestamp']) * 1000 - start).toBeGreaterThanOrEqual(RETRY_WINDOW_MS);
    const list = await maya.call<{ items: Array<{ id: string; status: string; disabledReason: string | null }> }>('GET', '/v1/webhooks');
    expect(list.body.items.find((x) => x.id === hook.id)).toMatchObject({ status: 'disabled', disabledReason: expect.stringMatching(/HTTP 500/) as unknown });
    const [d] = (await maya.call<{ items: Delivery[] }>('GET', `/v1/webhooks/${hook.id}/deliveries`)).body.items;
    expect(d!.status).toBe('failed');
    const notices = await maya.call<{ items: Array<{ kind: string; title: string; link: string | null }> }>('GET', '/v1/notifications?limit=50');
    expect(notices.body.items.find((n) => n.kind === 'webhook.disabled')?.title).toContain(`${receiverUrl}/down`);
    // It leads to where webhooks are set up again: the Members page.
    expect(notices.body.items.find((n) => n.kind === 'webhook.disabled')?.link).toBe('/members');
    const mails = await server.db.query<{ recipient: string }>(`SELECT recipient FROM notification_outbox WHERE kind = 'webhook.disabled' AND channel = 'email'`);
    expect(mails.map((m) => m.recipient)).toEqual(['maya@lumen.example']);
    // Nothing more is sent to it.
    await spentBudget('p-search');
    const w2 = worker();
    await w2.runOnce();
    await w2.stop();
    expect(received.filter((r) => r.path === '/down')).toHaveLength(down.length);
  });
});
