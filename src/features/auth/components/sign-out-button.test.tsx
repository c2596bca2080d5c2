import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { http, HttpResponse } from 'msw';
import { server } from '../../../testing/server';
import { SignOutButton } from './sign-out-button';

/** The embedded simulator has no sessions: these answers are what the server gives (server/api.ts). */
function answerSignOut(status: number, seen: Request[]) {
  server.use(
    http.post('*/api/v1/auth/sign-out', ({ request }) => {
      seen.push(request);
      if (status === 204) return new HttpResponse(null, { status: 204 });
      const detail = status === 401 ? 'You are not signed in, or your session has ended.' : 'The server is restarting. Try again in a moment.';
      return HttpResponse.json({ type: 'about:blank', title: 'Refused', status, detail }, { status, headers: { 'content-type': 'application/problem+json' } });
    }),
  );
}

function renderButton() {
  const onSignedOut = vi.fn();
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { mutations: { retry: false } } })}>
      <SignOutButton onSignedOut={onSignedOut} />
    </QueryClientProvider>,
  );
  return onSignedOut;
}

describe('signing out', () => {
  it('ends the session on the server, then leaves for the sign-in page', async () => {
    const seen: Request[] = [];
    answerSignOut(204, seen);
    const onSignedOut = renderButton();
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await vi.waitFor(() => expect(onSignedOut).toHaveBeenCalledOnce());
    expect(seen).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Signing out…' })).toBeDisabled();
  });

  it('counts a session that had already ended as signed out', async () => {
    answerSignOut(401, []);
    const onSignedOut = renderButton();
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await vi.waitFor(() => expect(onSignedOut).toHaveBeenCalledOnce());
  });

  it('says so in plain words when the server cannot end the session, and lets the user try again', async () => {
    answerSignOut(503, []);
    const onSignedOut = renderButton();
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Still signed in: The server is restarting. Try again in a moment.');
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeEnabled();
    expect(onSignedOut).not.toHaveBeenCalled();
  });
});
