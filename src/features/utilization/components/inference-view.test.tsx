import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { components } from '../../../api/schema';
import { renderRoute } from '../../../testing/render';
import { testCloud } from '../../../testing/server';
import { formatCents, formatDate } from '../../../lib/format';
import { formatLatency, formatMicroUsd } from '../inference-format';
import { recommendationTitle } from '../serving-recommendation-format';

/** The route chunk and the Inference tab's own chunk load lazily: the first render may take a few seconds under test. */
const LOAD = { timeout: 15_000 };

type Summary = components['schemas']['InferenceSummary'];

async function loadScenario(scenario: string): Promise<void> {
  const res = await testCloud().handle({ method: 'POST', path: '/v1/simulation/reset', query: new URLSearchParams(), headers: new Headers(), body: { scenario } });
  expect(res.status).toBe(200);
}

/** What the API answers the view (its default window, 7 days, and first 50 pods). */
async function summary(query = 'range=7d&limit=50'): Promise<Summary> {
  const res = await testCloud().handle({ method: 'GET', path: '/v1/inference/summary', query: new URLSearchParams(query), headers: new Headers(), body: undefined });
  return res.body as Summary;
}

function figure(label: string, root: HTMLElement = document.body): HTMLElement {
  const value = within(root).getByText(label, { selector: 'dt' }).nextElementSibling;
  if (!(value instanceof HTMLElement)) throw new Error(`no figure ${label}`);
  return value;
}

function cells(table: HTMLElement, rowName: string): string[] {
  const row = within(table).getByRole('rowheader', { name: rowName }).closest('tr')!;
  return within(row).getAllByRole('cell').map((c) => c.textContent ?? '');
}

