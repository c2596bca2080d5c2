import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { components } from '../../../api/schema';
import { renderRoute } from '../../../testing/render';
import { server, testCloud } from '../../../testing/server';
import { formatCents } from '../../../lib/format';
import { formatMicroUsd } from '../inference-format';
import { recommendationTitle } from '../serving-recommendation-format';

const LOAD = { timeout: 15_000 };

type PodInference = components['schemas']['PodInference'];

async function call<T>(method: string, path: string, query = '', body?: unknown): Promise<T> {
  const res = await testCloud().handle({ method, path, query: new URLSearchParams(query), headers: new Headers(), body });
  expect(res.status).toBe(200);
  return res.body as T;
}

function figure(label: string, root: HTMLElement): HTMLElement {
  const value = within(root).getByText(label, { selector: 'dt' }).nextElementSibling;
  if (!(value instanceof HTMLElement)) throw new Error(`no figure ${label}`);
  return value;
}

describe('a pod page’s serving section', () => {
  it('shows a serving pod’s model, cost per million tokens, latency and hosted list prices, as the API answers', async () => {
    await call('POST', '/v1/simulation/reset', '', { scenario: 'inference-platform' });
    const summary = await call<components['schemas']['InferenceSummary']>('GET', '/v1/inference/summary', 'range=7d');
    const podId = summary.pods[0]!.podId;
    const api = await call<PodInference>('GET', `/v1/pods/${podId}/inference`, 'range=7d');
    expect(api.serving).toBe(true);
    const user = userEvent.setup();
    renderRoute(`/pods/${podId}`);

    const section = (await screen.findByRole('heading', { name: 'Serving' }, LOAD)).closest('section')!;
    expect(section).toHaveTextContent(`Serves ${api.model!.name}`);
    expect(figure('GPU spend on serving', section)).toHaveTextContent(formatCents(api.figures.spendCents));
    expect(figure('Cost per million tokens', section)).toHaveTextContent(`${formatMicroUsd(api.figures.inputMicroUsdPerMillionTokens)} in · ${formatMicroUsd(api.figures.outputMicroUsdPerMillionTokens)} out`);
    expect(figure('Latency, p50 / p95', section)).toHaveTextContent(/^\d+(\.\d)? ms \/ \d+(\.\d)? ms to first token$/);
    expect(figure('Prefix-cache hit rate', section)).toHaveTextContent(/^\d+(\.\d)?%$/);
    const hosted = within(section).getByRole('table', { name: /^Hosted API list prices per million tokens/ });
    const first = api.hosted[0]!;
    const row = within(hosted).getByRole('rowheader', { name: `${first.provider} · ${first.model}` }).closest('tr')!;
    expect(within(row).getAllByRole('cell').map((c) => c.textContent).slice(0, 3)).toEqual([formatMicroUsd(first.microUsdPer1MInputTokens), formatMicroUsd(first.microUsdPer1MOutputTokens), formatCents(first.sameTokensCents)]);
    expect(within(section).getByRole('link', { name: 'Compare with the same model on other GPU types' })).toHaveAttribute('href', '/utilization?view=inference');

    // By day: a chart with the same figures in a table.
    expect(await within(section).findByRole('img', { name: /cost per million input and output tokens on each of \d+ days/ }, LOAD)).toBeInTheDocument();
    await user.click(within(section).getByText('Show the days as a table'));
    const days = within(section).getByRole('table', { name: 'Serving figures by UTC day' });
    expect(within(days).getAllByRole('row')).toHaveLength(1 + api.days.length);
  });

  it('shows the recommendations about the pod with their evidence', async () => {
    await call('POST', '/v1/simulation/reset', '', { scenario: 'inference-platform' });
    const summary = await call<components['schemas']['InferenceSummary']>('GET', '/v1/inference/summary', 'range=7d');
    const rec = summary.recommendations.find((r) => r.kind === 'cheaper-gpu')!;
    const api = await call<PodInference>('GET', `/v1/pods/${rec.podIds[0]}/inference`, 'range=7d');
    expect(api.recommendations.map((r) => r.id)).toContain(rec.id);
    renderRoute(`/pods/${rec.podIds[0]}`);

    const section = (await screen.findByRole('heading', { name: 'Serving' }, LOAD)).closest('section')!;
    await within(section).findByRole('heading', { name: 'Recommendations for this pod' }, LOAD);
    const article = within(section).getByRole('article', { name: recommendationTitle(rec) });
    expect(within(article).getByRole('heading', { level: 4 })).toHaveTextContent(recommendationTitle(rec));
    expect(article).toHaveTextContent(`Saves ${formatCents(rec.monthlySavingsCents)} a month`);
    const table = within(article).getByRole('table', { name: /^Evidence for/ });
    const row = within(table).getByRole('rowheader', { name: 'GPU cost a month' }).closest('tr')!;
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual([formatCents(rec.currentMonthlyCostCents), formatCents(rec.projectedMonthlyCostCents)]);
    expect(within(section).getAllByRole('article')).toHaveLength(api.recommendations.length);
  });

  it('is not there for a pod that serves no model', async () => {
    const ctx = testCloud().context;
    const pod = ctx.state.pods.find((p) => p.archetype === 'training')!;
    const api = await call<PodInference>('GET', `/v1/pods/${pod.id}/inference`, 'range=7d');
    expect(api.serving).toBe(false);
    let answered = false;
    server.events.on('response:mocked', ({ request }) => {
      if (new URL(request.url).pathname.endsWith(`/pods/${pod.id}/inference`)) answered = true;
    });
    renderRoute(`/pods/${pod.id}`);
    await screen.findByRole('heading', { name: 'Waste ledger' }, LOAD);
    await waitFor(() => expect(answered).toBe(true), LOAD);
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole('heading', { name: 'Serving' })).not.toBeInTheDocument();
    server.events.removeAllListeners();
  });
});
