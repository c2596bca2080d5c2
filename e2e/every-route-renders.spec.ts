/** Smoke: every route of the production build renders, with no console errors, and passes axe in both themes. */
import { test, expect, expectNoSeriousA11yViolations, freshStart } from './fixtures';

const ROUTES: Array<{ path: string; heading: string | RegExp; mockOnly?: true }> = [
  { path: '/', heading: 'Overview' },
  { path: '/pods', heading: 'Pods' },
  { path: '/utilization', heading: 'Utilization' },
  { path: '/recommendations', heading: 'Recommendations' },
  { path: '/egress', heading: 'Egress' },
  { path: '/billing', heading: 'Billing' },
  // The demo's own page: a build for a real API has no demo.
  { path: '/about-demo', heading: 'About this demo', mockOnly: true },
  { path: '/no-such-page', heading: 'Page not found' },
];

for (const theme of ['light', 'dark'] as const) {
  for (const route of ROUTES) {
    test(`${route.path} renders in the ${theme} theme with no serious accessibility violations`, { tag: route.mockOnly ? '@mock-only' : [] }, async ({ page }) => {
      await freshStart(page, route.path, theme);
      await expect(page.getByRole('heading', { level: 1, name: route.heading })).toBeVisible();
      await expect(page.locator('html')).toHaveClass(theme === 'dark' ? /dark/ : /^(?!.*dark).*$/);
      await page.waitForLoadState('networkidle');
      await expect(page.getByRole('status')).toHaveCount(0);
      await expectNoSeriousA11yViolations(page);
    });
  }
}
