/**
 * Smoke: every route of the production build renders, with no console errors, passes axe in both
 * themes, and names the document after itself (WCAG 2.4.2), as a tab or the history list shows it.
 */
import { test, expect, expectNoSeriousA11yViolations, freshStart } from './fixtures';
import { brand } from '../src/brand/brand.config';

const ROUTES: Array<{ path: string; heading: string | RegExp; mockOnly?: true }> = [
  { path: '/', heading: 'Overview' },
  { path: '/pods', heading: 'Pods' },
  { path: '/utilization', heading: 'Utilization' },
  { path: '/utilization?view=inference', heading: 'Utilization' },
  { path: '/recommendations', heading: 'Recommendations' },
  { path: '/egress', heading: 'Egress' },
  { path: '/billing', heading: 'Billing' },
  { path: '/account', heading: 'Account' },
  { path: '/audit', heading: 'Audit log' },
  { path: '/members', heading: 'Members' },
  // An invitation link, outside the shell (opened without its secret, it says so).
  { path: '/join', heading: 'Join your team' },
  // The demo's own page: a build for a real API has no demo.
  { path: '/about-demo', heading: 'About this demo', mockOnly: true },
  { path: '/no-such-page', heading: 'Page not found' },
];

for (const theme of ['light', 'dark'] as const) {
  for (const route of ROUTES) {
    test(`${route.path} renders in the ${theme} theme with no serious accessibility violations`, { tag: route.mockOnly ? '@mock-only' : [] }, async ({ page }) => {
      await freshStart(page, route.path, theme);
      await expect(page.getByRole('heading', { level: 1, name: route.heading })).toBeVisible();
      if (typeof route.heading === 'string') await expect(page).toHaveTitle(`${route.heading} · ${brand.consoleName}`);
      await expect(page.locator('html')).toHaveClass(theme === 'dark' ? /dark/ : /^(?!.*dark).*$/);
      await page.waitForLoadState('networkidle');
      await expect(page.getByRole('status')).toHaveCount(0);
      await expectNoSeriousA11yViolations(page);
    });
  }
}

test('moving between pages retitles the document, a pod page after its pod', async ({ page }) => {
  await freshStart(page, '/pods');
  await expect(page).toHaveTitle(`Pods · ${brand.consoleName}`);
  const first = page.getByRole('table', { name: 'Pods' }).getByRole('row').nth(1).getByRole('link').first();
  const name = (await first.textContent()) ?? '';
  await first.click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page).toHaveTitle(`${name} · ${brand.consoleName}`);
  await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Billing' }).click();
  await expect(page).toHaveTitle(`Billing · ${brand.consoleName}`);
});
