/**
 * A pod that worked for 15 minutes shows that work in its waste ledger: the ledger counts every
 * 5-minute period of the GPU's telemetry, so a burst between two coarse samples is not lost.
 */
import { test, expect, freshStart, advanceClock } from './fixtures';
import { launchThroughApi } from './pod-helpers';

test('a notebook pod’s 15-minute burst shows as productive time in its ledger', async ({ page }) => {
  await freshStart(page, '/pods');
  // The simulated clock starts on Wednesday 18 November 2026, 10:00 in Montréal (15:00 UTC). A
  // notebook's GPU 0 runs cells from 15:30 to 15:45 UTC and idles the rest of that hour
  // (cloud/telemetry.ts); a sample every 30 minutes, taken mid-stretch, would miss it.
  const id = await launchThroughApi(page, { name: 'burst-notebook' });
  await advanceClock(page, 30_000);
  // Past 16:00, so the 15:00 hour is closed and stored, and a little of the next one is live.
  await advanceClock(page, 65 * 60_000);
  await page.goto(`/pods/${id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'burst-notebook' })).toBeVisible();

  const ledger = page.getByRole('region', { name: 'Waste ledger' }).or(page.locator('section', { has: page.getByRole('heading', { name: 'Waste ledger' }) }));
  const summary = ledger.getByText(/bought no work; the GPUs were active/);
  await expect(summary).toBeVisible({ timeout: 15_000 });
  const active = Number(/active (\d+(?:\.\d+)?)%/.exec((await summary.textContent()) ?? '')?.[1] ?? 'NaN');
  // 15 of about 65 minutes, less the under-used share: well above zero, well below all of it.
  expect(active).toBeGreaterThan(15);
  expect(active).toBeLessThan(40);

  const table = ledger.getByRole('table', { name: 'Waste by GPU and category' });
  const gpu0 = table.getByRole('row', { name: /GPU 0/ });
  const cells = gpu0.getByRole('cell');
  const productive = (await cells.last().textContent()) ?? '';
  expect(productive).toMatch(/^\$\d+\.\d\d$/);
  expect(productive).not.toBe('$0.00');
});
