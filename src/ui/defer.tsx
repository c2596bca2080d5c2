/**
 * Renders secondary content once the page's main content is on screen and the browser is idle,
 * so what a visitor came for loads first (the Overview's figures before its top savings).
 * The fallback holds the content's height meanwhile.
 */
import { useEffect, useState, type ReactNode } from 'react';

export function DeferUntilIdle({ when, fallback, children }: { when: boolean; fallback: ReactNode; children: ReactNode }) {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (!when || ready) return;
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(() => setReady(true), { timeout: 1500 });
      return () => cancelIdleCallback(id);
    }
    const id = setTimeout(() => setReady(true), 200);
    return () => clearTimeout(id);
  }, [when, ready]);
  return <>{ready ? children : fallback}</>;
}
