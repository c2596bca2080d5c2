/**
 * Finance opens Billing: reads the month so far and the forecast, switches the dimension,
 * drills into a project, sets a budget with an 80% alert and sees it fire when the clock
 * moves, exports CSV whose total matches the screen, and finds no way to launch pods.
 */
import { readFile } from 'node:fs/promises';
import { test, expect, expectNoSeriousA11yViolations, freshStart, actAs, advanceClock, callApi } from './fixtures';
import type { Page } from '@playwright/test';

const DAY_MS = 86_400_000;

async function asFinance(page: Page, path: string, theme?: 'light' | 'dark'): Promise<void> {
  await freshStart(page, '/', theme);
  // The simulator answers once the Overview has its figures.
  await expect(page.getByText('Running pods', { exact: true })).toBeVisible();
  await actAs(page, 'u-oskar');
  await page.goto(path);
}

function figure(page: Page, label: string | RegExp) {
  return page.locator('dl').filter({ has: page.getByText(label, { exact: typeof label === 'string' }) }).locator('dd').first();
}

/** "$12,345.67" → 1234567 */
function cents(text: string): number {
  const m = /(-?)[^\d-]*([\d,]+)\.(\d\d)/.exec(text);
  if (!m) throw new Error(`not an amount: ${text}`);
  return (m[1] ? -1 : 1) * (Number(m[2]!.replace(/,/g, '')) * 100 + Number(m[3]));
}

test('finance reads the month so far and the forecast, switches the dimension and drills into a project', async ({ page }) => {
  await asFinance(page, '/billing');
  await expect(page.getByRole('heading', { level: 1, name: 'Billing' })).toBeVisible();
  await expect(page.getByRole('banner').getByText('Oskar Lindqvist')).toBeVisible();
  const mtd = figure(page, 'Month to date');
  await expect(mtd).toHaveText(/^\$[\d,]+\.\d\d$/);
  const forecast = figure(page, /^Forecast for /);
  await expect(forecast).toHaveText(/^\$[\d,]+\.\d\d$/);
  expect(cents((await forecast.textContent())!)).toBeGreaterThanOrEqual(cents((await mtd.textContent())!));
  await expect(page.getByText(/^Range \$[\d,.]+ to \$[\d,.]+$/)).toBeVisible();
  await page.getByText('How the forecast is made').click();
  await expect(page.getByText(/run-rate of what runs now/)).toBeVisible();

  // The breakdown's total is the month to date.
  const byProject = page.getByRole('table', { name: /^Spend by project from/ });
  await expect(byProject.getByRole('row').last()).toContainText((await mtd.textContent())!);

  await page.getByLabel('Break down by').selectOption('gpuType');
  await expect(page).toHaveURL(/by=gpuType/);
  await expect(page.getByRole('heading', { name: 'Breakdown by GPU type' })).toBeVisible();
  await expect(page.getByRole('table', { name: /^Spend by GPU type from/ }).getByRole('rowheader', { name: 'NVIDIA H200 SXM' })).toBeVisible();
  // A legend entry shows its series alone.
  const legend = page.getByRole('list', { name: /^Series/ });
  await legend.getByRole('button', { name: /NVIDIA H200 SXM/ }).click();
  await expect(page).toHaveURL(/focus=h200/);
  await page.getByRole('button', { name: 'Table', exact: true }).click();
  const overTime = page.getByRole('table', { name: /^Spend per day by GPU type/ });
  await expect(overTime.getByRole('columnheader')).toHaveText(['Day', 'NVIDIA H200 SXM', 'Total']);

  await page.getByLabel('Break down by').selectOption('project');
  const projects = page.getByRole('table', { name: /^Spend by project from/ });
  const llm = projects.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'LLM research' }) });
  const llmAmount = (await llm.getByRole('cell').first().textContent())!;
  await llm.getByRole('button', { name: 'Pods behind LLM research' }).click();
  await expect(page.getByRole('heading', { name: 'Pods behind LLM research' })).toBeFocused();
  const pods = page.getByRole('table', { name: 'What makes up LLM research' });
  await expect(pods.getByRole('row').last()).toContainText(llmAmount);
  // A reload keeps the whole view (it lives in the URL), with figures as of the new moment.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Pods behind LLM research' })).toBeVisible();
  const reloaded = page.getByRole('table', { name: /^Spend by project from/ }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'LLM research' }) });
  await expect(pods.getByRole('row').last()).toContainText((await reloaded.getByRole('cell').first().textContent())!);
  await pods.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/pods\/pod-/);
});

