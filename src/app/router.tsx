/** The route table: every page loads lazily with its own error boundary. */
import { lazy, Suspense } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { AppLayout } from './layout/app-layout';
import { PageFallback } from './layout/page-fallback';

// The error page loads when a route fails, not with every first visit (useRouteError works inside it).
const LazyRouteError = lazy(() => import('./layout/route-error').then((m) => ({ default: m.RouteError })));
export function RouteError() {
  return (
    <Suspense fallback={<PageFallback />}>
      <LazyRouteError />
    </Suspense>
  );
}

export const routes: RouteObject[] = [
  {
    path: '/',
    Component: AppLayout,
    HydrateFallback: PageFallback,
    ErrorBoundary: RouteError,
    children: [
      {
        ErrorBoundary: RouteError,
        children: [
          { index: true, lazy: () => import('./routes/overview') },
          { path: 'pods', lazy: () => import('./routes/pods') },
          { path: 'pods/new', lazy: () => import('./routes/pod-launch') },
          { path: 'pods/:podId', lazy: () => import('./routes/pod-detail') },
          { path: 'utilization', lazy: () => import('./routes/utilization') },
          { path: 'recommendations', lazy: () => import('./routes/recommendations') },
          { path: 'egress', lazy: () => import('./routes/egress') },
          { path: 'billing', lazy: () => import('./routes/billing') },
          { path: 'account', lazy: () => import('./routes/account') },
          { path: 'audit', lazy: () => import('./routes/audit') },
          { path: 'members', lazy: () => import('./routes/members') },
          // The demo's own page (what is simulated, presenting, using a real API); a real-API build has no demo.
          ...(__USE_MOCK__ ? [{ path: 'about-demo', lazy: () => import('./routes/about-demo') }] : []),
          { path: '*', lazy: () => import('./routes/not-found') },
        ],
      },
    ],
  },
  // An invitation link, outside the shell: whoever opens it has no session yet.
  { path: '/join', lazy: () => import('./routes/join'), HydrateFallback: PageFallback, ErrorBoundary: RouteError },
  // A real server's sign-in, outside the shell (its calls would need the session it makes), and the
  // action links of its notification e-mails (they need none); the demo sends no e-mails and has no sign-in.
  ...(__USE_MOCK__
    ? []
    : [
        { path: '/sign-in', lazy: () => import('./routes/sign-in'), HydrateFallback: PageFallback, ErrorBoundary: RouteError },
        { path: '/pod-action', lazy: () => import('./routes/pod-action'), HydrateFallback: PageFallback, ErrorBoundary: RouteError },
      ]),
];

/**
 * The base path keeps its trailing slash ("/demo/"), so the Overview's address is "/demo/": the
 * simulator's service worker is scoped to "/demo/" and would not control a page at "/demo".
 */
export function createRouter() {
  return createBrowserRouter(routes, { basename: import.meta.env.BASE_URL });
}
