/** An engineer sees a pod of theirs idling right now, what it burns per hour, and stops it. */
import { test, expect, freshStart, actAs, callApi } from './fixtures';

test('stop an idle pod from the "Idle right now" list', async ({ page }) => {
  await freshStart(page, '/');
  // The simulator answers once the Overview has its figures.
  await expect(page.getByText('Running pods', { exact: true })).toBeVisible();
  await actAs(page, 'u-maya');
  await page.goto('/utilization');
  const list = page.getByRole('region', { name: 'Idle right now' }).or(page.locator('section', { has: page.getByRole('heading', { name: 'Idle right now' }) }));
  const stop = list.getByRole('button', { name: /^Stop / }).first();
  await expect(stop).toBeVisible();
  await expect(list.getByText(/\/h idle$/).first()).toBeVisible();
  const podName = ((await stop.getAttribute('aria-label')) ?? '').replace(/^Stop /, '');
  await stop.click();
  await expect(list.getByRole('button', { name: `Stop ${podName}` })).toHaveCount(0);
  const pods = await callApi<{ items: Array<{ name: string; status: string }> }>(page, 'GET', `/v1/pods?q=${encodeURIComponent(podName)}`);
  expect(['stopping', 'stopped']).toContain(pods.items.find((p) => p.name === podName)?.status);
});

test('finance sees the idle pods but no Stop button', async ({ page }) => {
  await freshStart(page, '/');
  // The simulator answers once the Overview has its figures.
  await expect(page.getByText('Running pods', { exact: true })).toBeVisible();
  await actAs(page, 'u-oskar');
  await page.goto('/utilization');
  const list = page.locator('section', { has: page.getByRole('heading', { name: 'Idle right now' }) });
  await expect(list.getByText(/\/h idle$/).first()).toBeVisible();
  await expect(list.getByRole('button', { name: /^Stop / })).toHaveCount(0);
});
