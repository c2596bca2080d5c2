/**
 * The demo as a static deploy: the production build for a sub-path (VITE_BASE_PATH=/demo/),
 * served by the plain static server (scripts/static-server.mjs) under /demo/, loads every route
 * from a direct link, and no request leaves the page's origin or the sub-path.
 *
 * The build is made here (a few seconds) unless E2E_SUBPATH_DIST names one already built.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test, expect } from './fixtures';

const BASE = '/demo/';
const DIST = process.env.E2E_SUBPATH_DIST ?? '.e2e/demo-subpath';

const ROUTES: Array<{ path: string; heading: string | RegExp }> = [
  { path: '', heading: 'Overview' },
  { path: 'pods', heading: 'Pods' },
  { path: 'pods/new', heading: 'Launch a dev pod' },
  { path: 'utilization?range=7d', heading: 'Utilization' },
  { path: 'recommendations', heading: 'Recommendations' },
  { path: 'egress', heading: 'Egress' },
  { path: 'billing', heading: 'Billing' },
  { path: 'about-demo', heading: 'About this demo' },
  { path: 'no-such-page', heading: 'Page not found' },
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

let server: ChildProcess | undefined;
let origin = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  if (!process.env.E2E_SUBPATH_DIST) {
    execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--outDir', DIST, '--emptyOutDir', '--logLevel', 'error'], {
      env: { ...process.env, VITE_BASE_PATH: BASE, VITE_API_BASE_URL: '' },
      stdio: 'inherit',
    });
  }
  const port = await freePort();
  server = spawn(process.execPath, ['scripts/static-server.mjs', DIST, String(port), BASE], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    server!.once('error', reject);
    server!.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('serving')) resolve();
    });
  });
  origin = `http://127.0.0.1:${port}`;
});

test.afterAll(() => {
  server?.kill();
});

test('the build names no other origin in its page or styles, and its assets live under the sub-path', () => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const css = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.css')).map((f) => readFileSync(join(DIST, 'assets', f), 'utf8'));
  for (const text of [html, ...css]) expect(text).not.toMatch(/(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}\//i);
  const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  expect(urls.length).toBeGreaterThan(2);
  for (const url of urls) expect(url.startsWith(BASE)).toBe(true);
});

test('every route loads from a direct link under the sub-path, with no request leaving the origin', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (req) => requests.push(req.url()));

  for (const route of ROUTES) {
    await page.goto(`${origin}${BASE}${route.path}`);
    await expect(page.getByRole('heading', { level: 1, name: route.heading })).toBeVisible();
    // The provider's logo (decorative, so not an image to assistive technology) loaded from under the sub-path.
    const logo = page.locator('aside img').first();
    await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  }
  // A pod's page, reached from the list; then back to the Overview through the navigation.
  await page.goto(`${origin}${BASE}pods`);
  const firstPod = page.getByRole('link', { name: /^[a-z]+-[a-z0-9-]+$/ }).first();
  const podHref = (await firstPod.getAttribute('href')) ?? '';
  expect(podHref).toMatch(/^\/demo\/pods\/pod-[a-z0-9]+$/);
  await page.goto(`${origin}${podHref}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^[a-z]+-[a-z0-9-]+$/);
  await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Overview' }).click();
  await expect(page).toHaveURL(`${origin}${BASE}`);
  await expect(page.getByText('Running pods', { exact: true })).toBeVisible();

  // The sub-path without its trailing slash leads to the Overview too.
  await page.goto(`${origin}/demo`);
  await expect(page).toHaveURL(`${origin}${BASE}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();

  // The simulator's service worker is scoped to the sub-path, and the API is answered under it.
  const worker = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    return { scope: reg?.scope, script: navigator.serviceWorker.controller?.scriptURL };
  });
  expect(worker).toEqual({ scope: `${origin}${BASE}`, script: `${origin}${BASE}mockServiceWorker.js` });

  const offOrigin = requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin);
  expect(offOrigin, 'requests to another origin').toEqual([]);
  const offBase = requests.filter((url) => url.startsWith(origin) && url !== `${origin}/demo` && !new URL(url).pathname.startsWith(BASE));
  expect(offBase, 'requests outside the sub-path').toEqual([]);
  expect(requests.some((url) => url.startsWith(`${origin}${BASE}api/v1/`))).toBe(true);
});
