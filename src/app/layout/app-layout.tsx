/** The shell: navigation, header controls and the current page, from 360 px phones up. */
import { lazy, Suspense, useEffect, useState, type CSSProperties, type ReactNode } from 'react';
import { useIsFetching, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigation } from 'react-router';
import { brand } from '../../brand/brand.config';
import { SignOutButton } from '../../features/auth/components/sign-out-button';
import { DemoMenu } from '../../features/demo/demo-controls';
import { PrimaryNav } from './nav';
import { CurrentUser, ProjectSwitcher, ThemeToggle } from './header-controls';
import { PageFallback } from './page-fallback';

// Notifications (the header's centre, the budget banner): a chunk of their own. The demo's build
// loads it after the first page's data (AfterFirstPage), so the Overview's figures come first and
// the first visit's size budget (scripts/size-report.mjs) does not count it.
const Notices = lazy(() => import('../../features/notifications/shell'));
// The centre's button keeps its place until it arrives: a phone's header wraps its controls once,
// at first paint, instead of pushing the page down when the chunk lands (a layout shift of 0.18).
const reserved = (
  <span aria-hidden="true" className="btn-secondary invisible">
    Notifications
  </span>
);
const notices = (
  <Suspense fallback={reserved}>
    <Notices />
  </Suspense>
);

/**
 * Renders its children once no query has been fetching for a second: after the page's own data
 * (the Overview's figures), wherever the visit starts. The isFetching check in the timer covers a
 * first render that came before the page's queries started.
 */
function AfterFirstPage({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const quiet = useIsFetching() === 0;
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (ready || !quiet) return;
    const id = setTimeout(() => setReady(client.isFetching() === 0), 1000);
    return () => clearTimeout(id);
  }, [client, quiet, ready]);
  return ready ? children : reserved;
}

/** The provider's accent palette (brand.config.ts) as the theme's accent variables, for everything inside the shell. */
const accentStyle = Object.fromEntries(Object.entries(brand.accent).map(([shade, colour]) => [`--color-accent-${shade}`, colour])) as CSSProperties;

export function AppLayout() {
  const [menuOpen, setMenuOpen] = useState(false);
  const navigation = useNavigation();
  return (
    <div className="min-h-screen md:grid md:grid-cols-[15rem_1fr]" style={accentStyle}>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2 dark:focus:bg-slate-900">
        Skip to content
      </a>
      <aside className="border-b border-slate-200 bg-white px-3 py-3 md:min-h-screen md:border-b-0 md:border-r dark:border-slate-800 dark:bg-slate-900">
        <div className="flex items-center justify-between">
          <Link to="/" className="flex items-center gap-2 px-2 text-lg font-semibold">
            <img src={`${import.meta.env.BASE_URL}${brand.logoFile}`} alt="" width={24} height={24} />
            {brand.shortName}
          </Link>
          <button
            type="button"
            className="btn-secondary md:hidden"
            aria-expanded={menuOpen}
            aria-controls="primary-nav"
            onClick={() => setMenuOpen((o) => !o)}
          >
            Menu
          </button>
        </div>
        <div id="primary-nav" className={`${menuOpen ? 'block' : 'hidden'} mt-4 md:block`}>
          <PrimaryNav onNavigate={() => setMenuOpen(false)} />
        </div>
      </aside>
      <div className="min-w-0">
        <header className="relative flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-3 dark:border-slate-800 dark:bg-slate-900">
          <ProjectSwitcher />
          {/* On a phone the controls wrap (notifications, the demo menu or sign out, the user, the theme). */}
          <div className="flex flex-wrap items-center justify-end gap-3">
            {__USE_MOCK__ ? <AfterFirstPage>{notices}</AfterFirstPage> : notices}
            {__USE_MOCK__ && <DemoMenu />}
            <CurrentUser />
            <ThemeToggle />
            {!__USE_MOCK__ && <SignOutButton />}
          </div>
        </header>
        {__USE_MOCK__ && (
          <p className="border-b border-amber-300 bg-amber-50 px-4 py-1.5 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
            Demo: every figure here comes from a simulated GPU cloud running in your browser.{' '}
            <Link className="font-medium underline underline-offset-2" to="/about-demo">
              About the demo, and using a real API
            </Link>
          </p>
        )}
        <main id="main" className="mx-auto max-w-7xl p-4 md:p-6" aria-busy={navigation.state === 'loading'}>
          <Suspense fallback={<PageFallback />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