test('finance sets a budget with an 80% alert and sees the alert when the clock moves on', async ({ page }) => {
  await asFinance(page, '/billing');
  await expect(figure(page, 'Month to date')).toBeVisible();
  const summary = await callApi<{ monthToDate: { totalCents: number } }>(page, 'GET', '/v1/billing/summary?projectId=p-llm');
  await page.getByRole('navigation', { name: 'Billing sections' }).getByRole('link', { name: 'Budgets' }).click();
  // Spend so far is 70% of the budget: the 80% threshold lies a few days ahead.
  const amount = (Math.round(summary.monthToDate.totalCents / 0.7) / 100).toFixed(2);
  await page.getByRole('button', { name: 'New budget' }).click();
  // The button goes as the form opens: focus is on the form's first field, not the page.
  await expect(page.getByLabel('Applies to')).toBeFocused();
  await page.getByLabel('Applies to').selectOption({ label: 'LLM research' });
  await page.getByLabel('Monthly amount (USD)').fill(amount);
  await page.getByLabel('50%').uncheck();
  await page.getByLabel('100%').uncheck();
  await expect(page.getByLabel('80%')).toBeChecked();
  await page.getByRole('button', { name: 'Save budget' }).click();
  const budgets = page.getByRole('table', { name: 'Budgets and their month so far' });
  const row = budgets.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'LLM research' }) });
  await expect(row).toContainText('70% used');
  await expect(page.getByRole('button', { name: 'New budget' })).toBeFocused();
  await expect(page.getByText('No alerts yet')).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await advanceClock(page, 7 * DAY_MS);
  await page.reload();
  const alerts = page.getByRole('list', { name: 'Budget alerts, newest first' });
  const alert = alerts.getByRole('listitem').filter({ hasText: '80% of the LLM research budget reached' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(/Spend for November 2026 reached \$[\d,]+\.\d\d, 80% of the \$[\d,]+\.\d\d monthly budget, on Nov (1[89]|2\d), 2026/);
  await expect(row).toContainText('Fired this month: 80%');
});

test('finance exports the breakdown and an invoice as CSV whose totals match the screen', async ({ page }) => {
  await asFinance(page, '/billing', 'dark');
  const shown = (await page.getByRole('table', { name: /^Spend by project from/ }).getByRole('row').last().getByRole('cell').first().textContent())!;
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export breakdown as CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^spend-by-project-2026-11-01-to-2026-11-\d\d-USD\.csv$/);
  const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\ufeff/, '');
  const records = csv.trimEnd().split('\r\n').map((r) => r.split(','));
  expect(records[0]![0]).toBe('Project');
  const total = records.at(-1)!;
  expect(total[0]).toBe('Total');
  expect(Math.round(Number(total[1]) * 100)).toBe(cents(shown));
  const rows = records.slice(1, -1).reduce((a, r) => a + Math.round(Number(r[1]) * 100), 0);
  expect(rows).toBe(cents(shown));

  // An invoice, in euros.
  await page.getByRole('navigation', { name: 'Billing sections' }).getByRole('link', { name: 'Invoices' }).click();
  await page.getByLabel('Display currency').selectOption('EUR');
  await expect(page.getByText(/1 USD = 0\.8620 EUR, fixed rate of/)).toBeVisible();
  await page.getByRole('button', { name: 'View October 2026' }).click();
  const lines = page.getByRole('table', { name: 'Line items of the invoice for October 2026' });
  const invoiceTotal = (await lines.getByRole('row').last().getByRole('cell').last().textContent())!;
  expect(invoiceTotal).toMatch(/^€/);
  const [invoiceDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export invoice as CSV' }).click()]);
  expect(invoiceDownload.suggestedFilename()).toBe('invoice-2026-10-EUR.csv');
  const invoiceCsv = (await readFile((await invoiceDownload.path())!, 'utf8')).replace(/^\ufeff/, '');
  const last = invoiceCsv.trimEnd().split('\r\n').at(-1)!.split(',');
  expect(last[0]).toBe('Total for 2026-10');
  expect(Math.round(Number(last.at(-1)) * 100)).toBe(cents(invoiceTotal));
  await expectNoSeriousA11yViolations(page);
});

test('finance sees pods read-only: the launch button an admin has is not offered', async ({ page }) => {
  await freshStart(page, '/pods');
  // An admin is offered the launch…
  await expect(page.getByRole('banner').getByText('Maya Chen')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Launch pod' })).toBeVisible();
  // …finance is not.
  await actAs(page, 'u-oskar');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Pods' })).toBeVisible();
  await expect(page.getByRole('banner').getByText('Oskar Lindqvist')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Launch pod' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Launch pod' })).toHaveCount(0);
});
