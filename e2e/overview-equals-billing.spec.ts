/**
 * The Overview and Billing agree: at one moment (the simulated cloud's clock held still), the
 * Overview's GPUs-and-disks figures equal Billing's GPU and disk figures.
 */
import { test, expect, freshStart } from './fixtures';

const dollars = (text: string): number => Math.round(Number(text.replace(/[^\d.]/g, '')) * 100);

test('the Overview’s GPU and disk spend equals Billing’s for the same month and scope', { tag: '@mock-only' }, async ({ page }) => {
  // The simulator runs in a Web Worker of its own (mocks/cloud-worker.ts) and reads that worker's
  // clock, which page.clock does not reach: its script is served with Date.now held at one moment.
  // (Running GPUs are billed by the second: seconds apart, the two pages differed by cents.)
  const heldMs = Date.now();
  let served = 0;
  await page.route(/\/assets\/cloud-worker-[^/]*\.js$/, async (route) => {
    served++;
    const response = await route.fetch();
    await route.fulfill({ response, body: `Date.now = () => ${heldMs};\n${await response.text()}` });
  });
  await freshStart(page, '/');
  const card = page.locator('dl').filter({ hasText: 'GPUs and disks this month' }).locator('dd').first();
  await expect(card).toHaveText(/^\$[\d,]+\.\d\d$/);
  const overview = dollars((await card.textContent()) ?? '');
  expect(served, 'the simulator’s script was served with its clock held').toBe(1);

  await page.getByRole('link', { name: 'Egress, forecast: Billing' }).click();
  const split = page.locator('dl').filter({ hasText: 'Month to date' }).getByText(/^GPU \$[\d,.]+ · disk \$[\d,.]+ · egress \$[\d,.]+$/);
  await expect(split).toBeVisible();
  const [, gpu, disk] = /^GPU (\$[\d,.]+) · disk (\$[\d,.]+)/.exec((await split.textContent()) ?? '') ?? [];
  expect(dollars(gpu ?? '') + dollars(disk ?? '')).toBe(overview);
});
