/**
 * The Overview and Billing agree: at one moment (the browser's clock held still, so the simulated
 * cloud's clock is too), the Overview's GPUs-and-disks figures equal Billing's GPU and disk figures.
 */
import { test, expect, freshStart } from './fixtures';

const dollars = (text: string): number => Math.round(Number(text.replace(/[^\d.]/g, '')) * 100);

test('the Overview’s GPU and disk spend equals Billing’s for the same month and scope', { tag: '@mock-only' }, async ({ page }) => {
  // The simulator runs in the page and reads the page's clock.
  await page.clock.setFixedTime(new Date());
  await freshStart(page, '/');
  const card = page.locator('dl').filter({ hasText: 'GPUs and disks this month' }).locator('dd').first();
  await expect(card).toHaveText(/^\$[\d,]+\.\d\d$/);
  const overview = dollars((await card.textContent()) ?? '');

  await page.getByRole('link', { name: 'Egress, forecast: Billing' }).click();
  const split = page.locator('dl').filter({ hasText: 'Month to date' }).getByText(/^GPU \$[\d,.]+ · disk \$[\d,.]+ · egress \$[\d,.]+$/);
  await expect(split).toBeVisible();
  const [, gpu, disk] = /^GPU (\$[\d,.]+) · disk (\$[\d,.]+)/.exec((await split.textContent()) ?? '') ?? [];
  expect(dollars(gpu ?? '') + dollars(disk ?? '')).toBe(overview);
});
