/** An admin reads each project's egress this month, sees the warning before an allowance runs out, and sets a threshold. */
import { test, expect, callApi, freshStart, actAs } from './fixtures';

interface Meter {
  projects: Array<{ projectName: string; internetBytes: number; warning: string }>;
}

test('the meter shows each project’s month so far and warns before the allowance runs out', async ({ page }) => {
  await freshStart(page, '/egress');
  const table = page.getByRole('table', { name: 'Egress this month so far, by project' });
  await expect(table).toBeVisible();
  const meter = await callApi<Meter>(page, 'GET', '/v1/egress/meter');
  await expect(table.getByRole('row')).toHaveCount(1 + meter.projects.length);
  for (const p of meter.projects) {
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${p.projectName}`) }) });
    await expect(row.getByRole('cell').first()).toHaveText(`${Math.round(p.internetBytes / 1e9).toLocaleString('en-US')} GB`);
  }
  const warnings = page.getByRole('region', { name: 'Egress warnings' });
  for (const p of meter.projects.filter((x) => x.warning !== 'none')) await expect(warnings).toContainText(p.projectName);
  await expect(warnings).toContainText(/runs? out/);
});

test('an admin lowers a project’s warning threshold and the warning appears; finance sees it read-only', async ({ page }) => {
  await freshStart(page, '/egress');
  const input = page.getByLabel('Warning threshold for Search ranking (% of the free allowance)');
  await input.fill('5');
  await page.getByRole('button', { name: 'Save the threshold for Search ranking' }).click();
  await expect(page.getByRole('region', { name: 'Egress warnings' })).toContainText('Search ranking has used');
  await actAs(page, 'u-oskar');
  await page.reload();
  const row = page.getByRole('table', { name: 'Egress this month so far, by project' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^Search ranking/ }) });
  await expect(row.getByRole('cell').last()).toHaveText('5% (admins set it)');
  await expect(page.getByRole('button', { name: /Save the threshold/ })).toHaveCount(0);
});
