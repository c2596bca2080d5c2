/**
 * Webhooks on the Members page, against the simulator (MSW), as an admin would use them: add one
 * and see its signing secret once, a bad address refused at its field with what was typed kept,
 * the API's refusals in its words, delete after a confirmation, a webhook's deliveries with their
 * tries, and Replay. A non-admin sees none of it and asks nothing about it.
 */
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { createApiClient } from '../../../api/client';
import { renderRoute } from '../../../testing/render';
import { server, testCloud } from '../../../testing/server';

const api = createApiClient('http://localhost/api');
const URL_ONE = 'https://hooks.lumen.example/northlight';

const actAs = (userId: string) => {
  testCloud().context.state.currentUserId = userId;
};

/** The Members page as Maya (admin), once its webhooks section (a chunk of its own) is there. */
async function openWebhooks() {
  actAs('u-maya');
  renderRoute('/members');
  return screen.findByRole('form', { name: 'Add a webhook' }, { timeout: 10_000 });
}

async function addByApi(url: string, kinds: Array<'budget.threshold' | 'pod.idle'> = []): Promise<string> {
  actAs('u-maya');
  const made = await api.POST('/v1/webhooks', { body: { url, kinds } });
  expect(made.response.status).toBe(201);
  return made.data!.webhook.id;
}

const problem = (status: number, title: string, detail: string) =>
  HttpResponse.json({ type: 'about:blank', title, status, detail }, { status, headers: { 'content-type': 'application/problem+json' } });

