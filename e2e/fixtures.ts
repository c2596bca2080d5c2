/**
 * Shared journey helpers: a page that fails the test on any console error, and an axe check
 * that fails on serious or critical violations.
 *
 * The same journeys run against the mock (playwright.config.ts) and against the real server
 * (e2e-server/playwright.config.ts sets E2E_TARGET=server). Against the server each journey
 * first gets an organization of its own (the mock's default world) and signs in as its admin,
 * as the mock's visitor starts as Maya; journeys tagged @mock-only (the demo's own features, the
 * 10,000-pod preset) run on the mock alone.
 */
import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** Whether the journeys run against the real server rather than the embedded mock. */
export const SERVER_TARGET = process.env.E2E_TARGET === 'server';

export const test = base.extend<{ consoleErrors: string[]; signedIn: boolean; serverSession: void }>({
  /** Against the server: start signed in (a journey about signing in turns it off). */
  signedIn: [true, { option: true }],
  serverSession: [
    async ({ page, signedIn }, use) => {
      if (SERVER_TARGET && signedIn) {
        // page.request shares the browser context's cookies: the session lands in the browser.
        const created = await page.request.post('/api/testing/organizations', { data: {} });
        expect(created.status(), 'a fresh organization on the server').toBe(201);
        const { users, password } = (await created.json()) as { users: Array<{ id: string; email: string }>; password: string };
        const maya = users.find((u) => u.id === 'u-maya');
        const signIn = await page.request.post('/api/v1/auth/sign-in', { data: { email: maya?.email, password } });
        expect(signIn.status(), 'signing in to the fresh organization').toBe(200);
      }
      await use();
    },
    { auto: true },
  ],
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

/**
 * Calls the API from inside the page, as the console would (the mock's service worker or the
 * real server answers it): with the server's CSRF token when there is one. Answers the status
 * and the parsed body.
 */
export async function fetchApi<T = unknown>(page: Page, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ method, path, body, headers }) => {
      // The real server's CSRF double-submit token, as the console sends it (the mock has none).
      const csrf = /(?:^|;\s*)__Host-nl_csrf=([^;]+)/.exec(document.cookie)?.[1];
      // The e2e suites serve the console at the root.
      const res = await fetch(`${location.origin}/api${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(csrf ? { 'X-CSRF-Token': decodeURIComponent(csrf) } : {}), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as unknown };
    },
    { method, path, body, headers },
  ) as Promise<{ status: number; body: T }>;
}

/** Calls the API from inside the page; answers the parsed body. */
export async function callApi<T = unknown>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  return (await fetchApi<T>(page, method, path, body)).body;
}

/** Moves the simulated clock forward (the demo's time travel). */
export async function advanceClock(page: Page, durationMs: number): Promise<void> {
  const answer = await callApi<{ now?: string }>(page, 'POST', '/v1/simulation/advance', { durationMs });
  expect(answer.now, 'the simulated clock moved').toBeTruthy();
}

/** Acts as another user of the simulated organization (u-maya admin, u-oskar finance, u-ana engineer, ...). */
export async function actAs(page: Page, userId: string): Promise<void> {
  await callApi(page, 'POST', '/v1/simulation/act-as', { userId });
}
