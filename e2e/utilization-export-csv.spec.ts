/** Finance exports the waste breakdown as CSV, and its total is the one on screen, to the cent. */
import { readFile } from 'node:fs/promises';
import { test, expect, freshStart, actAs } from './fixtures';

/** "$1,234.56" → 123456 */
const cents = (text: string) => Math.round(Number(text.replace(/[$,]/g, '')) * 100);

test('export the breakdown as CSV and find the screen total in it', async ({ page }) => {
  await freshStart(page, '/');
  // The simulator answers once the Overview has its figures.
  await expect(page.getByText('Running pods', { exact: true })).toBeVisible();
  await actAs(page, 'u-oskar');
  await page.goto('/utilization?range=30d&by=user');
  const table = page.getByRole('table', { name: /by user/ });
  const totalRow = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Total' }) });
  const screenWaste = cents((await totalRow.getByRole('cell').last().textContent()) ?? '');
  expect(screenWaste).toBeGreaterThan(0);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^gpu-waste-by-user-\d{4}-\d\d-\d\d-to-\d{4}-\d\d-\d\d\.csv$/);
  const text = await readFile((await download.path())!, 'utf8');
  const lines = text.trimEnd().split('\r\n').map((l) => l.split(','));
  const header = lines[0]!;
  const wasteColumn = header.indexOf('Waste (USD)');
  const total = lines.at(-1)!;
  expect(total[1]).toBe('Total');
  expect(cents(total[wasteColumn]!)).toBe(screenWaste);
  const rows = lines.slice(1, -1);
  expect(rows.reduce((a, r) => a + cents(r[wasteColumn]!), 0)).toBe(screenWaste);
});
