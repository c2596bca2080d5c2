import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { createApiClient } from '../../../api/client';
import { renderRoute } from '../../../testing/render';
import { server, testCloud } from '../../../testing/server';
import { JoinWithSso } from './join-page';

/** Maya invites nina@lumen.example as an engineer of Vision and LLM research; answers the link's secret. */
async function invite(): Promise<string> {
  testCloud().context.state.currentUserId = 'u-maya';
  const made = await createApiClient('http://localhost/api').POST('/v1/invitations', { body: { email: 'nina@lumen.example', role: 'engineer', projectIds: ['p-vision', 'p-llm'], expiresInDays: 7 } });
  expect(made.response.status).toBe(201);
  return made.data!.secret;
}

describe('the join page (an invitation link)', { timeout: 20_000 }, () => {
  it('says who invited whom to what, and drops the secret from the address at once', async () => {
    const secret = await invite();
    const seen: string[] = [];
    server.events.on('request:start', ({ request }) => {
      seen.push(request.url);
    });
    const { router } = renderRoute(`/join#${secret}`);
    expect(await screen.findByText('Maya Chen invited you to Lumen AI as engineer.')).toBeInTheDocument();
    expect(screen.getByText('Projects: Vision, LLM research.')).toBeInTheDocument();
    expect(screen.getByText(/You will sign in as/)).toHaveTextContent(/nina@lumen\.example\. The invitation expires/);
    expect(screen.getByRole('heading', { level: 1, name: 'Join your team' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/join');
    expect(router.state.location.hash).toBe('');
    // The secret went in a body, never in an address.
    expect(seen.some((u) => u.includes(secret))).toBe(false);
    server.events.removeAllListeners();
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription(/At least 12 characters/);
  });

  it('says at each field what is wrong, before sending and from the API, keeping what was typed', async () => {
    const secret = await invite();
    const user = userEvent.setup();
    renderRoute(`/join#${secret}`);
    const form = await screen.findByRole('form', { name: 'Join Lumen AI' });
    await user.type(within(form).getByLabelText('Password'), 'short');
    await user.click(within(form).getByRole('button', { name: 'Join Lumen AI' }));
    expect(within(form).getByLabelText('Your name')).toHaveAccessibleDescription(/Enter your name/);
    expect(within(form).getByLabelText('Your name')).toHaveFocus();

    // The API's checks land at their fields, with focus on the one to fix, and what was typed kept.
    await user.type(within(form).getByLabelText('Your name'), 'Nina Petrova');
    await user.click(within(form).getByRole('button', { name: 'Join Lumen AI' }));
    expect(await within(form).findByText(/Use at least 12 characters/)).toBeInTheDocument();
    expect(within(form).getByLabelText('Password')).toHaveAccessibleDescription(/Use at least 12 characters/);
    expect(within(form).getByLabelText('Password')).toHaveValue('short');
    expect(within(form).getByLabelText('Password')).toHaveFocus();
    expect(within(form).getByLabelText('Your name')).toHaveValue('Nina Petrova');

    // A server's own check (a breached password, say) lands at its field too.
    server.use(
      http.post('*/api/v1/auth/invitations/accept', () =>
        HttpResponse.json(
          { type: 'https://northlight.example/problems/bad-request', title: 'Bad request', status: 400, detail: 'That password is known from breaches.', errors: [{ field: 'password', message: 'That password is known from breaches: choose another.' }] },
          { status: 400, headers: { 'content-type': 'application/problem+json' } },
        ),
      ),
    );
    await user.clear(within(form).getByLabelText('Password'));
    await user.type(within(form).getByLabelText('Password'), 'password1234');
    await user.click(within(form).getByRole('button', { name: 'Join Lumen AI' }));
    expect(await within(form).findByText('That password is known from breaches: choose another.')).toBeInTheDocument();
    expect(within(form).getByLabelText('Password')).toHaveAccessibleDescription(/known from breaches/);
    expect(within(form).getByLabelText('Your name')).toHaveValue('Nina Petrova');
    expect(testCloud().context.state.users.some((u) => u.email === 'nina@lumen.example')).toBe(false);
  });

  it('joins, and opens the Overview signed in as the new member', async () => {
    const secret = await invite();
    const previews: string[] = [];
    server.events.on('request:start', ({ request }) => {
      if (request.url.endsWith('/v1/auth/invitations/preview')) previews.push(request.url);
    });
    const user = userEvent.setup();
    const { router } = renderRoute(`/join#${secret}`);
    const form = await screen.findByRole('form', { name: 'Join Lumen AI' });
    await user.type(within(form).getByLabelText('Your name'), 'Nina Petrova');
    await user.type(within(form).getByLabelText('Password'), 'correct horse battery staple');
    await user.click(within(form).getByRole('button', { name: 'Join Lumen AI' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' }, { timeout: 10_000 })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/');
    expect(await screen.findByText('Nina Petrova')).toBeInTheDocument();
    const nina = testCloud().context.state.users.find((u) => u.email === 'nina@lumen.example');
    expect(nina).toMatchObject({ name: 'Nina Petrova', role: 'engineer' });
    expect(testCloud().context.state.currentUserId).toBe(nina?.id);
    // The preview was read once: joining does not read it again (the used link would answer 404).
    expect(previews).toHaveLength(1);
    server.events.removeAllListeners();

    // The link works once.
    const again = await createApiClient('http://localhost/api').POST('/v1/auth/invitations/preview', { body: { token: secret } });
    expect(again.response.status).toBe(404);
  });

  it('says in the API’s words why a link cannot be used, with a way on', async () => {
    const secret = await invite();
    await createApiClient('http://localhost/api').DELETE('/v1/invitations/{invitationId}', { params: { path: { invitationId: testCloud().context.state.invitations![0]!.id } } });
    renderRoute(`/join#${secret}`);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This invitation cannot be used.');
    expect(alert).toHaveTextContent('An admin revoked it. Ask an admin of the organization for a new invitation.');
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Open the console' })).toHaveAttribute('href', '/');
  });

  it('says a link without its secret is incomplete, without asking the API', async () => {
    renderRoute('/join');
    expect(await screen.findByRole('alert')).toHaveTextContent(/This link is incomplete/);
  });

  it('offers single sign-on for the invited address when the organization has it', async () => {
    const go = vi.fn();
    render(<JoinWithSso email="nina@lumen.example" organizationName="Lumen AI" go={go} />);
    await userEvent.click(screen.getByRole('button', { name: 'Join with single sign-on' }));
    expect(go).toHaveBeenCalledWith(`${location.origin}/api/v1/auth/sso/start?email=nina%40lumen.example&next=%2F`);
  });
});
