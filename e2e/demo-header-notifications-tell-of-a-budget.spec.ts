/**
 * The demo's header has the notification centre and the budget banner (loaded after the page's
 * own data): a day on in the startup scenario its budget is spent, the centre says so with a link
 * that marks it read, "Mark all read" clears the count, and on a phone the header wraps.
 */
import type { Page } from '@playwright/test';
import { test, expect, expectNoSeriousA11yViolations, freshStart, advanceClock, callApi } from './fixtures';

const SPENT = 'The Blitzscale AI budget is spent: its policy acts';

/**
 * The startup's admin, who chose (as on the Account page) to hear of recommendations by e-mail
 * only: a day on, the day's new recommendations would otherwise fill the centre's newest 20.
 * Then a day passes: the budget runs out and its policy acts.
 */
async function aDayOfTheStartup(page: Page): Promise<void> {
  await freshStart(page, '/pods?scenario=startup');
  await expect(page.getByText('Admin · Blitzscale AI')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Notifications, \d+ unread$/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Budget acting on your projects' })).toHaveCount(0);
  await callApi(page, 'PUT', '/v1/notification-preferences', { items: [{ kind: 'recommendation.saving', console: false }] });
  await advanceClock(page, 24 * 3_600_000);
  await page.reload();
}

test('a spent budget: the banner, the centre’s unread count, its link followed and marked read, then all read, in both themes', async ({ page }) => {
  test.setTimeout(90_000);
  await aDayOfTheStartup(page);
  const bell = page.getByRole('button', { name: /^Notifications, \d+ unread$/ });
  const banner = page.getByRole('region', { name: 'Budget acting on your projects' });
  await expect(banner).toContainText('The Blitzscale AI budget is spent: its policy stops idle pods until');
  await expect(bell).not.toHaveAccessibleName('Notifications, 0 unread');
  await bell.click();
  await expect(bell).toHaveAttribute('aria-expanded', 'true');
  const panel = page.getByRole('region', { name: 'Notifications', exact: true });
  const spent = panel.getByRole('listitem').filter({ has: page.getByRole('link', { name: SPENT }) });
  await expect(spent).toContainText(`Unread: ${SPENT}`);
  await expectNoSeriousA11yViolations(page);

  // Following its link goes where the budget is explained, closes the panel and marks it read.
  await spent.getByRole('link', { name: SPENT }).click();
  await expect(page).toHaveURL(/\/billing\?tab=budgets$/);
  await expect(panel).toHaveCount(0);
  // Billing says the budget in full: no banner there.
  await expect(banner).toHaveCount(0);

  await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Pods' }).click();
  await expect(banner).toBeVisible();
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await bell.click();
  await expect(spent).toBeVisible();
  await expect(spent).not.toContainText('Unread:');
  await expectNoSeriousA11yViolations(page);

  await panel.getByRole('button', { name: 'Mark all read' }).click();
  await expect(bell).toHaveAccessibleName('Notifications, 0 unread');
  await expect(panel.getByRole('button', { name: 'Mark all read' })).toBeDisabled();
  await expect(panel).not.toContainText('Unread:');
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(bell).toBeFocused();
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 800 } });

  test('the header wraps its controls, the notification centre with them, and nothing scrolls sideways', async ({ page }) => {
    await aDayOfTheStartup(page);
    const bell = page.getByRole('button', { name: /^Notifications, \d+ unread$/ });
    await expect(page.getByRole('region', { name: 'Budget acting on your projects' })).toBeVisible();
    await expect(bell).not.toHaveAccessibleName('Notifications, 0 unread');
    for (const control of [bell, page.getByRole('button', { name: 'Demo' }), page.getByRole('button', { name: 'Dark theme' })]) {
      const box = await control.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await bell.click();
    const panel = page.getByRole('region', { name: 'Notifications', exact: true });
    const box = await panel.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await expectNoSeriousA11yViolations(page);
  });
});
