/** Finance estimates what moving 50 TB a month from AWS to the GPUs here costs, switches units, and shares the link. */
import { test, expect, expectNoSeriousA11yViolations, freshStart } from './fixtures';
import type { Locator, Page } from '@playwright/test';

function figure(page: Page, section: string, label: string): Locator {
  return page.getByRole('region', { name: section }).locator('dt').filter({ hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');
}

function tierRow(table: Locator, tier: string): Locator {
  return table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name: tier, exact: true }) });
}

test('50 TB a month from AWS to here: the tier breakdown, the same cost in any unit, and a link that keeps the inputs', async ({ page }) => {
  await freshStart(page, '/egress');
  await page.getByLabel('Data volume').fill('50');
  await page.getByLabel('Unit').selectOption('TB');
  await page.getByRole('radio', { name: 'Every month' }).check();
  await page.getByLabel('From', { exact: true }).selectOption({ label: 'US East (N. Virginia) (us-east-1), United States' });
  await page.getByLabel('To', { exact: true }).selectOption({ label: 'Montréal (ca-mtl-1), Canada' });

  const costs = 'What this transfer costs';
  await expect(figure(page, costs, 'First month')).toHaveText('$4,291.00');
  const tiers = page.getByRole('table', { name: /AWS, to the internet: the first month, tier by tier/ });
  await expect(tierRow(tiers, 'First 100 GB of the month')).toContainText('100 GB');
  await expect(tierRow(tiers, '100 to 10,000 GB').getByRole('cell')).toHaveText(['9,900 GB', '$0.09 per GB', '$891.00']);
  await expect(tierRow(tiers, '10,000 to 50,000 GB').getByRole('cell')).toHaveText(['40,000 GB', '$0.085 per GB', '$3,400.00']);
  await expect(tierRow(tiers, 'Total').getByRole('cell').last()).toHaveText('$4,291.00');
  await expect(page.getByText('The data leaves the United States: the destination is in Canada.', { exact: false })).toBeVisible();
  // Kept next to the GPUs, the 50 TB still leave AWS once (issue 17, point 11): counted, and where they go said.
  const hybrid = page.getByRole('region', { name: 'If the data stays next to the GPUs here' });
  await expect(hybrid).toContainText('Moving the 50 TB here from AWS US East (N. Virginia) once costs $4,291.00');
  await expect(figure(page, 'If the data stays next to the GPUs here', 'Over 12 months')).toHaveText('$4,291.00');
  await expect(figure(page, 'If the data stays next to the GPUs here', 'Saved over 12 months')).toHaveText('$47,201.00');
  await expect(hybrid).toContainText('The data goes from AWS US East (N. Virginia) in the United States to Northlight Montréal in Canada and is kept there.');

  // The same volume in another unit is the same cost, to the cent.
  await page.getByLabel('Unit').selectOption('GiB');
  await expect(page.getByLabel('Data volume')).toHaveValue('46566.12873077392578125');
  await expect(figure(page, costs, 'First month')).toHaveText('$4,291.00');
  await page.getByLabel('Unit').selectOption('TiB');
  await expect(page.getByLabel('Data volume')).toHaveValue('45.474735088646411895751953125');
  await expect(figure(page, costs, 'First month')).toHaveText('$4,291.00');

  // The address is the estimate: opened afresh, it shows the same inputs and the same cost.
  const shared = page.url();
  expect(new URL(shared).searchParams.get('unit')).toBe('TiB');
  await page.goto('about:blank');
  await page.goto(shared);
  await expect(page.getByLabel('Data volume')).toHaveValue('45.474735088646411895751953125');
  await expect(page.getByLabel('Unit')).toHaveValue('TiB');
  await expect(page.getByRole('radio', { name: 'Every month' })).toBeChecked();
  await expect(page.getByLabel('From', { exact: true })).toHaveValue('aws:us-east-1');
  await expect(page.getByLabel('To', { exact: true })).toHaveValue('northlight:ca-mtl-1');
  await expect(figure(page, costs, 'First month')).toHaveText('$4,291.00');
  await expectNoSeriousA11yViolations(page);
});

test('a volume that is not a number is named at its field and kept as typed', async ({ page }) => {
  await freshStart(page, '/egress');
  const volume = page.getByLabel('Data volume');
  await volume.fill('50 TB');
  await expect(volume).toHaveValue('50 TB');
  await expect(volume).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Enter a number of zero or more, such as 50 or 1.5')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Data volume')).toHaveValue('50 TB');
  await volume.fill('50');
  await expect(figure(page, 'What this transfer costs', 'First month')).toHaveText(/^\$[\d,]+\.\d\d$/);
});

test('the projection opens as a table, and each provider’s tiers open on demand, in the dark theme too', async ({ page }) => {
  await freshStart(page, '/egress?volume=200&unit=TB&cadence=monthly&growth=5&from=gcp%3Aus-central1&to=internet', 'dark');
  await page.getByText('The projection as a table').click();
  const projection = page.getByRole('table', { name: '12-month projection, month by month' });
  await expect(projection.getByRole('row')).toHaveCount(14);
  // 200 TB growing 5% a month: month 2 is 210 TB.
  await expect(projection.getByRole('row', { name: /Month 2/ })).toContainText('210 TB');
  await page.getByRole('button', { name: /Show tiers for Microsoft Azure/ }).click();
  await expect(page.getByRole('table', { name: /Microsoft Azure, to the internet.*tier by tier/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
