/** Light and dark theme: the user's choice, else the system's; applied as a class on <html>. */
export type Theme = 'light' | 'dark';
const KEY = 'northlight.theme';

export function preferredTheme(): Theme {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    // storage blocked: fall through to the system preference
  }
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function applyTheme(theme: Theme, persist = false): void {
  document.documentElement.classList.toggle('dark', theme === 'dark');
  if (persist) {
    try {
      localStorage.setItem(KEY, theme);
    } catch {
      // not persisted; the theme still applies for this page
    }
  }
}