describe('webhooks on the Members page', { timeout: 30_000 }, () => {
  it('refuses a plain-http address at its field, keeping it; adds a webhook and shows its signing secret once, with how to verify it; lists it', async () => {
    const user = userEvent.setup();
    const form = await openWebhooks();
    expect(screen.getByRole('heading', { level: 2, name: 'Webhooks' })).toBeInTheDocument();
    expect(await screen.findByText('No webhooks yet')).toBeInTheDocument();

    const url = within(form).getByLabelText('Receiver URL');
    await user.type(url, 'http://hooks.lumen.example/northlight');
    await user.click(within(form).getByRole('button', { name: 'Add webhook' }));
    expect(url).toHaveAccessibleDescription(/sent over https only/);
    expect(url).toHaveAttribute('aria-invalid', 'true');
    expect(url).toHaveFocus();
    expect(url).toHaveValue('http://hooks.lumen.example/northlight');
    expect(testCloud().context.state.webhooks ?? []).toEqual([]);

    await user.clear(url);
    await user.type(url, URL_ONE);
    await user.click(within(form).getByRole('checkbox', { name: /A budget crossed an alert threshold/ }));
    await user.click(within(form).getByRole('checkbox', { name: /A pod is idle/ }));
    expect(within(form).getByRole('radio', { name: /^Standard Webhooks/ })).toBeChecked();
    await user.click(within(form).getByRole('button', { name: 'Add webhook' }));

    // The secret, once, with focus on it: the one the API keeps to sign.
    const heading = await screen.findByRole('heading', {
      name: `Webhook to ${URL_ONE} added. Copy its signing secret now: it will not be shown again.`,
    });
    expect(heading).toHaveFocus();
    const saved = testCloud().context.state.webhooks!;
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ url: URL_ONE, kinds: ['budget.threshold', 'pod.idle'], format: 'standard' });
    const secret = screen.getByLabelText('Signing secret');
    expect(secret).toHaveValue(saved[0]!.secret);
    expect(saved[0]!.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(screen.getByText('webhook-signature')).toBeInTheDocument();
    expect(screen.getByText('webhook-timestamp')).toBeInTheDocument();
    expect(screen.getByText(/use it to drop duplicates/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Copy the signing secret' }));
    expect(await screen.findByText('Copied.')).toBeInTheDocument();
    expect(await navigator.clipboard.readText()).toBe(saved[0]!.secret);
    await user.click(screen.getByRole('button', { name: 'Done' }));

    // Never again: the form is back, empty, with focus on its first field; the webhook is listed.
    expect(document.body.innerHTML).not.toContain(saved[0]!.secret);
    const again = screen.getByRole('form', { name: 'Add a webhook' });
    expect(within(again).getByLabelText('Receiver URL')).toHaveFocus();
    expect(within(again).getByLabelText('Receiver URL')).toHaveValue('');
    const table = await screen.findByRole('table', { name: /^Webhooks: where the organization’s notifications go/ });
    const row = within(table).getByRole('row', { name: new RegExp(URL_ONE) });
    expect(row).toHaveTextContent('A budget crossed an alert threshold');
    expect(row).toHaveTextContent('A pod is idle');
    expect(row).toHaveTextContent('Standard Webhooks');
    expect(row).toHaveTextContent('Active');
  });

  it('says the API’s refusals in its words: at the address when it names the field, above the button otherwise; what was typed stays', async () => {
    // The API keeps at most 20 webhooks an organization.
    for (let i = 0; i < 20; i++) await addByApi(`https://hooks.lumen.example/${i}`);
    const user = userEvent.setup();
    const form = await openWebhooks();
    const url = within(form).getByLabelText('Receiver URL');
    await user.type(url, 'https://hooks.lumen.example/one-more');
    await user.click(within(form).getByRole('radio', { name: /^Slack/ }));
    await user.click(within(form).getByRole('button', { name: 'Add webhook' }));
    expect(await within(form).findByText('Remove one first.')).toBeInTheDocument();
    expect(url).toHaveAccessibleDescription(/Remove one first\./);
    expect(url).toHaveValue('https://hooks.lumen.example/one-more');
    expect(url).toHaveFocus();
    expect(within(form).getByRole('radio', { name: /^Slack/ })).toBeChecked();
    expect(testCloud().context.state.webhooks).toHaveLength(20);

    server.use(http.post('*/api/v1/webhooks', () => problem(503, 'Unavailable', 'The API is restarting: try again in a minute.')));
    await user.type(url, '-2');
    await user.click(within(form).getByRole('button', { name: 'Add webhook' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('The API is restarting: try again in a minute.');
    expect(url).toHaveValue('https://hooks.lumen.example/one-more-2');
    expect(url).not.toHaveAccessibleDescription(/Remove one first/);
  });

  it('deletes a webhook only after a confirmation, with focus on Cancel first', async () => {
    await addByApi(URL_ONE);
    const user = userEvent.setup();
    await openWebhooks();
    const table = await screen.findByRole('table', { name: /^Webhooks:/ });
    const row = within(table).getByRole('row', { name: new RegExp(URL_ONE) });
    expect(row).toHaveTextContent('Every event');

    await user.click(within(row).getByRole('button', { name: `Delete the webhook to ${URL_ONE}…` }));
    expect(within(row).getByText(/Nothing more is sent to it/)).toBeInTheDocument();
    expect(within(row).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.keyboard('{Enter}');
    // Enter on Cancel: nothing deleted, focus back on the trigger.
    expect(within(row).getByRole('button', { name: `Delete the webhook to ${URL_ONE}…` })).toHaveFocus();
    expect(testCloud().context.state.webhooks).toHaveLength(1);

    await user.click(within(row).getByRole('button', { name: `Delete the webhook to ${URL_ONE}…` }));
    await user.click(within(row).getByRole('button', { name: 'Delete the webhook' }));
    expect(await screen.findByText(`The webhook to ${URL_ONE} was deleted: nothing more is sent to it.`)).toHaveFocus();
    expect(await screen.findByText('No webhooks yet')).toBeInTheDocument();
    expect(testCloud().context.state.webhooks).toEqual([]);
  });

  it('lists a webhook’s deliveries with their state, and replays one with focus kept on its button', async () => {
    const id = await addByApi(URL_ONE, ['budget.threshold']);
    // An event: a budget of $1 on Vision, already past its 50 % threshold.
    const budget = await api.POST('/v1/budgets', {
      body: { projectId: 'p-vision', amountCents: 100, thresholdsPercent: [50], policy: 'notify' },
    });
    expect(budget.response.status).toBe(201);
    const user = userEvent.setup();
    await openWebhooks();
    const table = await screen.findByRole('table', { name: /^Webhooks:/ });
    const open = within(table).getByRole('button', { name: `Deliveries to ${URL_ONE}` });
    expect(open).toHaveAttribute('aria-expanded', 'false');
    await user.click(open);
    expect(open).toHaveAttribute('aria-expanded', 'true');
    const panel = screen.getByRole('region', { name: `Deliveries to ${URL_ONE}` });
    expect(open).toHaveAttribute('aria-controls', panel.id);
    const deliveries = await within(panel).findByRole('table', {
      name: `Deliveries to ${URL_ONE}, newest first: each event with its state and every try`,
    });
    const row = within(deliveries).getByRole('row', { name: /A budget crossed an alert threshold/ });
    // The simulator sends nothing: pending, never tried.
    expect(row).toHaveTextContent('Pending');
    expect(row).toHaveTextContent('Not tried yet');
    expect(row).toHaveTextContent('None yet');
    expect(row).toHaveTextContent(/budget-alert:/);

    const replay = within(row).getByRole('button', { name: /^Replay: A budget crossed an alert threshold/ });
    await user.click(replay);
    expect(await within(panel).findByText(/sent again from now, with the same webhook-id/)).toBeInTheDocument();
    expect(within(deliveries).getByRole('button', { name: /^Replay: / })).toHaveFocus();
    expect((await api.GET('/v1/webhooks/{webhookId}/deliveries', { params: { path: { webhookId: id } } })).data!.items).toHaveLength(1);

    await user.click(open);
    expect(screen.queryByRole('region', { name: `Deliveries to ${URL_ONE}` })).not.toBeInTheDocument();
  });

  it('shows every try of a delivery (time, HTTP status, latency, the answer’s first characters), and says a refused replay in the API’s words', async () => {
    const id = await addByApi(URL_ONE);
    // A real server's record (the simulator never sends): failed with a 500, then delivered.
    const at = (s: number) => new Date(Date.UTC(2026, 11, 6, 19, 20, s)).toISOString();
    server.use(
      http.get('*/api/v1/webhooks/:id/deliveries', () =>
        HttpResponse.json({
          items: [
            {
              id: '42',
              eventId: 'budget-alert:ba-1:1765048800000',
              kind: 'budget.threshold',
              status: 'delivered',
              attempts: 2,
              createdAt: at(0),
              nextAttemptAt: null,
              deliveredAt: at(5),
              lastError: 'HTTP 500 receiver down for maintenance',
              tries: [
                { attempt: 1, at: at(1), status: 'failed', latencyMs: 84, response: 'HTTP 500 receiver down for maintenance' },
                { attempt: 2, at: at(5), status: 'delivered', latencyMs: 12, response: 'HTTP 200 ok' },
              ],
            },
            {
              id: '43',
              eventId: 'idle:pod-1:1765049000000',
              kind: 'pod.idle',
              status: 'pending',
              attempts: 1,
              createdAt: at(30),
              nextAttemptAt: at(59),
              deliveredAt: null,
              lastError: 'connect ECONNREFUSED',
              tries: [{ attempt: 1, at: at(31), status: 'failed', latencyMs: 3, response: 'connect ECONNREFUSED 127.0.0.1:9' }],
            },
          ],
        }),
      ),
      http.post('*/api/v1/webhooks/:id/deliveries/:deliveryId/replay', () =>
        problem(409, 'Webhook disabled', 'This webhook was disabled after a day of failed deliveries: set it up again to send to it.'),
      ),
    );
    const user = userEvent.setup();
    await openWebhooks();
    await user.click(await screen.findByRole('button', { name: `Deliveries to ${URL_ONE}` }));
    const deliveries = await screen.findByRole('table', { name: /^Deliveries to / });
    const delivered = within(deliveries).getByRole('row', { name: /A budget crossed an alert threshold/ });
    expect(delivered).toHaveTextContent('Delivered');
    const tries = within(delivered).getAllByRole('listitem');
    expect(tries).toHaveLength(2);
    expect(tries[0]).toHaveTextContent('Try 1 failed, Dec 6, 7:20:01 PM UTC: HTTP 500, 84 ms');
    expect(tries[0]).toHaveTextContent('receiver down for maintenance');
    expect(tries[1]).toHaveTextContent('Try 2 delivered, Dec 6, 7:20:05 PM UTC: HTTP 200, 12 ms');
    expect(tries[1]).toHaveTextContent(/ms\s*ok$/);
    const pending = within(deliveries).getByRole('row', { name: /A pod is idle/ });
    expect(pending).toHaveTextContent('Pending');
    expect(pending).toHaveTextContent(/Next try/);
    expect(pending).toHaveTextContent(/Try 1 failed, .*: no HTTP answer, 3 ms/);
    expect(pending).toHaveTextContent('connect ECONNREFUSED 127.0.0.1:9');

    const replay = within(delivered).getByRole('button', { name: /^Replay: / });
    await user.click(replay);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This webhook was disabled after a day of failed deliveries: set it up again to send to it.',
    );
    expect(replay).toHaveFocus();
    expect(id).toMatch(/^wh/);
  });

  it('says when and why a webhook was disabled, and offers no Replay for it', async () => {
    await addByApi(URL_ONE, ['budget.threshold']);
    const budget = await api.POST('/v1/budgets', {
      body: { projectId: 'p-vision', amountCents: 100, thresholdsPercent: [50], policy: 'notify' },
    });
    expect(budget.response.status).toBe(201);
    // As the server's worker leaves it after a day of failures (cloud/ops/webhooks.ts disableWebhook).
    Object.assign(testCloud().context.state.webhooks![0]!, {
      disabledAtMs: Date.UTC(2026, 11, 6, 19, 20),
      disabledReason: 'HTTP 500 receiver down for maintenance',
    });
    const user = userEvent.setup();
    await openWebhooks();
    const table = await screen.findByRole('table', { name: /^Webhooks:/ });
    const row = within(table).getByRole('row', { name: new RegExp(URL_ONE) });
    expect(row).toHaveTextContent('Disabled');
    expect(row).toHaveTextContent('Dec 6, 2026, 7:20 PM UTC');
    expect(row).toHaveTextContent('HTTP 500 receiver down for maintenance');
    await user.click(within(row).getByRole('button', { name: `Deliveries to ${URL_ONE}` }));
    const deliveries = await screen.findByRole('table', { name: /^Deliveries to / });
    expect(within(deliveries).getByRole('row', { name: /A budget crossed an alert threshold/ })).toBeInTheDocument();
    expect(within(deliveries).queryByRole('button', { name: /^Replay/ })).not.toBeInTheDocument();
    expect(screen.getByText(/This webhook is disabled: nothing is sent to it, and a replay is refused/)).toBeInTheDocument();
  });

  it('is not shown to a non-admin, who asks nothing about webhooks', async () => {
    actAs('u-ana');
    const asked: string[] = [];
    server.events.on('request:start', ({ request }) => {
      asked.push(new URL(request.url).pathname);
    });
    renderRoute('/members');
    expect(await screen.findByRole('table', { name: /^Members/ }, { timeout: 5_000 })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Webhooks' })).not.toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Add a webhook' })).not.toBeInTheDocument();
    expect(asked.filter((p) => p.includes('/v1/webhooks'))).toEqual([]);
    server.events.removeAllListeners();
  });
});
