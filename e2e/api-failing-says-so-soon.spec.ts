/**
 * The API failing (issue 17, point 8): Pods says so within a few seconds, with a way to try again,
 * while it keeps retrying; Billing shows one error with one retry and keeps its tabs and the
 * user's name; once the API answers again, Try again brings the page back.
 */
import { test, expect, freshStart } from './fixtures';
import { dropExpectedRefusals, dropNetworkErrors, setFaults } from './pod-helpers';

const allFailing = { errorRate: 1, latencyMs: 0, loseRate: 0 };

test('Pods says the API is failing within a few seconds, and Try again brings the list back', async ({ page, consoleErrors }) => {
  await freshStart(page, '/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText('Maya', { exact: false }).first()).toBeVisible();
  await setFaults(page, allFailing);
  await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Pods' }).click();
  const failure = page.getByRole('alert').filter({ hasText: 'unavailable' });
  // From the first failed try, while the retries go on (they take about 16 s): not after them.
  await expect(failure).toBeVisible({ timeout: 10_000 });
  await expect(page.getByText('Loading pods…')).toHaveCount(0);
  await setFaults(page, null);
  await failure.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByText(/^\d[\d,]* pods?/).first()).toBeVisible();
  await expect(failure).toHaveCount(0);
  dropNetworkErrors(consoleErrors);
  dropExpectedRefusals(consoleErrors, [503]);
});

test('Billing with the API failing shows one error with one Try again, and keeps its tabs and the user’s name', async ({ page, consoleErrors }) => {
  await freshStart(page, '/');
  const user = page.getByRole('banner').getByText('Maya Chen');
  await expect(user).toBeVisible();
  await setFaults(page, allFailing);
  await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Billing' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Billing' })).toBeVisible();
  const failure = page.getByRole('alert').filter({ hasText: 'unavailable' });
  await expect(failure).toBeVisible({ timeout: 8_000 });
  // Every section has failed by now (three tries each); still one error, one button.
  await page.waitForTimeout(4_000);
  await expect(page.getByRole('alert')).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Try again' })).toHaveCount(1);
  const sections = page.getByRole('navigation', { name: 'Billing sections' });
  await expect(sections.getByRole('link', { name: 'Spend' })).toBeVisible();
  await expect(sections.getByRole('link', { name: 'Budgets' })).toBeVisible();
  await expect(sections.getByRole('link', { name: 'Invoices' })).toBeVisible();
  await expect(user).toBeVisible();

  await setFaults(page, null);
  await failure.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByText('Month to date')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Waste and savings' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  dropNetworkErrors(consoleErrors);
  dropExpectedRefusals(consoleErrors, [503]);
});
