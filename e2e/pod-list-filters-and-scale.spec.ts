/** The pod list: filters and sort live in the URL; 10,000 pods stay a short DOM; nothing polls while nothing changes. */
import { test, expect, freshStart } from './fixtures';
import { launchThroughApi } from './pod-helpers';

test('filter by status and GPU type, sort by cost, and get the same view back from the URL', async ({ page }) => {
  await freshStart(page, '/pods');
  await page.getByLabel('Status').selectOption({ label: 'Running' });
  await expect(page).toHaveURL(/status=running/);
  await page.getByLabel('GPU type').selectOption({ label: 'NVIDIA H100 SXM 80GB' });
  await expect(page).toHaveURL(/gpuTypeId=h100-sxm/);
  const rows = page.getByRole('table', { name: 'Pods' }).getByRole('row');
  await expect(rows.nth(1)).toContainText('Running');
  await expect(rows.nth(1)).toContainText('NVIDIA H100 SXM 80GB');
  await page.getByRole('columnheader', { name: 'Cost so far' }).getByRole('button').click();
  await expect(page.getByRole('columnheader', { name: /Cost so far/ })).toHaveAttribute('aria-sort', 'descending');
  const url = page.url();
  await page.goto(url);
  await expect(page.getByLabel('Status')).toHaveValue('running');
  await expect(page.getByLabel('GPU type')).toHaveValue('h100-sxm');
  await page.getByLabel('Search pods').fill('no-such-pod-anywhere');
  await expect(page.getByText('No pods match these filters')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByText(/^\d+ pods$/)).toBeVisible();
});

test('a pod opened from a filtered list links back to the list as it was filtered', async ({ page }) => {
  await freshStart(page, '/pods');
  await page.getByLabel('Status').selectOption({ label: 'Running' });
  await expect(page).toHaveURL(/status=running/);
  const first = page.getByRole('table', { name: 'Pods' }).getByRole('row').nth(1).getByRole('link').first();
  const name = (await first.textContent()) ?? '';
  await first.click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await page.getByRole('link', { name: '← Back to the pods you were looking at' }).click();
  await expect(page).toHaveURL(/\/pods\?status=running$/);
  await expect(page.getByLabel('Status')).toHaveValue('running');
});

test('a pod in transition refreshes by itself until it settles, then the list stops asking', async ({ page }) => {
  await freshStart(page, '/pods');
  await launchThroughApi(page, { name: 'settling-pod' });
  await page.goto('/pods?q=settling-pod');
  const row = page.getByRole('row', { name: /settling-pod/ });
  await expect(row).toContainText(/Queued|Provisioning/);
  // Real time moves the simulated clock too: within about 25 s it runs.
  await expect(row).toContainText('Running', { timeout: 40_000 });
  let listRequests = 0;
  page.on('request', (r) => {
    if (/\/api\/v1\/pods\?/.test(r.url())) listRequests++;
  });
  await page.waitForTimeout(7_000);
  expect(listRequests).toBe(0);
});

// The large preset is a simulator setting (?preset=large); the server's own scale is measured by `npm run bench:server`.
test('10,000 pods: the list shows the total and keeps only the rows on screen in the page', { tag: '@mock-only' }, async ({ page }) => {
  test.setTimeout(90_000);
  // Every status, terminated included: all 10,000.
  await freshStart(page, '/pods?preset=large&status=any');
  await expect(page.getByText('10,000 pods')).toBeVisible({ timeout: 60_000 });
  const table = page.getByRole('table', { name: 'Pods' });
  await expect(table).toHaveAttribute('aria-rowcount', '10001');
  expect(await table.getByRole('row').count()).toBeLessThan(60);
  await page.getByLabel('Pods, scrollable').evaluate((el) => el.scrollTo({ top: el.scrollHeight / 2 }));
  await expect(table.locator('[aria-rowindex="5001"]')).toBeAttached({ timeout: 30_000 });
  await expect(table.locator('[aria-rowindex="5001"]').getByRole('link')).toBeVisible({ timeout: 30_000 });
});
