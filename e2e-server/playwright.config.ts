/**
 * The journeys against the real server: the console built for it (VITE_API_BASE_URL=/api,
 * `npm run build:server` → dist-server/) served by `server/main.ts` beside the API, on a fresh
 * embedded database each run, with simulation controls on (to move the clock) and test
 * organizations on: every journey of e2e/ (E2E_TARGET=server) first gets an organization of its
 * own and signs in (e2e/fixtures.ts), so they run side by side as on the mock. Left out: the
 * demo's own journeys, and those tagged @mock-only (what only the simulator offers). The
 * journeys of this folder are about the server itself (signing in, tenants).
 */
import { defineConfig, devices } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { chromiumLaunchOptions } from '../scripts/browser.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PORT = Number(process.env.E2E_SERVER_PORT ?? 4206);
const DIST = process.env.E2E_SERVER_DIST ?? 'dist-server';
const DATA = process.env.E2E_SERVER_DATA ?? '.e2e/server-pglite';
// The journeys' mailbox (e2e-server/mail-sink.ts): the server's notification e-mails land there.
const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? PORT + 1000);

process.env.E2E_TARGET = 'server';
process.env.E2E_SMTP_PORT = String(SMTP_PORT);
process.env.E2E_MAIL_DIR ??= `${DATA}-mail`;

export default defineConfig({
  testDir: ROOT,
  testMatch: ['e2e/**/*.spec.ts', 'e2e-server/**/*.spec.ts'],
  // The demo (scenarios, time travel, the tour, a static deploy) is the mock's alone.
  testIgnore: ['e2e/demo-*.spec.ts'],
  grepInvert: /@mock-only/,
  fullyParallel: true,
  // One browser at a time on CI: the simulator now builds its usage ledger (every 5-minute period)
  // on each page load, and two browsers on two cores starved each other into timeouts.
  workers: process.env.CI ? 1 : undefined,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  globalSetup: './mail-sink.ts',
  reporter: [['list']],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: '../test-results/e2e-server',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    // Moments show in the viewer's time zone: journeys read them in UTC unless they choose another.
    timezoneId: 'UTC',
    launchOptions: chromiumLaunchOptions(),
  },
  projects: [{ name: 'chromium-server', use: { ...devices['Desktop Chrome'], launchOptions: chromiumLaunchOptions() } }],
  webServer: {
    command: `rm -rf ${DATA} && node --import tsx server/main.ts`,
    cwd: ROOT,
    env: {
      PORT: String(PORT),
      STATIC_DIR: DIST,
      PGLITE_DIR: DATA,
      ALLOW_SIMULATION: '1',
      ALLOW_TEST_ORGANIZATIONS: '1',
      DEMO_PASSWORD: 'northlight-demo',
      LOG_LEVEL: 'error',
      SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
      NOTIFY_INTERVAL_S: '1',
      CONSOLE_URL: `http://127.0.0.1:${PORT}`,
    },
    url: `http://127.0.0.1:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
