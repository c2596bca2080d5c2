/**
 * Against the real server: a visitor is sent to sign in, signs in, sees the Overview's figures
 * from the database, launches a pod, and finds it again after a reload; another organization's
 * admin does not see it.
 */
import type { Page } from '@playwright/test';
import { test, expect, expectNoSeriousA11yViolations, advanceClock } from '../e2e/fixtures';
import { dropExpectedRefusals, ED25519_KEY } from '../e2e/pod-helpers';

// These journeys are about signing in: they start signed out.
test.use({ signedIn: false });

async function signIn(page: Page, email: string, password = 'northlight-demo'): Promise<void> {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('sign in, see the Overview from the database, launch a pod and find it after a reload', async ({ page, consoleErrors, browser }) => {
  await page.goto('/pods');
  // No session: the API answers 401 and the console goes to its sign-in page, remembering where it was.
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fpods$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await signIn(page, 'maya@lumen.example', 'not-the-password');
  await expect(page.getByRole('alert')).toContainText('do not match an account');
  await signIn(page, 'maya@lumen.example');
  await expect(page.getByRole('heading', { level: 1, name: 'Pods' })).toBeVisible();

  await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Overview' }).click();
  const figures = page.locator('dl');
  await expect(figures.filter({ hasText: 'Running pods' }).locator('dd').first()).toHaveText(/^\d+$/);
  await expect(figures.filter({ hasText: 'GPUs and disks this month' }).locator('dd').first()).toHaveText(/^\$[\d,]+\.\d\d$/);
  await expect(page.getByText('Maya Chen').first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.goto('/pods/new');
  await expect(page.getByRole('heading', { level: 1, name: 'Launch a dev pod' })).toBeVisible();
  await page.getByRole('radiogroup', { name: 'GPU type' }).getByRole('radio', { name: 'NVIDIA L4', exact: true }).check();
  await page.getByRole('radiogroup', { name: 'Region' }).getByRole('radio', { name: /Toronto/ }).check();
  await page.getByLabel('Name').fill('maya-on-the-server');
  await page.getByLabel('SSH public key').fill(ED25519_KEY);
  await page.getByRole('button', { name: 'Launch pod' }).click();
  await expect(page).toHaveURL(/\/pods\/pod-[a-z0-9]+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'maya-on-the-server' })).toBeVisible();
  await advanceClock(page, 30_000);
  await expect(page.getByText('Running', { exact: true }).first()).toBeVisible({ timeout: 20_000 });

  // The pod is in the database: a reload (same session cookie) finds it, running.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'maya-on-the-server' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Lifecycle events' })).toContainText('Launched by Maya Chen');

  // Another organization's admin, in another browser, sees none of it.
  const other = await browser.newContext();
  const orbit = await other.newPage();
  await orbit.goto(page.url());
  await expect(orbit).toHaveURL(/\/sign-in\?next=/);
  await signIn(orbit, 'ines@orbit.example');
  await expect(orbit.getByRole('heading', { level: 1, name: 'Pod not found' }).or(orbit.getByText(/No pod with id/))).toBeVisible();
  await orbit.goto('/pods?q=maya-on-the-server');
  await expect(orbit.getByRole('heading', { level: 1, name: 'Pods' })).toBeVisible();
  await expect(orbit.getByRole('row', { name: /maya-on-the-server/ })).toHaveCount(0);
  await other.close();

  // The browser logs each 401 (no session yet), 404 (the other organization's pod) and the refused password.
  dropExpectedRefusals(consoleErrors, [401, 404]);
});

test('the sign-in page passes axe in the dark theme', async ({ page, consoleErrors }) => {
  await page.addInitScript(() => localStorage.setItem('northlight.theme', 'dark'));
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await expectNoSeriousA11yViolations(page);
  dropExpectedRefusals(consoleErrors, [401]);
});

test('signing out ends the session on the server: the console asks to sign in again, even for a page it had open', async ({ page, consoleErrors }) => {
  await page.goto('/billing');
  await signIn(page, 'oskar@lumen.example');
  await expect(page.getByRole('heading', { level: 1, name: 'Billing' })).toBeVisible();
  await expect(page.getByText('Oskar Lindqvist')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  // The session cookie is gone and the server forgot the session: going back asks again.
  expect((await page.context().cookies()).some((c) => c.name === '__Host-nl_session')).toBe(false);
  await page.goto('/billing');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fbilling$/);
  dropExpectedRefusals(consoleErrors, [401]);
});

test('reads that meet the ending session during sign-out do not send the user back to sign in to this page', async ({ page, consoleErrors }) => {
  await page.goto('/billing');
  await signIn(page, 'oskar@lumen.example');
  await expect(page.getByRole('heading', { level: 1, name: 'Billing' })).toBeVisible();
  // The server ends the session at once, but its answer to the console is held back a moment.
  await page.route('**/api/v1/auth/sign-out', async (route) => {
    const answer = await route.fetch();
    // Meanwhile the user moves to another page, whose reads meet the ended session.
    await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Pods' }).click();
    await page.waitForTimeout(1_000);
    await route.fulfill({ response: answer });
  });
  const refused = page.waitForResponse((r) => r.url().includes('/api/v1/') && !r.url().includes('/auth/') && r.status() === 401);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await refused;
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  dropExpectedRefusals(consoleErrors, [401]);
});
