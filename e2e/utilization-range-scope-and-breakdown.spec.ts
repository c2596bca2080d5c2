/**
 * A team lead opens Utilization, widens the range and narrows the scope (the summary follows,
 * and the URL keeps both), then follows a breakdown row to the pod it is about.
 */
import { test, expect, freshStart, expectNoSeriousA11yViolations } from './fixtures';

const figure = (page: import('@playwright/test').Page, label: string) =>
  page.locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');

test('change the range and the scope, see the summary change, and follow a breakdown row to a pod', async ({ page }) => {
  await freshStart(page, '/utilization');
  await expect(page.getByRole('heading', { level: 1, name: 'Utilization' })).toBeVisible();
  const spend = figure(page, 'GPU spend');
  await expect(spend).toHaveText(/^\$[\d,]+\.\d\d$/);
  const week = await spend.textContent();

  await page.getByText('30 d', { exact: true }).click();
  await expect(page).toHaveURL(/range=30d/);
  await expect(spend).not.toHaveText(week ?? '');
  const month = await spend.textContent();

  await page.getByLabel('Scope').selectOption('project');
  await page.getByLabel('Which project').selectOption({ label: 'LLM research' });
  await expect(page).toHaveURL(/scope=project&scopeId=p-llm/);
  await expect(page.getByText(/^LLM research, /)).toBeVisible();
  await expect(spend).not.toHaveText(month ?? '');

  await expect(page.getByRole('img', { name: /Heatmap of engine activity/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByRole('tab', { name: 'By pod' }).click();
  const table = page.getByRole('table', { name: /by pod/ });
  const firstPod = table.getByRole('rowheader').first().getByRole('link');
  const podName = (await firstPod.textContent()) ?? '';
  await firstPod.click();
  await expect(page).toHaveURL(/\/pods\/pod-[a-z0-9]+$/);
  await expect(page.getByRole('heading', { level: 1, name: podName })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Waste ledger' })).toBeVisible();
});

test('the page reads well in the dark theme too', async ({ page }) => {
  await freshStart(page, '/utilization?range=24h', 'dark');
  await expect(figure(page, 'Waste')).toHaveText(/^\$[\d,]+\.\d\d$/);
  await expect(page.getByRole('img', { name: /Heatmap of engine activity/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
