/**
 * Against the real server and a real receiver (node:http, started by this test on 127.0.0.1, that
 * answers 500 to the first request and 200 afterwards): an admin adds a webhook on the Members
 * page and copies its signing secret, shown once; a budget crosses its threshold; the server's
 * worker posts the event, the receiver refuses it, and the page shows the delivery pending with its
 * failed try (HTTP 500, latency, the answer's first characters). Replay sends it again at once: the
 * page shows it delivered, with its second try. Both requests carry the same webhook-id, and their
 * webhook-signature verifies with the secret the page showed (standardwebhooks).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { test, expect, expectNoSeriousA11yViolations, callApi } from '../e2e/fixtures';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

let receiver: Server | null = null;
test.afterEach(async () => {
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  receiver = null;
});

/** A receiver that answers 500 first, then 200; what it got, in order. */
async function startReceiver(): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const status = received.length === 0 ? 500 : 200;
      received.push({ headers: req.headers, body, status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'thanks' : 'receiver down for maintenance');
    });
  });
  await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', () => resolve()));
  return { url: `http://127.0.0.1:${(receiver!.address() as AddressInfo).port}/northlight`, received };
}

const header = (h: IncomingHttpHeaders, name: string): string => String(h[name] ?? '');

test('an admin adds a webhook; a budget event reaches a failing receiver, the page shows the failed try, Replay delivers it, signed with the secret shown once', async ({
  page,
  context,
}) => {
  test.slow();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { url, received } = await startReceiver();

  // 1. The admin adds the webhook on the Members page: budget thresholds, the standard format.
  await page.goto('/members');
  await expect(page.getByRole('heading', { level: 1, name: 'Members' })).toBeVisible();
  const form = page.getByRole('form', { name: 'Add a webhook' });
  // Plain http to another host is refused at the field, before anything is sent; what was typed stays.
  await form.getByLabel('Receiver URL').fill('http://hooks.example.com/northlight');
  await form.getByRole('button', { name: 'Add webhook' }).click();
  await expect(form.getByLabel('Receiver URL')).toHaveAccessibleDescription(/sent over https only/);
  await expect(form.getByLabel('Receiver URL')).toHaveValue('http://hooks.example.com/northlight');
  await form.getByLabel('Receiver URL').fill(url);
  await form.getByRole('checkbox', { name: /A budget crossed an alert threshold/ }).check();
  await form.getByRole('button', { name: 'Add webhook' }).click();

  // 2. The signing secret, once, with focus on it, and how to verify it.
  await expect(
    page.getByRole('heading', { name: `Webhook to ${url} added. Copy its signing secret now: it will not be shown again.` }),
  ).toBeFocused();
  await expect(page.getByText('webhook-signature', { exact: true })).toBeVisible();
  const secret = await page.getByRole('textbox', { name: 'Signing secret' }).inputValue();
  await expectNoSeriousA11yViolations(page);
  expect(secret).toMatch(/^whsec_/);
  await page.getByRole('button', { name: 'Copy the signing secret' }).click();
  await expect(page.getByText('Copied.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('textbox', { name: 'Signing secret' })).toHaveCount(0);
  const row = page.getByRole('table', { name: /^Webhooks:/ }).getByRole('row', { name: new RegExp(url) });
  await expect(row).toContainText('A budget crossed an alert threshold');
  await expect(row).toContainText('Active');

  // 3. An event: a $1 budget on Vision, past its 50 % threshold at once.
  const budget = await callApi<{ id?: string }>(page, 'POST', '/v1/budgets', {
    projectId: 'p-vision',
    amountCents: 100,
    thresholdsPercent: [50],
    policy: 'notify',
  });
  expect(budget.id, JSON.stringify(budget)).toBeTruthy();

  // 4. The worker posts it (every 5 s); the receiver answers 500; the page shows the failed try.
  await row.getByRole('button', { name: `Deliveries to ${url}` }).click();
  const deliveries = page.getByRole('table', { name: `Deliveries to ${url}, newest first: each event with its state and every try` });
  const delivery = deliveries.getByRole('row', { name: /A budget crossed an alert threshold/ });
  await expect(delivery.getByRole('listitem')).toHaveCount(1, { timeout: 30_000 });
  await expect(delivery).toContainText('Pending');
  await expect(delivery).toContainText(/Next try/);
  await expect(delivery.getByRole('listitem').first()).toContainText(/Try 1 failed, .*: HTTP 500, \d+ ms/);
  await expect(delivery.getByRole('listitem').first()).toContainText('receiver down for maintenance');
  expect(received).toHaveLength(1);
  await expectNoSeriousA11yViolations(page);

  // 5. Replay: sent again now, not in a minute; focus stays on the button; the page shows it delivered.
  const replay = delivery.getByRole('button', { name: /^Replay: A budget crossed an alert threshold/ });
  await replay.click();
  await expect(page.getByText(/sent again from now, with the same webhook-id/)).toBeVisible();
  await expect(replay).toBeFocused();
  await expect(delivery).toContainText('Delivered', { timeout: 30_000 });
  await expect(delivery.getByRole('listitem')).toHaveCount(2);
  await expect(delivery.getByRole('listitem').nth(1)).toContainText(/Try 2 delivered, .*: HTTP 200, \d+ ms/);
  await expect(delivery.getByRole('listitem').nth(1)).toContainText('thanks');

  // 6. What the receiver got: one message (one webhook-id) twice, each signed with the secret shown.
  expect(received.map((r) => r.status)).toEqual([500, 200]);
  expect(new Set(received.map((r) => header(r.headers, 'webhook-id'))).size).toBe(1);
  expect(header(received[0]!.headers, 'webhook-id')).toMatch(/^msg_/);
  for (const r of received) {
    const headers = {
      'webhook-id': header(r.headers, 'webhook-id'),
      'webhook-timestamp': header(r.headers, 'webhook-timestamp'),
      'webhook-signature': header(r.headers, 'webhook-signature'),
    };
    expect(headers['webhook-signature']).toMatch(/^v1,/);
    const payload = new Webhook(secret).verify(r.body, headers) as { type: string; data: { title: string; eventId: string } };
    expect(payload.type).toBe('budget.threshold');
    expect(payload.data.title).toBe('The Vision budget reached 50 %');
    // A different secret does not verify it.
    expect(() => new Webhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').verify(r.body, headers)).toThrow();
  }
  await expect(delivery.getByRole('rowheader')).toContainText(JSON.parse(received[0]!.body).data.eventId as string);
});
