import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { renderRoute } from '../../../testing/render';
import { server, testCloud } from '../../../testing/server';
import { parseCsv } from '../../../lib/csv';
import { api } from '../../../api/client';
import { statusAt } from '../../../cloud/lifecycle';
import type { AuditEntry } from '../api/audit-log';

function entry(n: number, over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: `a-${n}`,
    at: new Date(Date.UTC(2026, 10, 20, 12, 0) - n * 60_000).toISOString(),
    actorKind: 'user',
    actorId: 'u-maya',
    actorName: 'Maya Chen',
    tokenId: null,
    tokenName: null,
    address: null,
    action: 'pod.launch',
    summary: `Launched pod-${n}`,
    targetType: 'pod',
    targetId: `pod-${n}`,
    targetName: `pod-${n}`,
    projectId: 'p-vision',
    before: null,
    after: null,
    monthlyCostDeltaCents: null,
    ...over,
  };
}

const stopped = entry(1, {
  action: 'pod.change',
  summary: 'Applied fewer GPUs to train-7b, "big", one, two',
  targetName: 'train-7b',
  address: '203.0.113.7',
  before: { gpuCount: 4, status: 'running' } as AuditEntry['before'],
  after: { gpuCount: 2, status: 'running' } as AuditEntry['after'],
  monthlyCostDeltaCents: -124_000,
});
const viaToken = entry(2, {
  actorKind: 'token',
  tokenId: 't-1',
  tokenName: 'ci-deploy',
  summary: 'Launched eval-runner',
  monthlyCostDeltaCents: 35_040,
});
const byPolicy = entry(3, {
  actorKind: 'policy',
  actorId: null,
  actorName: 'Vision budget',
  action: 'budget.policy-stop',
  summary: 'Stopped idle-notebook: the Vision budget was spent',
  monthlyCostDeltaCents: -50_000,
});

/** Serves the entries in pages of `pageSize` over a cursor (the index of the next one), and records every request's query. */
function serveAuditLog(entries: AuditEntry[], pageSize = 50) {
  const requests: URLSearchParams[] = [];
  server.use(
    http.get('*/api/v1/audit-log', ({ request }) => {
      const q = new URL(request.url).searchParams;
      requests.push(q);
      const start = Number(q.get('cursor') ?? 0);
      const limit = Math.min(Number(q.get('limit') ?? 100), pageSize);
      const items = entries.filter((e) => !q.get('action') || e.action === q.get('action')).slice(start, start + limit);
      const next = start + limit < entries.length ? String(start + limit) : null;
      return HttpResponse.json({ items, nextCursor: next });
    }),
  );
  return requests;
}

const actAs = (userId: string) => {
  testCloud().context.state.currentUserId = userId;
};

