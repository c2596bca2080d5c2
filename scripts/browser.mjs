// Launch options for Chromium: Debian's /usr/bin/chromium where it exists (no browser
// downloads on CI machines), else Playwright's own browser on a developer laptop.
import { existsSync } from 'node:fs';

export const SYSTEM_CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumLaunchOptions() {
  const args = ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
  if (existsSync(SYSTEM_CHROMIUM)) return { executablePath: SYSTEM_CHROMIUM, args: ['--no-sandbox', ...args] };
  return { args };
}

/**
 * An init script for page.addInitScript: records every long task in window.__longTasks as
 * { start, duration }, and when the demo's world exists in window.__worldAt.
 */
export function watchLongTasksAndWorld() {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  // The demo marks the moment its world exists ("northlight:world", when the simulator's Web
  // Worker has made it); a build from before the worker registered MSW's service worker right
  // after generating the world, on the page.
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'northlight:world') window.__worldAt = e.startTime;
  }).observe({ type: 'mark', buffered: true });
  const register = navigator.serviceWorker.register.bind(navigator.serviceWorker);
  navigator.serviceWorker.register = (...args) => {
    if (!performance.getEntriesByName('northlight:world').length) window.__worldAt ??= performance.now();
    return register(...args);
  };
}

/** Serves a demo build on a free port and opens Chromium on it: fn({ browser, origin }), then both close. */
export async function withDemoInBrowser(dist, fn) {
  const { chromium } = await import('@playwright/test');
  const { serveStatic } = await import('./static-server.mjs');
  const server = await serveStatic(dist);
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    return await fn({ browser, origin: `http://127.0.0.1:${server.address().port}` });
  } finally {
    await browser.close();
    server.close();
  }
}
