/**
 * Stands in for `tldts` in the browser build. MSW's cookie store (tough-cookie) imports
 * only `getDomain` from it, and with it a 250 KiB public-suffix list. The simulator only
 * ever sees same-origin cookies, for which the last two labels are the right answer;
 * dropping the list keeps the demo's first load inside its size budget.
 */
export function getDomain(hostname: string): string | null {
  if (!hostname) return null;
  if (/^[\d.]+$/.test(hostname) || hostname.includes(':') || !hostname.includes('.')) return hostname;
  return hostname.split('.').slice(-2).join('.');
}