describe('Audit log', { timeout: 20_000 }, () => {
  it('shows who changed what, from where, the change in words and the monthly effect with its sign', async () => {
    serveAuditLog([stopped, viaToken, byPolicy]);
    renderRoute('/audit');
    expect(await screen.findByRole('heading', { level: 1, name: 'Audit log' })).toBeInTheDocument();
    expect(screen.getByText(/Admins and finance see the organization’s entries; engineers see their own/)).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Audit log entries, newest first' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);

    const [first, second, third] = rows as [HTMLElement, HTMLElement, HTMLElement];
    expect(within(first).getByRole('rowheader')).toHaveTextContent('Nov 20, 2026, 11:59 AM UTC');
    expect(first).toHaveTextContent('203.0.113.7');
    expect(first).toHaveTextContent('Applied fewer GPUs to train-7b');
    const change = within(first).getByRole('list');
    expect(within(change).getByRole('listitem')).toHaveTextContent('GPU count: 4 → to 2');
    expect(change).not.toHaveTextContent('{');
    expect(within(first).getByText('−$1,240.00 a month')).toBeInTheDocument();

    expect(second).toHaveTextContent('Maya Chen');
    expect(second).toHaveTextContent('via token ci-deploy');
    expect(second).toHaveTextContent('—');
    expect(within(second).getByText('+$350.40 a month')).toBeInTheDocument();

    expect(within(third).getByText('Policy')).toBeInTheDocument();
    expect(third).toHaveTextContent('Vision budget');
    expect(third).toHaveTextContent('Budget policy stopped a pod');
    expect(within(third).getByText('−$500.00 a month')).toBeInTheDocument();
  });

  it('lists a stop made through the API, with the simulator’s own record: who, what, the change and a saving', async () => {
    const ctx = testCloud().context;
    const pod = ctx.state.pods.find((p) => statusAt(p, ctx.now()) === 'running' && p.gpuCount > 0)!;
    const stop = await api.POST('/v1/pods/{podId}/stop', { params: { path: { podId: pod.id } } });
    expect(stop.response.ok).toBe(true);
    const { router } = renderRoute('/audit');
    await screen.findByRole('table', { name: 'Audit log entries, newest first' });
    await userEvent.selectOptions(screen.getByLabelText('What'), 'Pod stopped');
    await waitFor(() => expect(router.state.location.search).toBe('?action=pod.stop'));
    const table = screen.getByRole('table', { name: 'Audit log entries, newest first' });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(2));
    const row = within(table).getAllByRole('row')[1]!;
    expect(row).toHaveTextContent(`Stopped pod ${pod.name}`);
    expect(row).toHaveTextContent('Maya Chen');
    expect(
      within(row)
        .getByText(/^Heading for:/)
        .closest('li'),
    ).toHaveTextContent('Heading for: running → to stopped');
    expect(within(row).getByText(/^−\$[\d,]+\.\d\d a month$/)).toBeInTheDocument();
  });

  it('keeps the filters in the URL and asks the API for them; Clear filters drops them', async () => {
    const requests = serveAuditLog([stopped, viaToken, byPolicy]);
    const { router } = renderRoute('/audit');
    await screen.findByRole('table', { name: 'Audit log entries, newest first' });
    expect(requests.at(-1)!.get('action')).toBeNull();

    await userEvent.selectOptions(screen.getByLabelText('What'), 'Budget policy stopped a pod');
    await waitFor(() => expect(router.state.location.search).toContain('action=budget.policy-stop'));
    await waitFor(() => expect(requests.at(-1)!.get('action')).toBe('budget.policy-stop'));
    await waitFor(() =>
      expect(within(screen.getByRole('table', { name: 'Audit log entries, newest first' })).getAllByRole('row')).toHaveLength(2),
    );

    // Who lists the organization's people (once loaded) and the policies.
    await screen.findByRole('option', { name: 'Oskar Lindqvist' });
    await userEvent.selectOptions(screen.getByLabelText('Who'), 'Policies (budgets, auto-stop)');
    await waitFor(() => expect(requests.at(-1)!.get('actorId')).toBe('policy'));
    await userEvent.selectOptions(within(screen.getByRole('main')).getByLabelText('Project'), 'Vision');
    await waitFor(() => expect(requests.at(-1)!.get('projectId')).toBe('p-vision'));

    // Whole days in the viewer's zone (UTC here): To goes out as the start of the day after.
    await userEvent.type(screen.getByLabelText('From'), '2026-11-01');
    await userEvent.type(screen.getByLabelText('To'), '2026-11-20');
    await waitFor(() => expect(requests.at(-1)!.get('to')).toBe('2026-11-21T00:00:00.000Z'));
    expect(requests.at(-1)!.get('from')).toBe('2026-11-01T00:00:00.000Z');
    expect(new URLSearchParams(router.state.location.search).get('from')).toBe('2026-11-01');
    expect(new URLSearchParams(router.state.location.search).get('actorId')).toBe('policy');

    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(router.state.location.search).toBe(''));
    await waitFor(() => expect([...requests.at(-1)!.keys()]).toEqual(['limit']));
    expect(screen.getByLabelText('What')).toHaveValue('');
    expect(screen.getByRole('button', { name: 'Clear filters' })).toBeDisabled();
  });

  it('opens a shared link with its filters, and says when nothing matches', async () => {
    const requests = serveAuditLog([stopped]);
    renderRoute('/audit?action=api-token.create&projectId=p-llm');
    expect(await screen.findByText('No entries match these filters')).toBeInTheDocument();
    expect(screen.getByLabelText('What')).toHaveValue('api-token.create');
    expect(within(screen.getByRole('main')).getByLabelText('Project')).toHaveDisplayValue('LLM research');
    expect(requests[0]!.get('projectId')).toBe('p-llm');
  });

  it('shares one project with the header: chosen there, the page and its link follow; chosen here, the header does', async () => {
    const requests = serveAuditLog([stopped]);
    const { router } = renderRoute('/audit');
    await screen.findByRole('table', { name: 'Audit log entries, newest first' });
    const here = within(screen.getByRole('main')).getByLabelText('Project');
    const header = screen.getAllByLabelText('Project').find((c) => c !== here)!;
    await waitFor(() => expect(header).toBeEnabled());
    await userEvent.selectOptions(header, 'LLM research');
    await waitFor(() => expect(requests.at(-1)!.get('projectId')).toBe('p-llm'));
    expect(here).toHaveValue('p-llm');
    await waitFor(() => expect(new URLSearchParams(router.state.location.search).get('projectId')).toBe('p-llm'));
    await userEvent.selectOptions(here, 'Vision');
    await waitFor(() => expect(header).toHaveValue('p-vision'));
    await waitFor(() => expect(requests.at(-1)!.get('projectId')).toBe('p-vision'));
    expect(new URLSearchParams(router.state.location.search).get('projectId')).toBe('p-vision');
  });

  it('appends the next page on Load older entries, until there are no more', async () => {
    const all = Array.from({ length: 60 }, (_, i) => entry(i + 1));
    const requests = serveAuditLog(all);
    renderRoute('/audit');
    const table = await screen.findByRole('table', { name: 'Audit log entries, newest first' });
    expect(within(table).getAllByRole('row')).toHaveLength(51);
    expect(screen.getByText(/Showing 50 entries; older ones follow/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Load older entries' }));
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(61));
    expect(within(table).getByText('Launched pod-1')).toBeInTheDocument();
    expect(within(table).getByText('Launched pod-60')).toBeInTheDocument();
    expect(requests.at(-1)!.get('cursor')).toBe('50');
    expect(screen.queryByRole('button', { name: 'Load older entries' })).not.toBeInTheDocument();
    // The button went with the last page: focus is on the line that says so, not lost.
    await waitFor(() => expect(screen.getByText('That is every entry matching these filters.')).toHaveFocus());
  });

  describe('Export CSV', () => {
    let blobs: Blob[];
    beforeEach(() => {
      blobs = [];
      // jsdom has no object URLs and does not download: keep what would be saved.
      Object.defineProperty(URL, 'createObjectURL', {
        configurable: true,
        writable: true,
        value: (b: Blob) => (blobs.push(b), 'blob:audit'),
      });
      Object.defineProperty(URL, 'revokeObjectURL', { configurable: true, writable: true, value: () => undefined });
      vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    });
    afterEach(() => {
      Reflect.deleteProperty(URL, 'createObjectURL');
      Reflect.deleteProperty(URL, 'revokeObjectURL');
    });

    it('downloads every entry matching the filters, not only those loaded, and says how many', async () => {
      const all = [stopped, viaToken, byPolicy, ...Array.from({ length: 700 }, (_, i) => entry(i + 10))];
      const requests = serveAuditLog(all, 500);
      renderRoute('/audit?projectId=p-vision');
      await screen.findByRole('table', { name: 'Audit log entries, newest first' });
      await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
      expect(await screen.findByText(/^Exported 703 entries to audit-log-\d{4}-\d\d-\d\d\.csv\.$/)).toBeInTheDocument();
      const exports = requests.filter((q) => q.get('limit') === '500');
      expect(exports.map((q) => q.get('cursor'))).toEqual([null, '500']);
      expect(exports.every((q) => q.get('projectId') === 'p-vision')).toBe(true);

      const rows = parseCsv((await blobs[0]!.text()).replace(/^\ufeff/, ''));
      expect(rows[0]).toEqual([
        'When (UTC)',
        'Who',
        'Acting as',
        'Token',
        'From',
        'Action',
        'What',
        'Target',
        'Project',
        'Change',
        'Monthly effect (USD)',
      ]);
      expect(rows).toHaveLength(704);
      expect(rows[1]).toEqual([
        stopped.at,
        'Maya Chen',
        'User',
        '',
        '203.0.113.7',
        'Pod changed',
        'Applied fewer GPUs to train-7b, "big", one, two',
        'train-7b',
        'Vision',
        'GPU count: 4 → 2',
        '-1240.00',
      ]);
      expect(rows[2]![3]).toBe('ci-deploy');
      expect(rows[2]![10]).toBe('350.40');
      expect(rows[3]![2]).toBe('Policy');
    });

    it('says in plain words when the export fails', async () => {
      let calls = 0;
      server.use(
        http.get('*/api/v1/audit-log', () =>
          calls++ === 0
            ? HttpResponse.json({ items: [stopped], nextCursor: null })
            : HttpResponse.json(
                { type: 'about:blank', title: 'Unavailable', status: 503, detail: 'The audit log is busy. Try again in a minute.' },
                { status: 503, headers: { 'content-type': 'application/problem+json' } },
              ),
        ),
      );
      renderRoute('/audit');
      await screen.findByRole('table', { name: 'Audit log entries, newest first' });
      await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
      expect(await screen.findByRole('alert')).toHaveTextContent('Could not export: The audit log is busy. Try again in a minute.');
      expect(blobs).toHaveLength(0);
    });
  });

  it('says what went wrong when the log cannot load, and loads on Try again', async () => {
    let failing = true;
    server.use(
      http.get('*/api/v1/audit-log', () =>
        failing
          ? HttpResponse.json(
              { type: 'about:blank', title: 'Unavailable', status: 503, detail: 'The audit log is unavailable for a moment.' },
              { status: 503, headers: { 'content-type': 'application/problem+json' } },
            )
          : HttpResponse.json({ items: [stopped], nextCursor: null }),
      ),
    );
    renderRoute('/audit');
    expect(await screen.findByRole('alert')).toHaveTextContent('The audit log is unavailable for a moment.');
    failing = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('table', { name: 'Audit log entries, newest first' })).toHaveTextContent('Applied fewer GPUs');
  });

  it('offers an engineer only their own name and the policies under Who', async () => {
    actAs('u-ana');
    serveAuditLog([]);
    renderRoute('/audit');
    expect(await screen.findByText('No entries yet')).toBeInTheDocument();
    const who = screen.getByLabelText('Who');
    await waitFor(() =>
      expect(
        within(who)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual(['Everyone I can see', 'Ana Souza', 'Policies (budgets, auto-stop)']),
    );
  });
});
