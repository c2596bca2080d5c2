/**
 * Whether the screen is wide enough for the pod table (64rem, Tailwind's `lg`): narrower screens
 * get the list as cards. Without matchMedia (tests, no window) the answer is the table.
 */
import { useSyncExternalStore } from 'react';

const WIDE = '(min-width: 64rem)';

function subscribe(onChange: () => void): () => void {
  if (typeof matchMedia !== 'function') return () => undefined;
  const query = matchMedia(WIDE);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

const wide = () => (typeof matchMedia === 'function' ? matchMedia(WIDE).matches : true);

export function useWideScreen(): boolean {
  return useSyncExternalStore(subscribe, wide, () => true);
}
