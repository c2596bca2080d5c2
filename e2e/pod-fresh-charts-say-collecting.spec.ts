/** A pod that has just started has no GPU samples yet: its metrics say data is being collected, not empty axes (issue 17, point 8). */
import { test, expect, freshStart, advanceClock } from './fixtures';
import { launchThroughApi } from './pod-helpers';

test('a freshly running pod’s charts say its data is being collected, then draw once samples arrive', async ({ page }) => {
  test.setTimeout(90_000); // the pod starts in the simulator's own time, about 20 s
  await freshStart(page, '/pods');
  const id = await launchThroughApi(page, { name: 'fresh-notebook', gpuTypeId: 'l4' });
  await page.goto(`/pods/${id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'fresh-notebook' })).toBeVisible();
  await expect(page.getByText('Running', { exact: true }).first()).toBeVisible({ timeout: 30_000 });
  const collecting = page.getByRole('status').filter({ hasText: 'Collecting data' });
  await expect(collecting).toBeVisible();
  await expect(collecting).toContainText('The GPUs report every 5 minutes');
  await expect(page.getByRole('img', { name: /GPU utilization per GPU/ })).toHaveCount(0);

  // Half an hour on, the samples are there and the charts draw.
  await advanceClock(page, 30 * 60_000);
  await page.reload();
  await expect(page.getByRole('img', { name: /GPU utilization per GPU/ })).toBeVisible();
  await expect(collecting).toHaveCount(0);
});
