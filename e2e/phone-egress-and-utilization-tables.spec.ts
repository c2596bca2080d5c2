/**
 * Egress and Utilization tables on a phone (360 × 800): each wide table scrolls sideways inside a
 * labelled region the keyboard reaches, its first column (the row's name) staying in view.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect, freshStart, expectNoSeriousA11yViolations } from './fixtures';

test.use({ viewport: { width: 360, height: 800 } });

async function expectFirstColumnStaysWhileScrolled(page: Page, region: Locator): Promise<void> {
  await expect(region).toBeVisible();
  await region.focus();
  await expect(region).toBeFocused();
  const firstCell = region.getByRole('rowheader').first();
  const lastCell = region.getByRole('row').nth(1).getByRole('cell').last();
  const before = { first: (await firstCell.boundingBox())!.x, last: (await lastCell.boundingBox())!.x };
  for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight');
  await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(50);
  expect((await firstCell.boundingBox())!.x).toBeCloseTo(before.first, 0);
  expect((await lastCell.boundingBox())!.x).toBeLessThan(before.last - 50);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

test('Egress: the meter by project keeps the project in view while its figures scroll', async ({ page }) => {
  await freshStart(page, '/egress');
  const region = page.getByRole('region', { name: 'Egress this month so far, by project' });
  await expectFirstColumnStaysWhileScrolled(page, region);
  await expectNoSeriousA11yViolations(page);
});

test('Utilization: the breakdown keeps the name in view while its figures scroll, light and dark', async ({ page }) => {
  await freshStart(page, '/utilization', 'dark');
  const region = page.getByRole('region', { name: 'Breakdown by project' });
  await expectFirstColumnStaysWhileScrolled(page, region);
  await expectNoSeriousA11yViolations(page);
});
