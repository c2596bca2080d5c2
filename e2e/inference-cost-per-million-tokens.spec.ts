/**
 * An ML engineer on an inference platform opens Utilization's Inference tab, reads what a million
 * tokens of a model cost on two GPU types (the figures the API answers) beside hosted APIs' list
 * prices and the serving recommendations with their saving, and follows a serving pod to its page,
 * where its own serving section shows; follows a recommendation to a cheaper GPU, and another to
 * fewer replicas.
 */
import type { Page } from '@playwright/test';
import type { components } from '../src/api/schema';
import { formatCents } from '../src/lib/format';
import { formatMicroUsd } from '../src/features/utilization/inference-format';
import { recommendationTitle, savingWords } from '../src/features/utilization/serving-recommendation-format';
import { test, expect, advanceClock, callApi, expectNoSeriousA11yViolations, freshStart } from './fixtures';

type Summary = components['schemas']['InferenceSummary'];

/** The usage ledger and the vLLM counters of a week: seconds on first use on a loaded machine. */
const LEDGER = { timeout: 30_000 };

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A row's cells by the name in its row header. */
function rowCells(page: Page, tableName: string, rowName: string) {
  return page.getByRole('table', { name: tableName }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: rowName, exact: true }) }).getByRole('cell');
}

test('see a model’s cost per million tokens on two GPU types beside hosted prices, then a serving pod’s own figures', { tag: '@mock-only' }, async ({ page }) => {
  test.setTimeout(120_000);
  await freshStart(page, '/utilization?scenario=inference-platform');
  await expect(page.getByRole('heading', { level: 1, name: 'Utilization' })).toBeVisible();
  await expect(page.getByText('Admin · Relay')).toBeVisible();

  await page.getByRole('tab', { name: 'Inference' }).click();
  await expect(page).toHaveURL(/view=inference/);
  await expect(page.getByRole('tab', { name: 'Inference' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { name: 'Cost per million tokens, by model' })).toBeVisible(LEDGER);

  // The figures the API answers the page, on two GPU types of one model.
  const api = await callApi<Summary>(page, 'GET', '/v1/inference/summary?range=7d&limit=50');
  const model = api.models.find((m) => m.gpuTypes.length >= 2);
  expect(model, 'a model served on two GPU types').toBeTruthy();
  if (!model) return;
  const card = page.getByRole('region', { name: model.modelName, exact: true });
  await expect(card).toBeVisible();
  const table = `${model.modelName}: cost per million tokens, throughput, latency and caches by GPU type`;
  for (const gpu of model.gpuTypes.slice(0, 2)) {
    const cells = rowCells(page, table, gpu.gpuTypeName);
    await expect(cells.nth(2)).toHaveText(formatMicroUsd(gpu.figures.inputMicroUsdPerMillionTokens));
    await expect(cells.nth(3)).toHaveText(formatMicroUsd(gpu.figures.outputMicroUsdPerMillionTokens));
    await expect(cells.nth(3)).toHaveText(/^\$\d+\.\d{2,4}$/);
  }
  // Beside hosted APIs' list prices for models of its size, and the chart's text alternative.
  const hosted = model.hosted[0]!;
  await expect(card.getByRole('rowheader', { name: `${hosted.provider} · ${hosted.model}` })).toBeVisible();
  await expect(card.getByRole('img', { name: new RegExp(`^Bar chart of the cost per million input and output tokens of ${escape(model.modelName)}`) })).toBeVisible();

  // The whole, by day: a chart with its text alternative, and the days as a table.
  const overTime = await callApi<components['schemas']['InferenceOverTime']>(page, 'GET', '/v1/inference/over-time?range=7d');
  const byDay = page.getByRole('region', { name: 'Cost per million tokens by day (UTC)' });
  await expect(byDay.getByRole('img', { name: `Line chart of the cost per million input and output tokens on each of ${overTime.days.length} days; the table below has the same figures.` })).toBeVisible(LEDGER);
  await byDay.getByText('Show the days as a table').click();
  await expect(byDay.getByRole('table', { name: 'Serving figures by UTC day' }).getByRole('row')).toHaveCount(overTime.days.length + 1);

  // The serving recommendations, largest saving first: each with its saving a month, confidence and evidence.
  const top = api.recommendations[0];
  expect(top, 'a serving recommendation').toBeTruthy();
  if (!top) return;
  const recommendations = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Serving recommendations', exact: true }) });
  const article = recommendations.getByRole('article', { name: recommendationTitle(top), exact: true });
  await expect(article).toContainText(savingWords(top));
  await expect(article).toContainText(/(High|Medium|Low) confidence · [\d.]+ days? of telemetry/);
  const evidence = article.getByRole('table', { name: /^Evidence for/ });
  await expect(evidence.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'GPU cost a month', exact: true }) }).getByRole('cell')).toHaveText([formatCents(top.currentMonthlyCostCents), formatCents(top.projectedMonthlyCostCents)]);
  await expectNoSeriousA11yViolations(page);

  // A serving pod, from the pods' table, to its page and its serving section.
  const pod = api.pods[0]!;
  await page.getByRole('table', { name: /^Serving figures by pod/ }).getByRole('link', { name: pod.podName, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/pods/${pod.podId}$`));
  await expect(page.getByRole('heading', { level: 1, name: pod.podName })).toBeVisible();
  const serving = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Serving', exact: true }) });
  await expect(serving).toContainText(`Serves ${api.models.find((m) => m.modelId === pod.modelId)?.modelName ?? ''}`, LEDGER);
  await expect(serving.locator('dt', { hasText: /^Cost per million tokens$/ }).locator('xpath=following-sibling::dd[1]')).toHaveText(/^\$\d+\.\d{2,4} in · \$\d+\.\d{2,4} out$/);
  await expect(serving.getByRole('img', { name: /cost per million input and output tokens on each of \d+ days/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test('the Inference tab reads well in the dark theme, from the keyboard', async ({ page }) => {
  test.setTimeout(90_000);
  await freshStart(page, '/utilization', 'dark');
  const gpus = page.getByRole('tab', { name: 'GPU utilization' });
  await expect(gpus).toHaveAttribute('aria-selected', 'true');
  await gpus.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Inference' })).toBeFocused();
  await expect(page).toHaveURL(/view=inference/);
  await expect(page.getByRole('heading', { name: 'Cost per million tokens, by model' })).toBeVisible(LEDGER);
  await expect(page.locator('dt', { hasText: /^GPU spend on serving$/ }).locator('xpath=following-sibling::dd[1]')).toHaveText(/^\$[\d,]+\.\d\d$/);
  await page.waitForLoadState('networkidle');
  await expectNoSeriousA11yViolations(page);
});

test('follow a serving recommendation to a cheaper GPU: the launch form filled in, the replacement launched, the old pod stopped once it runs', { tag: '@mock-only' }, async ({ page }) => {
  test.setTimeout(150_000);
  await freshStart(page, '/utilization?scenario=inference-platform&view=inference');
  const section = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Serving recommendations', exact: true }) });
  await expect(section).toBeVisible(LEDGER);
  const api = await callApi<Summary>(page, 'GET', '/v1/inference/summary?range=7d&limit=50');
  const cheaper = api.recommendations.find((r) => r.launch !== undefined);
  expect(cheaper, 'a cheaper GPU for one serving pod').toBeTruthy();
  if (!cheaper?.launch || cheaper.evidence.kind !== 'cheaper-gpu') return;
  const { launch, evidence } = cheaper;
  if (api.recommendations.indexOf(cheaper) >= 3) await section.getByRole('button', { name: `Show all ${api.recommendations.length}` }).click();
  const article = section.getByRole('article', { name: recommendationTitle(cheaper), exact: true });
  await expect(article).toContainText(savingWords(cheaper));
  await article.getByRole('link', { name: `Launch ${launch.name} on ${evidence.toGpuTypeName}` }).click();

  // The launch form, filled in: the cheaper GPU, the pod's own project and image, and the pod it replaces.
  await expect(page).toHaveURL(/\/pods\/new\?/);
  await expect(page.getByLabel('Name')).toHaveValue(launch.name);
  await expect(page.getByRole('radiogroup', { name: 'GPU type' }).getByRole('radio', { name: evidence.toGpuTypeName, exact: true })).toBeChecked();
  await expect(page.getByLabel('GPU count')).toHaveValue(String(launch.gpuCount));
  const stopOld = page.getByRole('checkbox', { name: `Stop ${cheaper.podNames[0]} once the new pod is running` });
  await expect(stopOld).toBeChecked();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Launch pod' }).click();

  await expect(page).toHaveURL(/\/pods\/pod-[a-z0-9]+$/);
  await expect(page.getByRole('heading', { level: 1, name: launch.name })).toBeVisible();
  await expect(page.getByText(new RegExp(`${launch.gpuCount} × ${escape(evidence.toGpuTypeName)} · `)).first()).toBeVisible();
  const newPodId = page.url().split('/').at(-1)!;
  // Once it runs, the pod it replaces stops: one pod of the model's, on the cheaper GPU.
  await advanceClock(page, 5 * 60_000);
  await expect(page.getByText('Running', { exact: true }).first()).toBeVisible({ timeout: 15_000 });
  const old = await callApi<{ status: string }>(page, 'GET', `/v1/pods/${cheaper.podIds[0]}`);
  expect(['stopping', 'stopped']).toContain(old.status);
  const replacement = await callApi<{ gpuTypeId: string; gpuCount: number; imageId: string }>(page, 'GET', `/v1/pods/${newPodId}`);
  expect(replacement).toMatchObject({ gpuTypeId: launch.gpuTypeId, gpuCount: launch.gpuCount, imageId: launch.imageId });
});

test('follow a fewer-replicas recommendation: confirm each pod’s change, apply it, and the pods change as it said', { tag: '@mock-only' }, async ({ page }) => {
  test.setTimeout(150_000);
  await freshStart(page, '/utilization?scenario=inference-platform&view=inference');
  const section = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Serving recommendations', exact: true }) });
  await expect(section).toBeVisible(LEDGER);
  const api = await callApi<Summary>(page, 'GET', '/v1/inference/summary?range=7d&limit=50');
  const fewer = api.recommendations.find((r) => r.kind === 'fewer-replicas');
  expect(fewer, 'a fewer-replicas recommendation').toBeTruthy();
  if (!fewer || fewer.evidence.kind !== 'fewer-replicas') return;
  const changes = fewer.evidence.pods.filter((p) => p.gpuCountAfter < p.gpuCountNow);
  const label = changes.length === 1 ? 'Apply the change' : `Apply the ${changes.length} changes`;
  if (api.recommendations.indexOf(fewer) >= 3) await section.getByRole('button', { name: `Show all ${api.recommendations.length}` }).click();
  const article = section.getByRole('article', { name: recommendationTitle(fewer), exact: true });
  await article.getByRole('button', { name: `${label}…` }).click();

  // Asked first, each pod's change in words, focus on the button that applies them.
  const confirm = article.getByRole('group', { name: `Confirm: ${recommendationTitle(fewer)}` });
  await expect(confirm.getByRole('listitem')).toHaveCount(changes.length);
  for (const c of changes) await expect(confirm.getByRole('listitem').filter({ hasText: c.gpuCountAfter === 0 ? `Stop ${c.podName}:` : `Restart ${c.podName} with ${c.gpuCountAfter}` })).toBeVisible();
  await expect(confirm.getByRole('button', { name: label, exact: true })).toBeFocused();
  await expectNoSeriousA11yViolations(page);
  await page.keyboard.press('Enter');

  // Said where focus lands, and the pods changed as the recommendation said.
  const said = page.getByText(new RegExp(`^Applied: ${escape(recommendationTitle(fewer))}\\.`));
  await expect(said).toBeFocused(LEDGER);
  for (const c of changes) {
    const pod = await callApi<{ status: string; gpuCount: number }>(page, 'GET', `/v1/pods/${c.podId}`);
    if (c.gpuCountAfter === 0) expect(['stopping', 'stopped']).toContain(pod.status);
    else expect(pod.gpuCount).toBe(c.gpuCountAfter);
  }
});
