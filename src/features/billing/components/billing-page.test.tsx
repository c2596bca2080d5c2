import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { renderRoute } from '../../../testing/render';
import { server, testCloud } from '../../../testing/server';
import { monthSpendAt } from '../../../cloud/spend';
import { formatCents } from '../../../lib/format';
import { api } from '../../../api/client';

function figure(label: string | RegExp): HTMLElement {
  const term = screen.getByText(label, { selector: 'dt' });
  return within(term.closest('dl')!).getAllByRole('definition')[0]!;
}

const actAs = (userId: string) => {
  testCloud().context.state.currentUserId = userId;
};

// Each test loads the page's lazy route and its API groups; on a busy machine that takes seconds.
describe('Billing', { timeout: 20_000 }, () => {
  it('shows month to date, last month and the forecast with its range and method, as the ledger has them', async () => {
    actAs('u-oskar');
    renderRoute('/billing');
    await screen.findByText('Month to date', { selector: 'dt' }, { timeout: 5_000 });
    const ctx = testCloud().context;
    const mtd = monthSpendAt(ctx.state.pods, ctx.now()).organizationCents;
    expect(figure('Month to date')).toHaveTextContent(formatCents(mtd));
    expect(figure('Last month (October 2026)')).toHaveTextContent(/^\$[\d,]+\.\d\d$/);
    expect(figure('Forecast for November 2026')).toHaveTextContent(/^\$[\d,]+\.\d\d$/);
    expect(screen.getByText(/^Range \$[\d,.]+ to \$[\d,.]+$/)).toBeInTheDocument();
    expect(figure('Budget')).toHaveTextContent('No budget');
    await userEvent.click(screen.getByText('How the forecast is made'));
    expect(screen.getByText(/run-rate of what runs now/)).toBeVisible();
  });

  it('shows the last 30 days’ waste as the Utilization summary has it, to the cent, for the organization and a project', async () => {
    actAs('u-oskar');
    // What the page asks for: the window's totals, not the summary (which adds up the 30 days before too).
    const asked: string[] = [];
    const listen = ({ request }: { request: Request }) => void asked.push(new URL(request.url).pathname);
    server.events.on('request:start', listen);
    renderRoute('/billing');
    const card = (await screen.findByText('Share of GPU spend that was waste, last 30 days', {}, { timeout: 10_000 })).parentElement!;
    await waitFor(() => expect(card).toHaveTextContent(/ of \$/));
    server.events.removeListener('request:start', listen);
    expect(asked).toContain('/api/v1/utilization/timeseries');
    expect(asked).not.toContain('/api/v1/utilization/summary');
    const org = (await api.GET('/v1/utilization/summary', { params: { query: { range: '30d' } } })).data!;
    expect(org.current.wasteCents).toBeGreaterThan(0);
    expect(card).toHaveTextContent(`${formatCents(org.current.wasteCents)} of ${formatCents(org.current.spendCents)}`);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Project' }), 'p-llm');
    const llm = (await api.GET('/v1/utilization/summary', { params: { query: { range: '30d', scope: 'project', scopeId: 'p-llm' } } })).data!;
    expect(llm.current.spendCents).toBeLessThan(org.current.spendCents);
    await waitFor(() => expect(screen.getByText('Share of GPU spend that was waste, last 30 days').parentElement).toHaveTextContent(`${formatCents(llm.current.wasteCents)} of ${formatCents(llm.current.spendCents)}`), { timeout: 10_000 });
  });

  it('breaks spend down by the chosen dimension, with rows that sum to the total, and opens a row to its pods', async () => {
    actAs('u-oskar');
    const { router } = renderRoute('/billing?view=table');
    const breakdown = await screen.findByRole('table', { name: /^Spend by project from/ }, { timeout: 5_000 });
    const rows = within(breakdown).getAllByRole('row');
    const total = rows.at(-1)!;
    expect(within(total).getByRole('rowheader')).toHaveTextContent('Total');
    await userEvent.selectOptions(screen.getByLabelText('Break down by'), 'gpuType');
    await waitFor(() => expect(router.state.location.search).toContain('by=gpuType'));
    expect(await screen.findByRole('heading', { name: 'Breakdown by GPU type' })).toBeInTheDocument();
    const byGpu = await screen.findByRole('table', { name: /^Spend by GPU type from/ }, { timeout: 5_000 });
    expect(within(byGpu).getByRole('rowheader', { name: 'NVIDIA A100 SXM 80GB' })).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Break down by'), 'project');
    const byProject = await screen.findByRole('table', { name: /^Spend by project from/ }, { timeout: 5_000 });
    const vision = within(byProject).getByRole('rowheader', { name: 'Vision' }).closest('tr')!;
    const visionAmount = within(vision).getAllByRole('cell')[0]!.textContent;
    await userEvent.click(within(vision).getByRole('button', { name: 'Pods behind Vision' }));
    const pods = await screen.findByRole('table', { name: 'What makes up Vision' }, { timeout: 5_000 });
    expect(screen.getByRole('heading', { name: 'Pods behind Vision' })).toHaveFocus();
    expect(within(pods).getAllByRole('link').length).toBeGreaterThan(0);
    expect(within(within(pods).getAllByRole('row').at(-1)!).getAllByRole('cell').at(-1)).toHaveTextContent(visionAmount!);
    expect(router.state.location.search).toContain('drill=p-vision');
  });

  it('lets finance set a budget and lists the alert it fires, with when and why', async () => {
    actAs('u-oskar');
    const ctx = testCloud().context;
    const spent = monthSpendAt(ctx.state.pods, ctx.now()).byProjectCents['p-search']!;
    renderRoute('/billing?tab=budgets');
    expect(await screen.findByText('No budgets yet', undefined, { timeout: 5_000 })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'New budget' }));
    // The button goes away as the form opens: focus is on the form's first field, not the page.
    expect(screen.getByLabelText('Applies to')).toHaveFocus();
    await userEvent.selectOptions(screen.getByLabelText('Applies to'), 'Search ranking');
    // Spend so far is about 90% of this amount: the 50% and 80% alerts fire at once.
    const amount = ((Math.round(spent / 0.9 / 100) * 100) / 100).toFixed(2);
    await userEvent.type(screen.getByLabelText('Monthly amount (USD)'), amount);
    await userEvent.click(screen.getByLabelText(/Block new launches/));
    await userEvent.click(screen.getByRole('button', { name: 'Save budget' }));
    const table = await screen.findByRole('table', { name: 'Budgets and their month so far' }, { timeout: 5_000 });
    expect(within(table).getByRole('rowheader', { name: 'Search ranking' })).toBeInTheDocument();
    expect(within(table).getByText('Block new launches')).toBeInTheDocument();
    const alerts = await screen.findByRole('list', { name: 'Budget alerts, newest first' }, { timeout: 5_000 });
    expect(within(alerts).getByText('80% of the Search ranking budget reached')).toBeInTheDocument();
    expect(within(alerts).getByText('50% of the Search ranking budget reached')).toBeInTheDocument();
    expect(within(alerts).getAllByText(/alerted when the budget was set/)).toHaveLength(2);
    // Saved, the form closes and focus comes back to "New budget".
    expect(screen.getByRole('button', { name: 'New budget' })).toHaveFocus();
  });

  it('says what is wrong with a budget, field by field, and keeps what was typed', async () => {
    actAs('u-maya');
    renderRoute('/billing?tab=budgets');
    await userEvent.click(await screen.findByRole('button', { name: 'New budget' }, { timeout: 5_000 }));
    await userEvent.type(screen.getByLabelText('Monthly amount (USD)'), '12,5x');
    await userEvent.click(screen.getByLabelText('50%'));
    await userEvent.click(screen.getByLabelText('80%'));
    await userEvent.click(screen.getByLabelText('100%'));
    await userEvent.click(screen.getByRole('button', { name: 'Save budget' }));
    expect(screen.getByLabelText('Monthly amount (USD)')).toHaveAccessibleDescription(/Enter a monthly amount/);
    expect(screen.getByLabelText('Monthly amount (USD)')).toHaveValue('12,5x');
    expect(screen.getByText('Choose at least one threshold.')).toBeInTheDocument();
  });

  it('shows engineers their projects’ spend and budgets, read-only, and no invoices', async () => {
    actAs('u-ana');
    renderRoute('/billing?tab=budgets');
    expect(await screen.findByText(/Finance and admins set budgets/, undefined, { timeout: 5_000 })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New budget' })).not.toBeInTheDocument();
    const sections = screen.getByRole('navigation', { name: 'Billing sections' });
    expect(within(sections).queryByRole('link', { name: 'Invoices' })).not.toBeInTheDocument();
    const ctx = testCloud().context;
    const spend = monthSpendAt(ctx.state.pods, ctx.now()).byProjectCents;
    await waitFor(() => expect(figure('Month to date')).toHaveTextContent(formatCents(spend['p-vision']! + spend['p-serving']!)));
  });

  it('shows an invoice whose lines add up to its total, and amounts in a display currency with its rate', async () => {
    actAs('u-oskar');
    renderRoute('/billing?tab=invoices&invoice=2026-10');
    const lines = await screen.findByRole('table', { name: 'Line items of the invoice for October 2026' }, { timeout: 5_000 });
    expect(within(lines).getByRole('rowheader', { name: 'Block storage (pod disks)' })).toBeInTheDocument();
    const total = within(within(lines).getAllByRole('row').at(-1)!).getAllByRole('cell').at(-1)!.textContent!;
    const list = screen.getByRole('table', { name: 'Invoices by month' });
    expect(within(within(list).getByRole('rowheader', { name: 'October 2026' }).closest('tr')!).getByText(total)).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Display currency'), 'EUR');
    expect(await screen.findByText(/1 USD = 0\.8620 EUR, fixed rate of Nov 2, 2026/)).toBeInTheDocument();
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Line items of the invoice for October 2026' })).getAllByText(/^€/).length).toBeGreaterThan(2));
  });

  it('says in plain words when the spend figures cannot load', async () => {
    server.use(
      http.get('*/api/v1/billing/summary', () =>
        HttpResponse.json({ type: 'about:blank', title: 'Unavailable', status: 503, detail: 'Billing is being recalculated. Try again in a minute.' }, { status: 503, headers: { 'content-type': 'application/problem+json' } }),
      ),
    );
    renderRoute('/billing');
    expect(await screen.findByText('Billing is being recalculated. Try again in a minute.', undefined, { timeout: 5_000 })).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Try again' }).length).toBeGreaterThan(0);
  });

  it('with every billing read failing, shows one error with one Try again, keeps its sections, and comes back on Try again', async () => {
    let failing = true;
    const unavailable = () =>
      failing
        ? HttpResponse.json({ type: 'about:blank', title: 'Unavailable', status: 503, detail: 'The API is unavailable for a moment.' }, { status: 503, headers: { 'content-type': 'application/problem+json' } })
        : undefined;
    server.use(http.get('*/api/v1/billing/*', unavailable), http.get('*/api/v1/budgets*', unavailable), http.get('*/api/v1/invoices*', unavailable));
    renderRoute('/billing');
    // Said from the first failure, while the reads keep retrying behind it.
    const failure = await screen.findByRole('alert', undefined, { timeout: 5_000 });
    expect(failure).toHaveTextContent('The API is unavailable for a moment.');
    await new Promise((r) => setTimeout(r, 3_500)); // every read's retries spent
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(screen.getAllByRole('button', { name: 'Try again' })).toHaveLength(1);
    const sections = screen.getByRole('navigation', { name: 'Billing sections' });
    expect(within(sections).getByRole('link', { name: 'Spend' })).toBeInTheDocument();
    expect(within(sections).getByRole('link', { name: 'Budgets' })).toBeInTheDocument();
    failing = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Month to date', { selector: 'dt' }, { timeout: 5_000 })).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'Waste and savings' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
