/** Someone sets a recommendation aside with a reason, finds it again under Dismissed, and restores it. */
import { test, expect, expectNoSeriousA11yViolations, freshStart } from './fixtures';

test('dismiss a recommendation with a reason, find it under Dismissed, and restore it', async ({ page }) => {
  await freshStart(page, '/recommendations', 'dark');
  const first = page.getByRole('article').first();
  const title = (await first.getByRole('heading', { level: 3 }).textContent()) ?? '';
  await first.getByRole('button', { name: 'Dismiss…' }).click();
  await first.getByRole('radio', { name: 'Already handled another way' }).check();
  await first.getByLabel('Note (optional)').fill('Moved to the batch queue');
  await expectNoSeriousA11yViolations(page);
  await first.getByRole('button', { name: 'Dismiss', exact: true }).click();
  // The card goes away: focus moves to what happened, not to the top of the page.
  await expect(page.getByText(`Dismissed: ${title}. Find it under Dismissed.`)).toBeFocused();
  await expect(page.getByRole('heading', { level: 3, name: title })).toHaveCount(0);

  await page.getByRole('link', { name: 'Dismissed (1)' }).click();
  await expect(page).toHaveURL(/status=dismissed/);
  const dismissed = page.getByRole('article').filter({ has: page.getByRole('heading', { level: 3, name: title }) });
  await expect(dismissed).toContainText(/Dismissed by Maya Chen on .+: already handled — “Moved to the batch queue”/);
  await page.reload();
  await expect(dismissed).toBeVisible();
  await dismissed.getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByText('Nothing dismissed')).toBeVisible();
  await page.getByRole('link', { name: /^Open \(\d+\)$/ }).click();
  await expect(page.getByRole('heading', { level: 3, name: title })).toBeVisible();
});
