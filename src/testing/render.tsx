/** Renders a route of the console as a user would reach it, with real providers and the test API. */
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AppProviders, createQueryClient } from '../app/providers';
import { routes } from '../app/router';

export function renderRoute(path: string) {
  const client = createQueryClient();
  client.setDefaultOptions({ queries: { ...client.getDefaultOptions().queries, retry: false } });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  return { router, ...render(<AppProviders client={client}><RouterProvider router={router} /></AppProviders>) };
}
