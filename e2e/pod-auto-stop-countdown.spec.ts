/** A pod whose GPUs go idle counts down to its auto-stop, can be kept running, and stops itself later. */
import { test, expect, freshStart, advanceClock, callApi } from './fixtures';
import { launchThroughApi } from './pod-helpers';

test('the countdown shows when the pod stops and what it saves; Keep running snoozes it; idle later, it stops', async ({ page }) => {
  await freshStart(page, '/pods');
  const id = await launchThroughApi(page, { name: 'idle-notebook', gpuTypeId: 'l40s', autoStopIdleMinutes: 30 });
  // Move the clock in 5-minute steps until every GPU of the pod has gone idle (its telemetry decides).
  for (let i = 0; i < 150; i++) {
    await advanceClock(page, 5 * 60_000);
    const pod = await callApi<{ autoStop: { stopsAt: string | null } | null }>(page, 'GET', `/v1/pods/${id}`);
    if (pod.autoStop?.stopsAt) break;
  }
  await page.goto(`/pods/${id}`);
  const panel = page.getByRole('region', { name: 'Auto-stop when idle' }).or(page.locator('section').filter({ has: page.getByRole('heading', { name: 'Auto-stop when idle' }) }));
  await expect(panel).toContainText(/Stops at .* UTC if still idle/);
  await expect(panel).toContainText('Stopping saves $21.36 a day'); // 1 × L40S at $0.89/h × 24 h
  await panel.getByRole('button', { name: 'Keep running' }).click();
  await expect(panel).toContainText(/Auto-stop is paused until .* UTC/);

  // A day later the GPUs have been idle long enough after the snooze: the pod stopped itself.
  await advanceClock(page, 24 * 3_600_000);
  await page.reload();
  await expect(page.getByText('Stopped', { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('list', { name: 'Lifecycle events' })).toContainText('Idle for 30 minutes: auto-stopped');
});
