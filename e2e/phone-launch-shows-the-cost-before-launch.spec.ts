/** The launch form on a phone (360 × 800): the cost estimate comes before the Launch button, in view with it. */
import { test, expect, freshStart, expectNoSeriousA11yViolations } from './fixtures';

test.use({ viewport: { width: 360, height: 800 } });

test('the cost estimate is read before the Launch button, and both fit the screen together', async ({ page }) => {
  await freshStart(page, '/pods/new');
  const estimate = page.getByRole('region', { name: 'Cost estimate' });
  const launch = page.getByRole('button', { name: 'Launch pod' });
  await expect(estimate).toContainText('Total');
  await launch.scrollIntoViewIfNeeded();
  const [e, l] = [await estimate.boundingBox(), await launch.boundingBox()];
  expect(e!.y + e!.height).toBeLessThanOrEqual(l!.y);
  // With the Launch button on screen, the estimate's totals are on screen too.
  await expect(launch).toBeInViewport();
  await expect(estimate.getByRole('row', { name: /^Total/ })).toBeInViewport();
  // And a keyboard user reaches the estimate's figures before the button (document order).
  const estimateFirst = await page.evaluate(() => {
    const est = document.getElementById('cost-estimate-heading')!;
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Launch pod')!;
    return Boolean(est.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  expect(estimateFirst).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectNoSeriousA11yViolations(page);
});
