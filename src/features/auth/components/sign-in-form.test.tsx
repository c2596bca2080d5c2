import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { http, HttpResponse } from 'msw';
import { server } from '../../../testing/server';
import { SignInForm } from './sign-in-form';

/** The embedded simulator has no sign-in: these answers are what the server gives (server/api.ts). */
function answerSignIn(seen: unknown[]) {
  server.use(
    http.post('*/api/v1/auth/sign-in', async ({ request }) => {
      const body = (await request.json()) as { email: string; password: string };
      seen.push(body);
      if (body.password !== 'right') {
        return HttpResponse.json({ type: 'https://northlight.example/problems/sign-in-failed', title: 'Sign-in failed', status: 401, detail: 'The e-mail or the password is not right.' }, { status: 401, headers: { 'content-type': 'application/problem+json' } });
      }
      return HttpResponse.json({ user: { id: 'u-maya', name: 'Maya Chen', email: 'maya@lumen.example', role: 'admin' }, organization: { id: 'org-lumen', name: 'Lumen AI' }, projects: [] });
    }),
  );
}

function renderForm() {
  const onSignedIn = vi.fn();
  const client = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <h1 id="sign-in-heading">Sign in</h1>
      <SignInForm onSignedIn={onSignedIn} />
    </QueryClientProvider>,
  );
  return onSignedIn;
}

describe('SignInForm', () => {
  it('asks for what is missing before sending anything', async () => {
    const seen: unknown[] = [];
    answerSignIn(seen);
    renderForm();
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByLabelText('E-mail')).toHaveAccessibleDescription('Enter your e-mail address.');
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Enter your password.');
    expect(seen).toEqual([]);
  });

  it('says so when the e-mail and password do not match, and keeps what was typed', async () => {
    answerSignIn([]);
    const onSignedIn = renderForm();
    await userEvent.type(screen.getByLabelText('E-mail'), 'maya@lumen.example');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('do not match an account');
    expect(screen.getByLabelText('E-mail')).toHaveValue('maya@lumen.example');
    expect(onSignedIn).not.toHaveBeenCalled();
  });

  it('says when to try again after too many failed sign-ins', async () => {
    const detail = 'There were too many failed sign-ins for this e-mail address or from your network. Try again in 11 minutes.';
    server.use(
      http.post('*/api/v1/auth/sign-in', () =>
        HttpResponse.json(
          { type: 'https://northlight.example/problems/too-many-attempts', title: 'Too many sign-in attempts', status: 429, detail },
          { status: 429, headers: { 'content-type': 'application/problem+json', 'Retry-After': '660' } },
        ),
      ),
    );
    const onSignedIn = renderForm();
    await userEvent.type(screen.getByLabelText('E-mail'), 'maya@lumen.example');
    await userEvent.type(screen.getByLabelText('Password'), 'right{Enter}');
    // The alert is always there (it holds its height): wait for its words.
    await vi.waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(detail));
    expect(screen.getByRole('alert')).not.toHaveTextContent('do not match an account');
    expect(onSignedIn).not.toHaveBeenCalled();
  });

  it('signs in with the trimmed e-mail and goes on', async () => {
    const seen: unknown[] = [];
    answerSignIn(seen);
    const onSignedIn = renderForm();
    await userEvent.type(screen.getByLabelText('E-mail'), '  maya@lumen.example ');
    await userEvent.type(screen.getByLabelText('Password'), 'right{Enter}');
    await vi.waitFor(() => expect(onSignedIn).toHaveBeenCalledOnce());
    expect(seen).toEqual([{ email: 'maya@lumen.example', password: 'right' }]);
  });
});
