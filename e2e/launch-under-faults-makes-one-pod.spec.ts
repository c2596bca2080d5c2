/**
 * A bad network while launching: 30% of requests fail, 20% of the rest are applied but their
 * answer is lost, every answer is late. Double-clicking Launch and pressing Enter still makes
 * exactly one pod, and the page ends on it.
 */
import { test, expect, freshStart } from './fixtures';
import { dropNetworkErrors, ED25519_KEY, podsNamed, setFaults } from './pod-helpers';

for (const run of [1, 2, 3]) {
  test(`double-click and Enter under 30% faults launch exactly one pod (run ${run})`, async ({ page, consoleErrors }) => {
    await freshStart(page, '/pods/new');
    const name = `faulty-net-${run}`;
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('SSH public key').fill(ED25519_KEY);
    await setFaults(page, { errorRate: 0.3, latencyMs: 300, loseRate: 0.2 });
    const launch = page.getByRole('button', { name: 'Launch pod' });
    await launch.dblclick();
    await page.getByLabel('Name').press('Enter').catch(() => undefined); // the form may already be disabled
    // The console asks a few times by itself; when every one of those is hit too (a few percent
    // of runs at these rates), it says so and the user presses Launch again, as a person would.
    const unconfirmed = page.getByRole('alert').filter({ hasText: 'The launch could not be confirmed' });
    for (let again = 0; again < 3; again++) {
      await expect(page.getByRole('heading', { level: 1, name }).or(unconfirmed)).toBeVisible({ timeout: 30_000 });
      if (!(await unconfirmed.isVisible())) break;
      await launch.click();
    }
    await expect(page).toHaveURL(/\/pods\/pod-[a-z0-9]+$/, { timeout: 30_000 });
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible({ timeout: 20_000 });
    await setFaults(page, null);
    expect(await podsNamed(page, name)).toBe(1);
    dropNetworkErrors(consoleErrors);
  });
}

test('a launch whose answers are all lost is not called failed until the console has asked again, and a retry makes one pod', async ({ page, consoleErrors }) => {
  await freshStart(page, '/pods/new');
  await page.getByLabel('Name').fill('lost-answers');
  await page.getByLabel('SSH public key').fill(ED25519_KEY);
  // Every request is applied and its answer lost: the console cannot confirm.
  await setFaults(page, { errorRate: 0, latencyMs: 0, loseRate: 1 });
  await page.getByRole('button', { name: 'Launch pod' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The launch could not be confirmed' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByLabel('Name')).toHaveValue('lost-answers');
  await setFaults(page, null);
  await page.getByRole('button', { name: 'Launch pod' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'had already been launched by your earlier attempt' })).toBeVisible();
  expect(await podsNamed(page, 'lost-answers')).toBe(1);
  dropNetworkErrors(consoleErrors);
});
