import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { renderRoute } from '../../../testing/render';
import { server, testCloud } from '../../../testing/server';
import { createApiClient } from '../../../api/client';
import { statusAt } from '../../../cloud/lifecycle';
import { formatCents } from '../../../lib/format';

function figure(label: string): HTMLElement {
  const term = screen.getByText(label, { selector: 'dt' });
  const list = term.closest('dl');
  if (!list) throw new Error(`no figure ${label}`);
  return within(list).getAllByRole('definition')[0]!;
}

describe('Overview', () => {
  it('shows running pods, GPUs in use and this month’s spend as the simulated cloud reports them', async () => {
    renderRoute('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' })).toBeInTheDocument();
    await screen.findByText('Running pods', { selector: 'dt' });
    const ctx = testCloud().context;
    const now = ctx.now();
    const running = ctx.state.pods.filter((p) => statusAt(p, now) === 'running');
    expect(figure('Running pods')).toHaveTextContent(String(running.length));
    expect(figure('GPUs in use')).toHaveTextContent(String(running.reduce((a, p) => a + p.gpuCount, 0)));
    // Labelled for what they count: Billing's GPU and disk figures, to the cent (egress is on Billing).
    const api = createApiClient('http://localhost/api');
    const billing = (await api.GET('/v1/billing/summary')).data!;
    expect(billing.monthToDate.egressCents).toBeGreaterThan(0);
    expect(figure('GPUs and disks this month')).toHaveTextContent(formatCents(billing.monthToDate.gpuCents + billing.monthToDate.diskCents));
    const october = (await api.GET('/v1/invoices/{month}', { params: { path: { month: '2026-10' } } })).data!;
    const gpuAndDisk = october.lines.filter((l) => l.kind !== 'egress').reduce((a, l) => a + l.amountCents, 0);
    expect(figure('GPUs and disks in October 2026')).toHaveTextContent(formatCents(gpuAndDisk));
    expect(screen.getByRole('link', { name: 'Egress, forecast: Billing' })).toHaveAttribute('href', '/billing');
    expect(screen.getByRole('link', { name: 'See running pods' })).toHaveAttribute('href', '/pods?status=running');
  });

  it('follows the header’s project: its pods, its spend as Billing counts it, and its savings', async () => {
    renderRoute('/');
    await screen.findByText('Running pods', { selector: 'dt' });
    await userEvent.selectOptions(screen.getByLabelText('Project'), 'LLM research');
    expect(await screen.findByText(/^LLM research, as of /)).toBeInTheDocument();
    const ctx = testCloud().context;
    const running = ctx.state.pods.filter((p) => p.projectId === 'p-llm' && statusAt(p, ctx.now()) === 'running');
    await waitFor(() => expect(figure('Running pods')).toHaveTextContent(String(running.length)));
    const api = createApiClient('http://localhost/api');
    const billing = (await api.GET('/v1/billing/summary', { params: { query: { projectId: 'p-llm' } } })).data!;
    expect(figure('GPUs and disks this month')).toHaveTextContent(formatCents(billing.monthToDate.gpuCents + billing.monthToDate.diskCents));
  });

  it('says in plain words when the API fails, and offers to try again', async () => {
    server.use(
      http.get('*/api/v1/overview', () =>
        HttpResponse.json({ type: 'about:blank', title: 'Unavailable', status: 503, detail: 'The billing service is restarting. Try again in a minute.' }, { status: 503, headers: { 'content-type': 'application/problem+json' } }),
      ),
    );
    renderRoute('/');
    expect(await screen.findByRole('alert')).toHaveTextContent('The billing service is restarting. Try again in a minute.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
