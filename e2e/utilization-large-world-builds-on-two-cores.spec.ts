/**
 * A 10,000-pod world's Utilization page: its two weeks of usage ledger are built by the
 * simulator's worker and a second one beside it (mocks/ledger-prebuild.ts), and the figures
 * come as they do on a small world. The second worker is looked for because nothing else would
 * show that it loads in the production build, under its Content-Security-Policy.
 */
import { test, expect, freshStart } from './fixtures';

const figure = (page: import('@playwright/test').Page, label: string) =>
  page.locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');

test('the large preset’s Utilization page shows its figures, its ledger built on two cores', { tag: '@mock-only' }, async ({ page }) => {
  test.setTimeout(120_000);
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(new URL(w.url()).pathname));
  await freshStart(page, '/utilization?preset=large');
  await expect(page.getByRole('heading', { level: 1, name: 'Utilization' })).toBeVisible();
  await expect(figure(page, 'GPU spend')).toHaveText(/^\$[\d,]+\.\d\d$/, { timeout: 90_000 });
  await expect(figure(page, 'Waste')).toHaveText(/^\$[\d,]+\.\d\d$/);
  expect(workers.some((p) => /usage-worker/.test(p))).toBe(true);
});
