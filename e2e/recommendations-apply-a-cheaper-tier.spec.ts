/**
 * A finance-minded engineer reads why a cheaper GPU would do, applies it through the prefilled
 * launch form, and sees the new pod run, the old one stop and the potential savings fall.
 */
import { test, expect, expectNoSeriousA11yViolations, freshStart, advanceClock } from './fixtures';

function dollars(text: string | null): number {
  return Number((text ?? '').replace(/[^0-9.]/g, ''));
}

test('read a cheaper-tier recommendation’s evidence, apply it through the launch form, and see the savings change', async ({ page }) => {
  await freshStart(page, '/recommendations');
  await expect(page.getByRole('heading', { level: 1, name: 'Recommendations' })).toBeVisible();
  const total = page.locator('dl').filter({ hasText: 'Potential savings per month' }).locator('dd').first();
  await expect(total).toHaveText(/^\$[\d,]+$/);
  const before = dollars(await total.textContent());
  const waiting = page.getByText(/^\d+ running pods? (has|have) too little data to judge yet\.$/);
  const waitingBefore = dollars(await waiting.textContent());

  // The biggest cheaper-tier recommendation, with numbers a person can check.
  const card = page.getByRole('article').filter({ hasText: 'Cheaper GPU tier' }).first();
  await expect(card).toContainText(/Peak memory \d+(\.\d)? GiB of \d+ GiB/);
  await expect(card).toContainText(/SM activity p95 \d+%/);
  await expect(card).toContainText(/fits with \d+(\.\d)?× headroom and does this work in about the same time/);
  await expect(card).toContainText(/saves \$[\d,]+ a month/);
  await expect(card.getByRole('heading', { level: 3 })).toHaveText(/^Move .+ to NVIDIA RTX 6000 Ada$/);
  const oldName = ((await card.getByRole('heading', { level: 3 }).textContent()) ?? '').replace(/^Move (.+) to .*$/, '$1');
  const oldHref = (await card.getByRole('link', { name: `Open ${oldName}` }).getAttribute('href')) ?? '';
  await card.getByText('The chart’s numbers').click();
  await expect(card.getByRole('table', { name: /Peak memory used, per GPU/ })).toContainText('GPU 0');
  await expectNoSeriousA11yViolations(page);

  // Apply: the launch form opens with the new GPU and the old pod's image, disk and key.
  await card.getByRole('link', { name: 'Apply in the launch form' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Launch a dev pod' })).toBeVisible();
  await expect(page.getByRole('radiogroup', { name: 'GPU type' }).getByRole('radio', { name: 'NVIDIA RTX 6000 Ada', exact: true })).toBeChecked();
  await expect(page.getByRole('radiogroup', { name: 'Region' }).getByRole('radio', { name: /Montréal/ })).toBeChecked();
  await expect(page.getByLabel('Name')).toHaveValue(`${oldName}-rtx6000-ada`);
  await expect(page.getByLabel('Disk size (GB)')).toHaveValue(/^\d+$/);
  await expect(page.getByLabel('SSH public key')).toHaveValue(/^ssh-ed25519 /);
  await expect(page.getByRole('checkbox', { name: `Stop ${oldName} once the new pod is running` })).toBeChecked();
  await page.getByRole('button', { name: 'Launch pod' }).click();

  // The new pod runs; the old one is stopped once it does.
  await expect(page).toHaveURL(/\/pods\/pod-[a-z0-9]+$/);
  await expect(page.getByRole('heading', { level: 1, name: `${oldName}-rtx6000-ada` })).toBeVisible();
  await advanceClock(page, 60_000);
  await expect(page.getByText('Running', { exact: true }).first()).toBeVisible({ timeout: 15_000 });
  await page.goto(oldHref);
  await expect(page.getByRole('heading', { level: 1, name: oldName })).toBeVisible();
  await expect(page.getByText('Stopped', { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('list', { name: 'Lifecycle events' })).toContainText(`Replaced by ${oldName}-rtx6000-ada`);

  // The old pod's savings are gone from the total; the new pod is too young to judge.
  await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Recommendations' }).click();
  await expect(total).toHaveText(/^\$[\d,]+$/);
  await expect.poll(async () => dollars(await total.textContent())).toBeLessThan(before);
  await expect(page.getByRole('heading', { level: 3, name: `Move ${oldName} to NVIDIA RTX 6000 Ada` })).toHaveCount(0);
  await expect.poll(async () => dollars(await waiting.textContent())).toBe(waitingBefore + 1);
});
