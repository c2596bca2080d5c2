/** Stop, start and terminate a pod from its page; under faults too, the actions end right. */
import { test, expect, freshStart, advanceClock, actAs } from './fixtures';
import { dropNetworkErrors, launchThroughApi, setFaults } from './pod-helpers';

const statusBadge = (page: import('@playwright/test').Page, status: string) => page.getByRole('banner').or(page.locator('header')).getByText(status, { exact: true });

async function runningPod(page: import('@playwright/test').Page, name: string): Promise<string> {
  await freshStart(page, '/pods');
  const id = await launchThroughApi(page, { name, diskGb: 300 });
  await advanceClock(page, 30_000);
  await page.goto(`/pods/${id}`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(statusBadge(page, 'Running')).toBeVisible();
  return id;
}

test('stop, start, then terminate after typing the name; the page says the disk is lost', async ({ page }) => {
  await runningPod(page, 'lifecycle-pod');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(statusBadge(page, 'Stopping')).toBeVisible();
  await advanceClock(page, 10_000);
  await expect(statusBadge(page, 'Stopped')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText('Start the pod to connect to it.')).toBeVisible();

  await page.getByRole('button', { name: 'Start' }).click();
  await expect(statusBadge(page, 'Provisioning')).toBeVisible();
  await advanceClock(page, 25_000);
  await expect(statusBadge(page, 'Running')).toBeVisible({ timeout: 15_000 });

  await page.getByRole('button', { name: 'Terminate' }).click();
  const confirm = page.getByRole('region', { name: 'Terminate lifecycle-pod?' });
  await expect(confirm).toContainText('300 GB disk are deleted, with everything on the disk');
  const go = confirm.getByRole('button', { name: 'Terminate pod and delete disk' });
  await expect(go).toBeDisabled();
  await confirm.getByLabel('Type lifecycle-pod to confirm').fill('lifecycle-po');
  await expect(go).toBeDisabled();
  await confirm.getByLabel('Type lifecycle-pod to confirm').fill('lifecycle-pod');
  await go.click();
  await expect(statusBadge(page, 'Terminating')).toBeVisible();
  await advanceClock(page, 10_000);
  await expect(statusBadge(page, 'Terminated')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('list', { name: 'Lifecycle events' })).toContainText('Disk deleted');
  await expect(page.getByRole('button', { name: 'Terminate' })).toBeDisabled();
});

/**
 * Runs an action under faults until the pod ends where it should: when the console could not get
 * an answer it says so and the pod is as before, and the person tries again.
 */
async function untilItHolds(page: import('@playwright/test').Page, act: () => Promise<void>, endStatus: string): Promise<void> {
  const refused = page.getByRole('alert').filter({ hasText: /^Could not / });
  for (let attempt = 0; ; attempt++) {
    await act();
    await advanceClock(page, 10_000);
    // Polls fail too (44% of requests): the page catches up within a few of its retries.
    await expect(statusBadge(page, endStatus).or(refused)).toBeVisible({ timeout: 45_000 });
    if (!(await refused.isVisible()) || attempt === 3) break;
  }
  await expect(statusBadge(page, endStatus)).toBeVisible({ timeout: 30_000 });
}

test('under 30% faults, stop and terminate still end right', async ({ page, consoleErrors }) => {
  test.setTimeout(120_000);
  await runningPod(page, 'flaky-pod');
  await setFaults(page, { errorRate: 0.3, latencyMs: 200, loseRate: 0.2 });
  await untilItHolds(page, () => page.getByRole('button', { name: 'Stop' }).click(), 'Stopped');
  await untilItHolds(
    page,
    async () => {
      await page.getByRole('button', { name: 'Terminate', exact: true }).click();
      await page.getByLabel('Type flaky-pod to confirm').fill('flaky-pod');
      await page.getByRole('button', { name: 'Terminate pod and delete disk' }).click();
    },
    'Terminated',
  );
  await setFaults(page, null);
  dropNetworkErrors(consoleErrors);
});

test('a refused stop rolls back visibly', async ({ page, consoleErrors }) => {
  await runningPod(page, 'rollback-pod');
  await setFaults(page, { errorRate: 1, latencyMs: 100, loseRate: 0 });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(statusBadge(page, 'Stopping')).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Could not stop rollback-pod. It is running as before.' })).toBeVisible({ timeout: 20_000 });
  await expect(statusBadge(page, 'Running')).toBeVisible();
  await setFaults(page, null);
  dropNetworkErrors(consoleErrors);
});

test('finance sees the pod but no actions', async ({ page }) => {
  await freshStart(page, '/pods');
  const id = await launchThroughApi(page, { name: 'finance-view' });
  await actAs(page, 'u-oskar');
  await page.goto(`/pods/${id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'finance-view' })).toBeVisible();
  await expect(page.getByText('As a finance user you can see this pod, but not stop, start or terminate it.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Stop' })).toHaveCount(0);
});
