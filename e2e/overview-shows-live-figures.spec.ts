/** A new visitor opens the console and sees what runs and what it costs, with links onward. */
import { test, expect, freshStart } from './fixtures';

test('the Overview shows running pods, GPUs in use and spend this month from the API', async ({ page }) => {
  await freshStart(page);
  const running = page.getByRole('definition').filter({ hasText: /^\d+$/ }).first();
  await expect(running).toBeVisible();
  const figures = page.locator('dl');
  await expect(figures.filter({ hasText: 'Running pods' }).locator('dd').first()).toHaveText(/^\d+$/);
  await expect(figures.filter({ hasText: 'GPUs in use' }).locator('dd').first()).toHaveText(/^\d+$/);
  await expect(figures.filter({ hasText: 'GPUs and disks this month' }).locator('dd').first()).toHaveText(/^\$[\d,]+\.\d\d$/);
  await page.getByRole('link', { name: 'Egress, forecast: Billing' }).click();
  await expect(page).toHaveURL(/\/billing$/);
});

test('once the figures are up, the Overview lists the three biggest savings and leads to all of them', async ({ page }) => {
  await freshStart(page);
  await expect(page.locator('dl').filter({ hasText: 'Running pods' }).locator('dd').first()).toHaveText(/^\d+$/);
  const topSavings = page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name: 'Top savings' }) });
  await expect(topSavings.getByText(/^\d+ recommendations could save \$[\d,]+ a month\. The biggest:$/)).toBeVisible();
  await expect(topSavings.getByRole('listitem')).toHaveCount(3);
  await topSavings.getByRole('link', { name: 'See all recommendations' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Recommendations' })).toBeVisible();
});

test('a top saving opens the recommendation itself, scrolled into view and focused', async ({ page }) => {
  await freshStart(page);
  const topSavings = page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name: 'Top savings' }) });
  const first = topSavings.getByRole('listitem').first().getByRole('link');
  const title = (await first.textContent()) ?? '';
  await first.click();
  const card = page.getByRole('article', { name: title });
  await expect(card).toBeFocused({ timeout: 30_000 });
  await expect(card).toBeInViewport();
  await page.keyboard.press('Tab');
  // Keyboard focus goes on from the card, not from the top of the page.
  await expect(card.locator(':focus')).toHaveCount(1);
});

test('the navigation reaches every page, and a reload keeps the theme', async ({ page }) => {
  await freshStart(page);
  const nav = page.getByRole('navigation', { name: 'Primary' });
  for (const name of ['Pods', 'Utilization', 'Recommendations', 'Egress', 'Billing', 'Overview']) {
    await nav.getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  }
  await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveText('Dark theme: off');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveText('Dark theme: on');
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
});

test('on a 360 px phone the menu opens and navigates', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await freshStart(page);
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Billing' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Billing' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(overflow).toBe(false);
});

test('an unknown address shows a 404 page with a way back', async ({ page }) => {
  await page.goto('/pods/does-not-exist/deeper');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to Overview' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
});
