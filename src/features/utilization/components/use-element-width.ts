/**
 * The width of an element in CSS pixels, rounded down to a step (so resizing refetches rarely):
 * `undefined` until it is measured, `null` where it cannot be (no layout: a test's DOM). A query
 * sized by it waits for the measure, so the page asks once, at the right size.
 */
import { useEffect, useState, type RefObject } from 'react';

export function useElementWidth(ref: RefObject<HTMLElement | null>, step = 100): number | null | undefined {
  const [width, setWidth] = useState<number | null | undefined>(undefined);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') {
      setWidth(null);
      return;
    }
    const measure = () => {
      const w = Math.floor(el.clientWidth / step) * step;
      setWidth(w > 0 ? w : null);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, step]);
  return width;
}
