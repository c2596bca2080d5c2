/**
 * An admin raises the organization's idle threshold and has it apply to the last 7 days: a bad
 * value is refused at its field and stays as typed, the saved change says who set it and from
 * when, and the day's waste is judged by it. Others read the thresholds but cannot change them.
 */
import { test, expect, freshStart, actAs, expectNoSeriousA11yViolations } from './fixtures';

const figure = (page: import('@playwright/test').Page, label: string) =>
  page.locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');

test('an admin changes the thresholds for the last 7 days and the waste follows', async ({ page }) => {
  test.slow();
  await freshStart(page, '/utilization?range=24h');
  const waste = figure(page, 'Waste');
  await expect(waste).toHaveText(/^\$[\d,]+\.\d\d$/, { timeout: 30_000 });
  const before = (await waste.textContent()) ?? '';

  const section = page.getByRole('region', { name: 'Your organization’s thresholds' });
  await expect(section).toContainText('The defaults, for all history.');
  const form = section.getByRole('form', { name: 'Change the organization’s thresholds' });
  const idle = form.getByLabel('Organization’s idle threshold (% engine activity)');

  await idle.fill('80');
  await form.getByRole('button', { name: 'Save for the organization' }).click();
  await expect(idle).toHaveAccessibleDescription(/A whole percentage from 1 to 50\./);
  await expect(idle).toHaveValue('80');

  await idle.fill('40');
  await form.getByLabel('Apply to').selectOption({ label: 'The last 7 days' });
  await expect(form).toContainText('The last 7 days are recomputed with the new thresholds');
  await form.getByRole('button', { name: 'Save for the organization' }).click();

  await expect(section).toContainText(/Idle below 40% engine activity/);
  await expect(section).toContainText(/Set by Maya .* applying from /);
  await expect(section.getByRole('status')).toContainText(/Recomputing the figures from|recomputed\./);
  // A GPU busy less than 40 % of the time now counts as idle: more of the day's spend is waste.
  await expect(waste).not.toHaveText(before, { timeout: 30_000 });
  await expect(section.getByRole('status')).toContainText('recomputed.', { timeout: 60_000 });
  await expectNoSeriousA11yViolations(page);
});

test('a finance user reads the thresholds but has no form to change them', async ({ page }) => {
  await freshStart(page, '/utilization?range=24h');
  await expect(page.getByRole('heading', { level: 1, name: 'Utilization' })).toBeVisible();
  await actAs(page, 'u-oskar');
  await page.reload();
  const section = page.getByRole('region', { name: 'Your organization’s thresholds' });
  await expect(section).toContainText('Only admins change them.');
  await expect(section.getByRole('form')).toHaveCount(0);
});
