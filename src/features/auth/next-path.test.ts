import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nextPath } from './next-path';

describe('nextPath', () => {
  it('returns to the console page that asked for a session', () => {
    expect(nextPath('/pods/pod-123?view=table', '/')).toBe('/pods/pod-123?view=table');
    expect(nextPath('/console/billing', '/console/')).toBe('/console/billing');
  });

  it('goes to the Overview for anything that is not one of the console’s pages', () => {
    for (const next of [null, '', 'https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/other-app/page']) {
      expect(nextPath(next, next === '/other-app/page' ? '/console/' : '/')).toBe(next === '/other-app/page' ? '/console/' : '/');
    }
  });

  it('never leaves the console’s origin or base path, whatever it is given', () => {
    fc.assert(
      fc.property(fc.string(), (next) => {
        const out = nextPath(next, '/console/');
        expect(out.startsWith('/console/')).toBe(true);
        expect(new URL(out, 'https://console.example').origin).toBe('https://console.example');
      }),
    );
  });
});
