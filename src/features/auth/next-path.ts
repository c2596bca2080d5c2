/**
 * Where the console goes after signing in: the page that asked for a session (?next=…), if it
 * is one of the console's own pages; anything else (another site, a protocol-relative URL, a
 * `javascript:` URL) goes to the Overview, so a link cannot send a fresh session elsewhere.
 */
export function nextPath(next: string | null, basePath: string): string {
  if (!next || !next.startsWith(basePath) || next.startsWith('//') || next.includes('\\')) return basePath;
  try {
    // Resolved against a dummy origin: a path that stays on it is the console's own.
    const url = new URL(next, 'https://console.invalid');
    return url.origin === 'https://console.invalid' && url.pathname.startsWith(basePath) ? `${url.pathname}${url.search}${url.hash}` : basePath;
  } catch {
    return basePath;
  }
}
