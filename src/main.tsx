/** Entry: start the embedded simulator when no API is configured, then render the console. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { AppProviders, createQueryClient } from './app/providers';
import { createRouter } from './app/router';
import { applyTheme, preferredTheme } from './lib/theme';
import './index.css';

applyTheme(preferredTheme());

async function boot(): Promise<void> {
  if (__USE_MOCK__) {
    const { startMockApi } = await import('./mocks/browser');
    await startMockApi();
  }
  const root = document.getElementById('root');
  if (!root) throw new Error('no #root element');
  createRoot(root).render(
    <StrictMode>
      <AppProviders client={createQueryClient()}>
        <RouterProvider router={createRouter()} />
      </AppProviders>
    </StrictMode>,
  );
}

// A sub-path deploy opened without its trailing slash ("/demo" for "/demo/"): the router and the
// simulator's service worker both live under "/demo/", so go there first.
if (`${location.pathname}/` === import.meta.env.BASE_URL) location.replace(`${import.meta.env.BASE_URL}${location.search}${location.hash}`);
else void boot();
