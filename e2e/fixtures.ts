/**
 * Shared journey helpers: a page that fails the test on any console error, and an axe check
 * that fails on serious or critical violations.
 */
import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(msg.text());
      });
      page.on('pageerror', (err) => errors.push(err.message));
      await use(errors);
      expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
    'serious or critical accessibility violations',
  ).toEqual([]);
}

/**
 * Opens a page as a first-time visitor (each test has its own browser context, so storage
 * starts empty), optionally with a saved theme preference.
 */
export async function freshStart(page: Page, path = '/', theme?: 'light' | 'dark'): Promise<void> {
  if (theme) {
    await page.addInitScript((t) => {
      if (!localStorage.getItem('northlight.theme')) localStorage.setItem('northlight.theme', t);
    }, theme);
  }
  await page.goto(path);
}

/** Calls the simulated API from inside the page (the service worker answers it). */
export async function callApi<T = unknown>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, path, body }) => {
      // The console's base path is the first path segment before any route: the e2e suite serves at the root.
      const res = await fetch(`${location.origin}/api${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return (await res.json()) as unknown;
    },
    { method, path, body },
  ) as Promise<T>;
}

/** Moves the simulated clock forward (the demo's time travel). */
export async function advanceClock(page: Page, durationMs: number): Promise<void> {
  await callApi(page, 'POST', '/v1/simulation/advance', { durationMs });
}

/** Acts as another user of the simulated organization (u-maya admin, u-oskar finance, u-ana engineer, ...). */
export async function actAs(page: Page, userId: string): Promise<void> {
  await callApi(page, 'POST', '/v1/simulation/act-as', { userId });
}