describe('the Inference view', () => {
  it('shows a model’s cost per million tokens on two GPU types as the API answers, beside hosted list prices', async () => {
    await loadScenario('inference-platform');
    const api = await summary();
    const model = api.models.find((m) => m.gpuTypes.length >= 2)!;
    expect(model, 'a model served on two GPU types').toBeTruthy();
    renderRoute('/utilization?view=inference');

    const card = await screen.findByRole('region', { name: model.modelName }, LOAD);
    const table = within(card).getByRole('table', { name: `${model.modelName}: cost per million tokens, throughput, latency and caches by GPU type` });
    for (const gpu of model.gpuTypes.slice(0, 2)) {
      const [pods, spend, input, output, blended, perGpu, perDollar] = cells(table, gpu.gpuTypeName);
      expect(pods).toBe(String(gpu.podCount));
      expect(spend).toBe(formatCents(gpu.figures.spendCents));
      expect(input).toBe(formatMicroUsd(gpu.figures.inputMicroUsdPerMillionTokens));
      expect(output).toBe(formatMicroUsd(gpu.figures.outputMicroUsdPerMillionTokens));
      expect(blended).toBe(formatMicroUsd(gpu.figures.blendedMicroUsdPerMillionTokens));
      // Dollars per million tokens, from micro-dollars: "$0.2363".
      expect(output).toMatch(/^\$\d+\.\d{2,4}$/);
      expect(perGpu).toMatch(/^\d[\d,.]*$/);
      expect(perDollar).toMatch(/^\d[\d,.]*$/);
    }
    // The two GPU types' figures differ: each row is its own, not the model's.
    expect(cells(table, model.gpuTypes[0]!.gpuTypeName)[3]).not.toBe(cells(table, model.gpuTypes[1]!.gpuTypeName)[3]);
    expect(cells(table, 'All GPU types')[1]).toBe(formatCents(model.figures.spendCents));

    // Hosted APIs for models of its size: list prices, and what the same tokens would have cost there.
    const hosted = within(card).getByRole('table', { name: new RegExp(`^Hosted API list prices per million tokens .* ${model.modelName}'s tokens`) });
    expect(model.hosted.length).toBeGreaterThan(0);
    for (const h of model.hosted) {
      const [input, output, same] = cells(hosted, `${h.provider} · ${h.model}`);
      expect(input).toBe(formatMicroUsd(h.microUsdPer1MInputTokens));
      expect(output).toBe(formatMicroUsd(h.microUsdPer1MOutputTokens));
      expect(same).toBe(formatCents(h.sameTokensCents));
    }
    expect(cells(hosted, 'Our GPUs (GPU spend)')[1]).toBe(formatCents(model.figures.spendCents));
    // The chart has its text alternative.
    expect(within(card).getByRole('img', { name: /cost per million input and output tokens .* the tables below have the same figures/ })).toBeInTheDocument();

    // The whole's headline figures, and every serving pod leads to its page.
    expect(figure('GPU spend on serving')).toHaveTextContent(formatCents(api.totals.spendCents));
    expect(figure('Cost per million tokens')).toHaveTextContent(`${formatMicroUsd(api.totals.inputMicroUsdPerMillionTokens)} in · ${formatMicroUsd(api.totals.outputMicroUsdPerMillionTokens)} out`);
    const pods = screen.getByRole('table', { name: /^Serving figures by pod/ });
    expect(within(pods).getByRole('link', { name: api.pods[0]!.podName })).toHaveAttribute('href', `/pods/${api.pods[0]!.podId}`);
  });

  it('shows the whole’s cost per million tokens by day, as a chart and as a table with the API’s figures', async () => {
    await loadScenario('inference-platform');
    const res = await testCloud().handle({ method: 'GET', path: '/v1/inference/over-time', query: new URLSearchParams('range=7d'), headers: new Headers(), body: undefined });
    const overTime = res.body as components['schemas']['InferenceOverTime'];
    expect(overTime.days.length).toBeGreaterThanOrEqual(7);
    const user = userEvent.setup();
    renderRoute('/utilization?view=inference');

    const card = await screen.findByRole('region', { name: 'Cost per million tokens by day (UTC)' }, LOAD);
    expect(await within(card).findByRole('img', { name: `Line chart of the cost per million input and output tokens on each of ${overTime.days.length} days; the table below has the same figures.` }, LOAD)).toBeInTheDocument();
    await user.click(within(card).getByText('Show the days as a table'));
    const table = within(card).getByRole('table', { name: 'Serving figures by UTC day' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(overTime.days.length);
    const last = overTime.days.at(-1)!;
    const lastRow = within(table).getByRole('rowheader', { name: formatDate(`${last.date}T00:00:00Z`) }).closest('tr')!;
    expect(lastRow).toHaveTextContent(`${formatMicroUsd(last.figures.inputMicroUsdPerMillionTokens)}`);
    expect(lastRow).toHaveTextContent(`${formatMicroUsd(last.figures.outputMicroUsdPerMillionTokens)}`);
  });

  it('shows serving recommendations with their saving, confidence and evidence, as the API answers', async () => {
    await loadScenario('inference-platform');
    const api = await summary();
    const user = userEvent.setup();
    renderRoute('/utilization?view=inference');
    const card = (await screen.findByRole('heading', { name: 'Serving recommendations' }, LOAD)).closest('section')!;

    // The largest first: the scenario's four A100 replicas, where three carry the busiest five minutes.
    const fewer = api.recommendations[0]!;
    expect(fewer.kind).toBe('fewer-replicas');
    const first = within(card).getByRole('article', { name: recommendationTitle(fewer) });
    expect(first).toHaveTextContent(`Saves ${formatCents(fewer.monthlySavingsCents)} a month`);
    expect(first).toHaveTextContent(/(High|Medium|Low) confidence · \d+(\.\d)? days of telemetry/);
    expect(first).toHaveTextContent(/On 3 GPUs that peak would be \d+(\.\d)?% of their throughput .* within the 70% a serving autoscaler keeps as headroom/);
    const replicas = within(first).getByRole('table', { name: /^Evidence for/ });
    expect(cells(replicas, 'Replicas (GPUs)')).toEqual(['4', '3']);
    expect(cells(replicas, 'GPU cost a month')).toEqual([formatCents(fewer.currentMonthlyCostCents), formatCents(fewer.projectedMonthlyCostCents)]);

    // A cheaper GPU type: its latency now and expected, no slower at p95, and the cost per million tokens before and after.
    await user.click(within(card).getByRole('button', { name: `Show all ${api.recommendations.length}` }));
    const cheaper = api.recommendations.find((r) => r.kind === 'cheaper-gpu')!;
    const e = cheaper.evidence;
    if (e.kind !== 'cheaper-gpu') throw new Error(e.kind);
    const article = within(card).getByRole('article', { name: `Serve ${cheaper.podNames[0]} on ${e.toGpuCount}× ${e.toGpuTypeName} instead of ${e.fromGpuCount}× ${e.fromGpuTypeName}` });
    expect(article).toHaveTextContent(`Saves ${formatCents(cheaper.monthlySavingsCents)} a month`);
    expect(article).toHaveTextContent(`at a time to first token of ${formatLatency(e.ttftP50Seconds)} (p50) and ${formatLatency(e.ttftP95Seconds)} (p95)`);
    const table = within(article).getByRole('table', { name: /^Evidence for/ });
    expect(cells(table, 'Time to first token, p95')).toEqual([formatLatency(e.ttftP95Seconds), `${formatLatency(e.expectedTtftP95Seconds)} (expected, ${e.expectedSource === 'measured' ? 'measured' : 'benchmarks'})`]);
    expect(e.expectedTtftP95Seconds).toBeLessThanOrEqual(e.ttftP95Seconds);
    expect(cells(table, 'Cost per million tokens')).toEqual([`${formatMicroUsd(e.currentMicroUsdPerMillionTokens)} per million tokens`, `${formatMicroUsd(e.projectedMicroUsdPerMillionTokens)} per million tokens`]);
    expect(cells(table, 'GPUs')).toEqual([`${e.fromGpuCount}× ${e.fromGpuTypeName}`, `${e.toGpuCount}× ${e.toGpuTypeName}`]);
    // Followed from here: the launch form, filled in with the replacement on the cheaper GPU; the pod it replaces stops once it runs.
    const launch = cheaper.launch!;
    expect(launch).toMatchObject({ gpuTypeId: e.toGpuTypeId, gpuCount: e.toGpuCount, regionId: cheaper.regionId, projectId: cheaper.projectId, replacesPodId: cheaper.podIds[0] });
    const follow = within(article).getByRole('link', { name: `Launch ${launch.name} on ${e.toGpuTypeName}` });
    const href = new URL(follow.getAttribute('href')!, 'http://console');
    expect(href.pathname).toBe('/pods/new');
    expect(Object.fromEntries(href.searchParams)).toMatchObject({ gpuTypeId: e.toGpuTypeId, gpuCount: String(e.toGpuCount), regionId: cheaper.regionId, replacesPodId: cheaper.podIds[0], imageId: launch.imageId });
    expect(article).toHaveTextContent(`once the new pod runs, ${cheaper.podNames[0]} stops`);

    // Prefix-cache reuse is an estimate, and says so.
    const prefix = api.recommendations.find((r) => r.kind === 'prefix-cache')!;
    const estimate = within(card).getByRole('article', { name: recommendationTitle(prefix) });
    expect(estimate).toHaveTextContent(`Frees GPU time worth about ${formatCents(prefix.monthlySavingsCents)} a month (estimate)`);
    expect(estimate).toHaveTextContent(/Assumed: prefill takes \d+(\.\d)?% of the GPU time/);
    // It changes no GPU: nothing to launch.
    expect(prefix.launch).toBeUndefined();
    expect(within(estimate).queryByRole('link', { name: /^Launch / })).toBeNull();
  });

  it('follows a fewer-replicas recommendation: asks first, lists each pod’s change, applies it and says so where focus lands', async () => {
    await loadScenario('inference-platform');
    const api = await summary();
    const fewer = api.recommendations.find((r) => r.kind === 'fewer-replicas')!;
    if (fewer.evidence.kind !== 'fewer-replicas') throw new Error(fewer.evidence.kind);
    const changes = fewer.evidence.pods.filter((p) => p.gpuCountAfter < p.gpuCountNow);
    expect(changes.length).toBeGreaterThan(0);
    const user = userEvent.setup();
    renderRoute('/utilization?view=inference');
    const card = (await screen.findByRole('heading', { name: 'Serving recommendations' }, LOAD)).closest('section')!;
    const article = within(card).getByRole('article', { name: recommendationTitle(fewer) });
    const label = changes.length === 1 ? 'Apply the change' : `Apply the ${changes.length} changes`;

    // Nothing changes before it is confirmed; Cancel puts focus back on the button.
    await user.click(within(article).getByRole('button', { name: `${label}…` }));
    let confirm = within(article).getByRole('group', { name: `Confirm: ${recommendationTitle(fewer)}` });
    expect(within(confirm).getByRole('button', { name: label })).toHaveFocus();
    const items = within(confirm).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual(
      changes.map((c) => (c.gpuCountAfter === 0 ? expect.stringMatching(new RegExp(`^Stop ${c.podName}: its ${c.gpuCountNow} GPUs? (is|are) released; its disk is kept\\.$`)) : `Restart ${c.podName} with ${c.gpuCountAfter} GPU${c.gpuCountAfter === 1 ? '' : 's'} instead of ${c.gpuCountNow} (about 20 seconds); its disk is kept.`)),
    );
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(within(article).getByRole('button', { name: `${label}…` })).toHaveFocus();

    await user.click(within(article).getByRole('button', { name: `${label}…` }));
    confirm = within(article).getByRole('group', { name: `Confirm: ${recommendationTitle(fewer)}` });
    await user.click(within(confirm).getByRole('button', { name: label }));
    const said = await screen.findByText(new RegExp(`^Applied: ${recommendationTitle(fewer).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.`), {}, LOAD);
    await waitFor(() => expect(said).toHaveFocus());
    // The API says each pod changed as the recommendation said.
    for (const c of changes) {
      const pod = (await testCloud().handle({ method: 'GET', path: `/v1/pods/${c.podId}`, query: new URLSearchParams(), headers: new Headers(), body: undefined })).body as { status: string; gpuCount: number };
      if (c.gpuCountAfter === 0) expect(['stopping', 'stopped'], c.podName).toContain(pod.status);
      else expect(pod.gpuCount, c.podName).toBe(c.gpuCountAfter);
    }
  });

  it('is a tab of the Utilization page that the keyboard reaches, kept in the URL, following the page’s project', async () => {
    await loadScenario('inference-platform');
    const user = userEvent.setup();
    const { router } = renderRoute('/utilization?scope=project&scopeId=p-chat');
    const gpus = await screen.findByRole('tab', { name: 'GPU utilization' }, LOAD);
    expect(gpus).toHaveAttribute('aria-selected', 'true');
    await user.click(gpus);
    await user.keyboard('{ArrowRight}');
    const inference = screen.getByRole('tab', { name: 'Inference' });
    expect(inference).toHaveFocus();
    expect(inference).toHaveAttribute('aria-selected', 'true');
    expect(new URLSearchParams(router.state.location.search).get('view')).toBe('inference');
    expect(screen.getByRole('tabpanel', { name: 'Inference' })).toBeInTheDocument();

    const chat = await summary('range=7d&limit=50&projectId=p-chat');
    await screen.findByText('GPU spend on serving', { selector: 'dt' }, LOAD);
    expect(figure('GPU spend on serving')).toHaveTextContent(formatCents(chat.totals.spendCents));
    expect(screen.getByText(/^Chat API, /)).toBeInTheDocument();
  });

  it('says when the page’s scope is one it cannot narrow to', async () => {
    renderRoute('/utilization?view=inference&scope=gpuType&scopeId=l4');
    expect(await screen.findByText(/Serving figures can be narrowed to a project, not to a GPU type/, {}, LOAD)).toBeInTheDocument();
    const api = await summary();
    await waitFor(() => expect(figure('GPU spend on serving')).toHaveTextContent(formatCents(api.totals.spendCents)));
  });
});
