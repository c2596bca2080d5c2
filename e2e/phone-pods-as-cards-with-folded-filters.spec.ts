/**
 * The pod list on a phone (360 × 800): one card per pod with its status, GPUs, rate now and the
 * actions it has, the filters folded behind one button that counts them, no sideways scrolling,
 * and 10,000 pods still a short DOM.
 */
import { test, expect, freshStart, advanceClock, expectNoSeriousA11yViolations } from './fixtures';
import { launchThroughApi } from './pod-helpers';

test.use({ viewport: { width: 360, height: 800 } });

test('pods are cards with their status, GPUs, $/h and actions, and nothing scrolls sideways', async ({ page }) => {
  await freshStart(page, '/pods');
  const list = page.getByRole('list', { name: 'Pods' });
  await expect(list).toBeVisible();
  await expect(page.getByRole('table', { name: 'Pods' })).toHaveCount(0);
  const running = list.getByRole('listitem').filter({ hasText: 'Running' }).first();
  await expect(running.getByRole('link').first()).toBeVisible();
  await expect(running).toContainText(/\d+ × \S+/);
  await expect(running).toContainText(/\$[\d,.]+\/h/);
  await expect(running.getByRole('link', { name: /^Connect to / })).toBeVisible();
  await expect(running.getByRole('button', { name: /^Stop / })).toBeVisible();
  const box = await running.boundingBox();
  expect(box && box.x + box.width).toBeLessThanOrEqual(360);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectNoSeriousA11yViolations(page);
});

test('the filters fold behind one button that says how many are on, and stay in the URL', async ({ page }) => {
  await freshStart(page, '/pods');
  await expect(page.getByRole('list', { name: 'Pods' })).toBeVisible();
  await expect(page.getByLabel('Status')).toBeHidden();
  const filters = page.getByRole('button', { name: /^Filters/ });
  await expect(filters).toHaveAttribute('aria-expanded', 'false');
  await filters.click();
  await expect(filters).toHaveAttribute('aria-expanded', 'true');
  await page.getByLabel('Status').selectOption({ label: 'Running' });
  await page.getByLabel('GPU type').selectOption({ label: 'NVIDIA H100 SXM 80GB' });
  await expect(page).toHaveURL(/status=running/);
  await expect(page).toHaveURL(/gpuTypeId=h100-sxm/);
  await expect(filters).toHaveAccessibleName('Filters 2 on');
  await filters.click();
  await expect(page.getByLabel('Status')).toBeHidden();
  const cards = page.getByRole('list', { name: 'Pods' }).getByRole('listitem');
  await expect(cards.first()).toContainText('NVIDIA H100 SXM 80GB');
  await expect(cards.first()).toContainText('Running');
  await page.reload();
  await expect(page.getByRole('button', { name: /^Filters/ })).toHaveAccessibleName('Filters 2 on');
});

test('Stop on a card stops the pod; Connect opens its connect details', async ({ page }) => {
  await freshStart(page, '/pods');
  await launchThroughApi(page, { name: 'phone-stop-pod' });
  await launchThroughApi(page, { name: 'phone-connect-pod' });
  await advanceClock(page, 30_000);
  await page.goto('/pods?q=phone-');
  const card = (name: string) =>
    page
      .getByRole('list', { name: 'Pods' })
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name, exact: true }) });
  await expect(card('phone-stop-pod')).toContainText('Running', { timeout: 15_000 });
  await card('phone-stop-pod').getByRole('button', { name: 'Stop phone-stop-pod' }).click();
  await expect(card('phone-stop-pod')).toContainText(/Stopping|Stopped/, { timeout: 15_000 });
  await expect(card('phone-stop-pod').getByRole('button', { name: /^Stop/ })).toHaveCount(0);

  await card('phone-connect-pod').getByRole('link', { name: 'Connect to phone-connect-pod' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'phone-connect-pod' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Copy SSH command' })).toBeInViewport();
  await expect(page.locator('#connect')).toBeFocused();
});

test('the pod list passes axe at 360 px in the dark theme, filters open', async ({ page }) => {
  await freshStart(page, '/pods', 'dark');
  await expect(page.getByRole('list', { name: 'Pods' }).getByRole('listitem').first().getByRole('link').first()).toBeVisible();
  await page.getByRole('button', { name: /^Filters/ }).click();
  await expect(page.getByLabel('Status')).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

// The large preset is a simulator setting (?preset=large).
test('10,000 pods on a phone: the cards stay a short DOM and scroll to the middle', { tag: '@mock-only' }, async ({ page }) => {
  test.setTimeout(90_000);
  await freshStart(page, '/pods?preset=large&status=any');
  await expect(page.getByText('10,000 pods')).toBeVisible({ timeout: 60_000 });
  const list = page.getByRole('list', { name: 'Pods' });
  await expect(list.getByRole('listitem').first()).toHaveAttribute('aria-setsize', '10000');
  expect(await list.getByRole('listitem').count()).toBeLessThan(30);
  await page.getByLabel('Pods, scrollable').evaluate((el) => el.scrollTo({ top: el.scrollHeight / 2 }));
  const middle = list.locator('[aria-posinset="5000"]');
  await expect(middle).toBeAttached({ timeout: 30_000 });
  await expect(middle.getByRole('link').first()).toBeVisible({ timeout: 30_000 });
  expect(await list.getByRole('listitem').count()).toBeLessThan(30);
});
