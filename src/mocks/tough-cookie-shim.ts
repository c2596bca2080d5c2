/**
 * Stands in for `tough-cookie` in the browser build. MSW keeps a cookie jar so handlers can
 * read `request.cookies`; the simulator reads no cookies (sessions are the real server's
 * business), so an empty jar is exact here, and it saves about 15 kB gzip on first load.
 * Only the names msw/src/core/utils/cookieStore.ts imports are provided.
 */
type Index = Record<string, Record<string, Record<string, Cookie>>>;

export class Cookie {
  static fromJSON(): Cookie | null {
    return null;
  }

  domain: string | null = null;
  path: string | null = null;
  key = '';

  toJSON(): Record<string, unknown> {
    return {};
  }
}

export class MemoryCookieStore {
  idx: Index = {};
}

export class CookieJar {
  getCookiesSync(): Cookie[] {
    return [];
  }

  async setCookie(): Promise<void> {
    // The simulator sets no cookies.
  }
}
