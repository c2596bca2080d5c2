/**
 * One scope everywhere: a team lead picks a project in the header once, and every page shows that
 * project (and says so) until they pick another; a scope chosen on Utilization moves the header too.
 */
import { test, expect, freshStart } from './fixtures';

test('the header’s project scopes Overview, Utilization, Pods, Recommendations and Billing', async ({ page }) => {
  test.slow();
  await freshStart(page, '/');
  const header = page.getByRole('banner').getByLabel('Project');
  await expect(header).toBeEnabled();
  await header.selectOption({ label: 'LLM research' });
  await expect(page.getByText(/^LLM research, as of /)).toBeVisible();

  const nav = page.getByRole('navigation', { name: 'Primary' });
  await nav.getByRole('link', { name: 'Utilization' }).click();
  await expect(page.getByText(/^LLM research, \w{3} \d/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByLabel('Scope')).toHaveValue('project');

  await nav.getByRole('link', { name: 'Pods' }).click();
  const rows = page.getByRole('table', { name: 'Pods' }).getByRole('row');
  await expect(rows.nth(1)).toContainText('LLM research');
  await expect(page.getByRole('table', { name: 'Pods' }).getByText(/^(Vision|Search ranking|Serving)$/)).toHaveCount(0);
  // The page's project filter is the header's, never a second one that disagrees with it.
  const podsProject = page.getByRole('main').getByLabel('Project', { exact: true });
  await expect(podsProject).toHaveValue('p-llm');
  await podsProject.selectOption({ label: 'Vision' });
  await expect(header).toHaveValue('p-vision');
  await expect(rows.nth(1)).toContainText('Vision');
  await header.selectOption({ label: 'LLM research' });
  await expect(podsProject).toHaveValue('p-llm');

  await nav.getByRole('link', { name: 'Recommendations' }).click();
  await expect(page.getByRole('main').getByLabel('Project', { exact: true })).toHaveValue('p-llm');

  await nav.getByRole('link', { name: 'Billing' }).click();
  await expect(page.getByText(/^Budgets? for LLM research$/).first()).toBeVisible();

  // A scope chosen on Utilization is the header's too.
  await nav.getByRole('link', { name: 'Utilization' }).click();
  await page.getByLabel('Scope').selectOption('organization');
  await expect(header).toHaveValue('all');
  await nav.getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByText(/^All your projects, as of /)).toBeVisible();
});
