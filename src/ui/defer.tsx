/**
 * Renders secondary content once the page's main content is on screen and the browser is idle,
 * so what a visitor came for loads first (the Overview's figures before its top savings).
 * The fallback holds the content's height meanwhile.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';

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

/**
 * Draws its children once their place nears the screen (`margin` ahead, a CSS length), or when the
 * page is printed; until then the fallback holds the place. For what is costly to draw and sits
 * below the first screen: a chart is drawn as the reader scrolls to it, not while the page opens.
 * Where the browser cannot tell (no IntersectionObserver), at once. The default fallback is a quiet
 * box the size of the wrapper (give it the content's height): nothing is loading there yet, so it
 * is no status for a screen reader to announce.
 */
export function WhenNearScreen({ margin = '300px', fallback = HELD_PLACE, className, children }: { margin?: string; fallback?: ReactNode; className?: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    const el = box.current;
    if (near || !el) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setNear(true);
    }, { rootMargin: margin });
    observer.observe(el);
    const print = () => setNear(true);
    window.addEventListener('beforeprint', print);
    return () => {
      observer.disconnect();
      window.removeEventListener('beforeprint', print);
    };
  }, [near, margin]);
  return (
    <div ref={box} className={className}>
      {near ? children : fallback}
    </div>
  );
}

const HELD_PLACE = <div className="h-full w-full rounded-md bg-slate-100 dark:bg-slate-800" aria-hidden="true" />;
