/** A launch pressed while offline is not sent, and is not sent later by itself: the user confirms it once back online. */
import { test, expect, freshStart } from './fixtures';
import { ED25519_KEY, podsNamed } from './pod-helpers';

test('offline: nothing is sent; back online, one click launches exactly one pod', async ({ page, context }) => {
  await freshStart(page, '/pods/new');
  await page.getByLabel('Name').fill('offline-intent');
  await page.getByLabel('SSH public key').fill(ED25519_KEY);
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Launch pod' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'You are offline' })).toContainText('The launch of offline-intent was not sent. Nothing is sent again without you.');
  await context.setOffline(false);
  const notice = page.getByRole('alert').filter({ hasText: 'You are back online' });
  await expect(notice).toBeVisible();
  // Still nothing launched until the user says so.
  await page.waitForTimeout(1_000);
  expect(await podsNamed(page, 'offline-intent')).toBe(0);
  await notice.getByRole('button', { name: 'Launch offline-intent now' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'offline-intent' })).toBeVisible();
  expect(await podsNamed(page, 'offline-intent')).toBe(1);
});
