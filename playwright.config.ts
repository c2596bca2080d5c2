/**
 * Playwright runs the user journeys against the production build (vite build → dist/),
 * served by a plain static server, in Debian's Chromium where present (CI), else Playwright's.
 */
import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions } from './scripts/browser.mjs';

/** Which build to serve and where: parallel work can run separate builds on separate ports. */
const PORT = Number(process.env.E2E_PORT ?? 4173);
const DIST = process.env.E2E_DIST ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  // One browser at a time on CI: the simulator now builds its usage ledger (every 5-minute period)
  // on each page load, and two browsers on two cores starved each other into timeouts.
  workers: process.env.CI ? 1 : undefined,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [['list']] : [['list']],
  timeout: 45_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    // Moments show in the viewer's time zone: journeys read them in UTC unless they choose another.
    timezoneId: 'UTC',
    launchOptions: chromiumLaunchOptions(),
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], launchOptions: chromiumLaunchOptions() } }],
  webServer: {
    command: `node scripts/static-server.mjs ${DIST} ${PORT}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
  },
});
