/**
 * Stand-ins for two helpers inside MSW's browser bundle, swapped in by vite.config.ts for the
 * browser build only (Node tests use the real modules):
 * - `@open-draft/logger`: MSW's interceptors log to it only when a DEBUG switch is on; the
 *   console's demo never turns it on, so a silent logger is exact.
 * - `headers-polyfill`: MSW uses it to split `Set-Cookie` headers of mocked responses into
 *   document.cookie, and to parse multipart bodies; the simulator sends neither.
 * Together they keep about 2 KiB gzip out of the demo's first visit.
 */
export class Logger {
  constructor(readonly name: string = '') {}
  extend(domain: string): Logger {
    return new Logger(`${this.name}:${domain}`);
  }
  info(): void {}
  success(): void {}
  warning(): void {}
  error(): void {}
  debug(): void {}
  only(): void {}
}

export class Headers extends globalThis.Headers {
  override getSetCookie(): string[] {
    return globalThis.Headers.prototype.getSetCookie.call(this);
  }
}

export function stringToHeaders(raw: string): globalThis.Headers {
  const headers = new globalThis.Headers();
  for (const line of raw.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return headers;
}
