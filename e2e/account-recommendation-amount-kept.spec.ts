/** The Account page: the saving a month a recommendation must reach before it is told, checked at its field and kept across a reload. */
import { test, expect, freshStart, expectNoSeriousA11yViolations } from './fixtures';

test('a person sets the amount a recommendation must save before they are told; a wrong one is said at its field', async ({ page }) => {
  await freshStart(page, '/account');
  const amount = page.getByLabel('When it saves at least $');
  await expect(amount).toHaveValue('100');
  await amount.fill('12.5');
  await page.getByRole('button', { name: 'Save amount' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Enter whole dollars' })).toHaveText('Enter whole dollars, from 1 to 1,000,000.');
  await expect(amount).toHaveValue('12.5');
  await amount.fill('2500');
  await page.getByRole('button', { name: 'Save amount' }).click();
  await expect(page.getByText('Recommendations: told when one saves at least $2,500.00 a month.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('When it saves at least $')).toHaveValue('2500');
  await expectNoSeriousA11yViolations(page);
});
