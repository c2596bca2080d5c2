import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { Component as SignIn } from './sign-in';

/** The sign-in page exists in the real-server build only: rendered here on its own. */
function renderSignIn(path: string) {
  const router = createMemoryRouter([{ path: '/sign-in', Component: SignIn }], { initialEntries: [path] });
  render(
    <QueryClientProvider client={new QueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

describe('the sign-in page', () => {
  it('says in words why single sign-on sent the person back, at the top, with single sign-on open', async () => {
    renderSignIn('/sign-in?sso=domain&next=%2Fpods');
    const alert = await screen.findByText(/^Your e-mail's domain isn't set up for single sign-on with any organization here/);
    expect(alert).toHaveAttribute('role', 'alert');
    expect(screen.getByLabelText('Work e-mail')).toBeInTheDocument();
  });

  it('offers single sign-on below the password form, closed, with no alert', async () => {
    renderSignIn('/sign-in?next=%2Fpods');
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(screen.queryByText(/single sign-on with any organization/)).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Use single sign-on' }));
    expect(screen.getByLabelText('Work e-mail')).toHaveFocus();
  });
});
