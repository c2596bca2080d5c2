/**
 * The pod list at 1440 × 900: each pod's rate now and its actions (Connect, Stop), GPU types in
 * full, and terminated pods left out by default, counted, and shown on request (kept in the URL).
 */
import { test, expect, freshStart } from './fixtures';

test.use({ viewport: { width: 1440, height: 900 } });

test('the table shows $/h, Connect and Stop, and GPU types uncut', async ({ page }) => {
  await freshStart(page, '/pods');
  const table = page.getByRole('table', { name: 'Pods' });
  await expect(table.getByRole('columnheader', { name: '$/h' })).toBeVisible();
  const running = table.getByRole('row').filter({ hasText: 'Running' }).first();
  await expect(running).toContainText(/\$[\d,.]+\/h/);
  await expect(running.getByRole('link', { name: /^Connect to / })).toBeVisible();
  await expect(running.getByRole('button', { name: /^Stop / })).toBeVisible();
  // Every GPU type is shown whole: no cell of the GPUs column is cut short.
  const cut = await table.getByRole('row').evaluateAll((rows) =>
    rows.slice(1).flatMap((row) => {
      const cell = row.querySelectorAll('[role=cell]')[2];
      return cell && cell.scrollWidth > cell.clientWidth ? [cell.textContent] : [];
    }),
  );
  expect(cut).toEqual([]);
  await expect(table.getByRole('row').nth(1).getByRole('cell').nth(2)).toHaveText(/^\d+ × .+/);
  // The table fits the page: nothing scrolls sideways at this width.
  const scroller = page.getByLabel('Pods, scrollable');
  expect(await scroller.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
});

test('terminated pods are hidden by default, counted, and shown on request through the URL', async ({ page }) => {
  await freshStart(page, '/pods');
  const count = page.getByText(/^[\d,]+ pods, [\d,]+ terminated not shown$/);
  await expect(count).toBeVisible();
  const [shown, hidden] = ((await count.textContent()) ?? '').match(/\d[\d,]*/g)!.map((n) => Number(n.replace(/,/g, '')));
  expect(hidden).toBeGreaterThan(0);
  await expect(page.getByLabel('Status')).toHaveValue('');
  await expect(page.getByLabel('Status').locator('option:checked')).toHaveText('Not terminated');
  await page.getByRole('button', { name: 'Show terminated' }).click();
  await expect(page).toHaveURL(/status=any/);
  await expect(page.getByText(`${(shown! + hidden!).toLocaleString('en-US')} pods`, { exact: true })).toBeVisible();
  await expect(page.getByText(/terminated not shown/)).toHaveCount(0);
  await expect(page.getByLabel('Status')).toHaveValue('any');
  await page.reload();
  await expect(page.getByText(`${(shown! + hidden!).toLocaleString('en-US')} pods`, { exact: true })).toBeVisible();
  await page.getByLabel('Status').selectOption({ label: 'Terminated' });
  await expect(page.getByRole('table', { name: 'Pods' }).getByRole('row').nth(1)).toContainText('Terminated');
});
