/**
 * The journeys against the real server: the console built for it (VITE_API_BASE_URL=/api,
 * `npm run build:server` → dist-server/) served by `server/main.ts` beside the API, on a fresh
 * embedded database each run, simulation controls on (to move the clock). One worker: the
 * journeys share one server and its database.
 */
import { defineConfig, devices } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { chromiumLaunchOptions } from '../scripts/browser.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PORT = Number(process.env.E2E_SERVER_PORT ?? 4206);
const DIST = process.env.E2E_SERVER_DIST ?? 'dist-server';
const DATA = process.env.E2E_SERVER_DATA ?? '.e2e/server-pglite';

export default defineConfig({
  testDir: '.',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: '../test-results/e2e-server',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions(),
  },
  projects: [{ name: 'chromium-server', use: { ...devices['Desktop Chrome'], launchOptions: chromiumLaunchOptions() } }],
  webServer: {
    command: `rm -rf ${DATA} && node --import tsx server/main.ts`,
    cwd: ROOT,
    env: { PORT: String(PORT), STATIC_DIR: DIST, PGLITE_DIR: DATA, ALLOW_SIMULATION: '1', DEMO_PASSWORD: 'northlight-demo', LOG_LEVEL: 'error' },
    url: `http://127.0.0.1:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
