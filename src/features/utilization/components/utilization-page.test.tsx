import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { renderRoute } from '../../../testing/render';
import { server, testCloud } from '../../../testing/server';
import { spendTotals } from '../../../cloud/billing';
import { statusAt } from '../../../cloud/lifecycle';
import { formatCents } from '../../../lib/format';

/** The route chunk (with Recharts) loads lazily: the first render may take a few seconds under test. */
const LOAD = { timeout: 15_000 };

const HALF_HOUR = 1_800_000;
const WEEK = 7 * 86_400_000;

function figure(label: string): HTMLElement {
  const term = screen.getByText(label, { selector: 'dt' });
  const value = term.nextElementSibling;
  if (!(value instanceof HTMLElement)) throw new Error(`no figure ${label}`);
  return value;
}

/** The billing ledger's GPU charges over the page's default window (7 days to the last half hour). */
function billedGpuCents(projectId?: string): number {
  const ctx = testCloud().context;
  const toMs = Math.floor(ctx.now() / HALF_HOUR) * HALF_HOUR;
  const pods = ctx.state.pods.filter((p) => !projectId || p.projectId === projectId);
  return spendTotals(pods, toMs - WEEK, toMs).gpuCents;
}

describe('Utilization', () => {
  it('shows the GPU spend the billing ledger charged, and narrows to a project', async () => {
    const user = userEvent.setup();
    renderRoute('/utilization');
    expect(await screen.findByRole('heading', { level: 1, name: 'Utilization' }, LOAD)).toBeInTheDocument();
    await screen.findByText(/ pods ran\.$/, {}, LOAD); // the summary's figures, not their empty boxes
    expect(figure('GPU spend')).toHaveTextContent(formatCents(billedGpuCents()));
    expect(screen.getByText(/Lumen AI, /)).toBeInTheDocument();
    // Two shares a reader can tell apart: time active (not idle) and dollars wasted.
    expect(figure('GPU time active')).toHaveTextContent(/^\d+(\.\d)?%/);
    expect(screen.getByText(/^Share of allocated GPU-hours not idle\. Under-used and oversized time counts as active here/)).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 3, name: /^Where the GPU spend went: \d+(\.\d)?% of the dollars wasted$/ })).toBeInTheDocument();
    expect(screen.queryByText('Efficiency', { selector: 'dt' })).not.toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Scope'), 'project');
    await user.selectOptions(await screen.findByLabelText('Which project'), 'LLM research');
    await waitFor(() => expect(screen.getByText(/LLM research, /)).toBeInTheDocument());
    await waitFor(() => expect(figure('GPU spend')).toHaveTextContent(formatCents(billedGpuCents('p-llm'))));
  });

  it('follows the header’s project, and a scope chosen here moves the header too', async () => {
    const user = userEvent.setup();
    renderRoute('/utilization');
    await screen.findByText(/ pods ran\.$/, {}, LOAD); // the summary's figures, not their empty boxes
    const header = screen.getByRole('combobox', { name: 'Project' });
    await user.selectOptions(header, 'Vision');
    await waitFor(() => expect(screen.getByText(/^Vision, /)).toBeInTheDocument());
    await waitFor(() => expect(figure('GPU spend')).toHaveTextContent(formatCents(billedGpuCents('p-vision'))));
    expect(screen.getByLabelText('Scope')).toHaveValue('project');
    await user.selectOptions(screen.getByLabelText('Scope'), 'organization');
    await waitFor(() => expect(screen.getByText(/^Lumen AI, /)).toBeInTheDocument());
    expect(header).toHaveValue('all');
    await user.selectOptions(screen.getByLabelText('Scope'), 'project');
    await user.selectOptions(await screen.findByLabelText('Which project'), 'LLM research');
    await waitFor(() => expect(header).toHaveValue('p-llm'));
  });

  it('breaks the waste down by project, with a total equal to the summary, sortable by any column', async () => {
    const user = userEvent.setup();
    renderRoute('/utilization?range=30d');
    const table = await screen.findByRole('table', { name: /by project/ }, LOAD);
    await screen.findByText(/ pods ran\.$/, {}, LOAD); // the summary's figures, not their empty boxes
    const waste = figure('Waste').textContent ?? '';
    const total = within(table).getByRole('rowheader', { name: 'Total' }).closest('tr')!;
    expect(within(total).getAllByRole('cell').at(-1)).toHaveTextContent(waste);
    expect(within(table).getAllByRole('row')).toHaveLength(1 + 4 + 1);
    expect(within(table).getByRole('link', { name: 'Vision' })).toHaveAttribute('href', '/utilization?range=30d&scope=project&scopeId=p-vision&by=pod');

    const spendHeader = within(table).getByRole('columnheader', { name: /GPU spend/ });
    await user.click(within(spendHeader).getByRole('button'));
    await waitFor(() => expect(screen.getByRole('columnheader', { name: /GPU spend/ })).toHaveAttribute('aria-sort', 'descending'));

    await user.click(screen.getByRole('tab', { name: 'By pod' }));
    const pods = await screen.findByRole('table', { name: /by pod/ });
    const firstPod = within(pods).getAllByRole('rowheader')[0]!;
    expect(within(firstPod).getByRole('link')).toHaveAttribute('href', expect.stringMatching(/^\/pods\/pod-/));
  });

  it('lists pods idle right now and stops one', async () => {
    const user = userEvent.setup();
    renderRoute('/utilization');
    const card = (await screen.findByRole('heading', { name: 'Idle right now' }, LOAD)).closest('section')!;
    const stopButtons = await within(card).findAllByRole('button', { name: /^Stop / }, LOAD);
    expect(within(card).getAllByText(/\/h idle/).length).toBe(stopButtons.length);
    const name = stopButtons[0]!.getAttribute('aria-label')!.replace(/^Stop /, '');
    await user.click(stopButtons[0]!);
    const ctx = testCloud().context;
    await waitFor(() => expect(statusAt(ctx.state.pods.find((p) => p.name === name)!, ctx.now())).toBe('stopping'));
    await waitFor(() => expect(within(card).queryByRole('button', { name: `Stop ${name}` })).not.toBeInTheDocument());
  });

  it('offers no Stop button to finance', async () => {
    testCloud().context.state.currentUserId = 'u-oskar';
    renderRoute('/utilization');
    const card = (await screen.findByRole('heading', { name: 'Idle right now' }, LOAD)).closest('section')!;
    await within(card).findAllByText(/\/h idle/, {}, LOAD);
    expect(within(card).queryByRole('button', { name: /^Stop / })).not.toBeInTheDocument();
  });

  it('explains the thresholds and applies new ones from the URL', async () => {
    const user = userEvent.setup();
    renderRoute('/utilization');
    await screen.findByText(/ pods ran\.$/, {}, LOAD); // the summary's figures, not their empty boxes
    const before = figure('Waste').textContent;
    const idle = screen.getByLabelText('Idle below (% engine activity)');
    await user.clear(idle);
    await user.type(idle, '30');
    await user.click(screen.getByRole('button', { name: 'Apply thresholds' }));
    await waitFor(() => expect(figure('Waste').textContent).not.toBe(before));
    expect(screen.getByRole('button', { name: /Reset to defaults/ })).toBeInTheDocument();
  });

  it('says in plain words when the summary fails', async () => {
    server.use(
      http.get('*/api/v1/utilization/summary', () =>
        HttpResponse.json({ type: 'about:blank', title: 'Unavailable', status: 503, detail: 'Telemetry is catching up. Try again in a minute.' }, { status: 503, headers: { 'content-type': 'application/problem+json' } }),
      ),
    );
    renderRoute('/utilization');
    expect(await screen.findByText('Telemetry is catching up. Try again in a minute.', {}, LOAD)).toBeInTheDocument();
  });
});
