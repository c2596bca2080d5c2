/** A route that fails shows the error page (loaded only then), in plain words, with the document named for it. */
import { render, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import { brand } from '../brand/brand.config';
import { RouteError } from './router';

describe('the error page', () => {
  it('loads when a route fails and says what happened', async () => {
    const router = createMemoryRouter(
      [
        {
          path: '/',
          loader: () => {
            throw new Error('The pods could not be listed: the API answered 503.');
          },
          Component: () => null,
          ErrorBoundary: RouteError,
        },
      ],
      { initialEntries: ['/'] },
    );
    render(<RouterProvider router={router} />);
    expect(await screen.findByRole('heading', { level: 1, name: 'This page could not be shown' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('The pods could not be listed: the API answered 503.');
    expect(screen.getByRole('link', { name: 'Back to Overview' })).toHaveAttribute('href', '/');
    // The title is set in an effect, which may run after the first paint.
    await waitFor(() => expect(document.title).toBe(`Page could not be shown · ${brand.consoleName}`));
  });
});
