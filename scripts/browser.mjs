// Launch options for Chromium: Debian's /usr/bin/chromium where it exists (no browser
// downloads on CI machines), else Playwright's own browser on a developer laptop.
import { existsSync } from 'node:fs';

export const SYSTEM_CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumLaunchOptions() {
  const args = ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
  if (existsSync(SYSTEM_CHROMIUM)) return { executablePath: SYSTEM_CHROMIUM, args: ['--no-sandbox', ...args] };
  return { args };
}
