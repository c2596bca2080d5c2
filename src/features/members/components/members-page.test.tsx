import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { renderRoute } from '../../../testing/render';
import { server, testCloud } from '../../../testing/server';

const actAs = (userId: string) => {
  testCloud().context.state.currentUserId = userId;
};

async function openMembers() {
  renderRoute('/members');
  return screen.findByRole('table', { name: /^Members/ }, { timeout: 5_000 });
}

describe('the Members page', { timeout: 20_000 }, () => {
  it('shows everyone with their role, projects by name, sign-in method and tokens; an admin changes a role and projects and sees them', async () => {
    actAs('u-maya');
    const user = userEvent.setup();
    const table = await openMembers();
    const ana = within(table).getByRole('row', { name: /Ana Souza/ });
    expect(ana).toHaveTextContent('ana@lumen.example');
    expect(ana).toHaveTextContent('engineer');
    expect(ana).toHaveTextContent('Vision, Model serving');
    expect(within(table).getByRole('row', { name: /Maya Chen \(you\)/ })).toHaveTextContent('admin');

    await user.click(within(ana).getByRole('button', { name: 'Edit Ana Souza…' }));
    const form = screen.getByRole('form', { name: 'Edit Ana Souza' });
    expect(within(form).getByLabelText('Role')).toHaveFocus();
    await user.selectOptions(within(form).getByLabelText('Role'), 'finance');
    await user.click(within(form).getByRole('checkbox', { name: 'Model serving' }));
    await user.click(within(form).getByRole('checkbox', { name: 'LLM research' }));
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Saved Ana Souza: finance, projects: Vision, LLM research.')).toHaveFocus();
    expect(screen.queryByRole('form', { name: 'Edit Ana Souza' })).not.toBeInTheDocument();
    const after = within(table).getByRole('row', { name: /Ana Souza/ });
    expect(after).toHaveTextContent('finance');
    expect(after).toHaveTextContent(/LLM research/);
    expect(testCloud().context.state.users.find((u) => u.id === 'u-ana')?.role).toBe('finance');
  });

  it('says by the role, in the API’s words, that the last admin cannot give up the role, and by Remove that they cannot leave', async () => {
    actAs('u-maya');
    const user = userEvent.setup();
    const table = await openMembers();
    await user.click(within(table).getByRole('button', { name: 'Edit Maya Chen…' }));
    const form = screen.getByRole('form', { name: 'Edit Maya Chen' });
    await user.selectOptions(within(form).getByLabelText('Role'), 'engineer');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    const role = within(form).getByLabelText('Role');
    expect(await within(form).findByText(/last admin: giving up your admin role would leave nobody/)).toBeInTheDocument();
    expect(role).toHaveAccessibleDescription(/Make someone else an admin first/);
    expect(role).toHaveValue('engineer');
    expect(role).toHaveAttribute('aria-invalid', 'true');

    await user.click(screen.getByRole('button', { name: 'Leave the organization…' }));
    // Focus on the confirmation's Cancel (not the form's): Enter pressed twice removes nobody.
    expect(document.activeElement).toHaveTextContent('Cancel');
    expect(within(form).getByRole('button', { name: 'Cancel' })).not.toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Remove Maya Chen' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/last admin: removing yourself would leave nobody/);
    expect(testCloud().context.state.users.find((u) => u.id === 'u-maya')?.role).toBe('admin');
  });

  it('removes a member after a confirmation that says their sessions end and their tokens are revoked', async () => {
    actAs('u-ana');
    const { createApiClient } = await import('../../../api/client');
    const made = await createApiClient('http://localhost/api').POST('/v1/api-tokens', { body: { name: 'laptop', kind: 'personal', role: 'engineer', projectIds: null, readOnly: true, expiresInDays: 30 } });
    expect(made.response.status).toBe(201);
    actAs('u-maya');
    const user = userEvent.setup();
    const table = await openMembers();
    expect(within(table).getByRole('row', { name: /Ana Souza/ })).toHaveTextContent(/Password|Not yet/);
    await user.click(within(table).getByRole('button', { name: 'Edit Ana Souza…' }));
    await user.click(screen.getByRole('button', { name: 'Remove from the organization…' }));
    expect(screen.getByText(/Remove Ana Souza\? Their sessions end at once and their 1 API token is revoked/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Remove Ana Souza' }));
    expect(await screen.findByText('Ana Souza was removed: their sessions ended and 1 API token was revoked.')).toHaveFocus();
    expect(within(table).queryByRole('row', { name: /Ana Souza/ })).not.toBeInTheDocument();
  });

  it('invites someone: errors at the fields keeping what was typed, then the link once, with Copy, and the invitation listed until revoked', async () => {
    actAs('u-maya');
    const user = userEvent.setup();
    await openMembers();
    const form = await screen.findByRole('form', { name: 'Invite someone' });
    expect(within(form).getByLabelText('Link expires after (days)')).toHaveValue(7);
    await user.click(within(form).getByRole('button', { name: 'Invite' }));
    expect(within(form).getByLabelText('E-mail')).toHaveAccessibleDescription('Enter the e-mail address to invite.');
    expect(within(form).getByLabelText('E-mail')).toHaveFocus();

    // The API's refusals land at their field, and what was typed stays.
    await user.type(within(form).getByLabelText('E-mail'), 'ana at lumen');
    await user.click(within(form).getByRole('button', { name: 'Invite' }));
    expect(await within(form).findByText('Enter an e-mail address such as name@example.com.')).toBeInTheDocument();
    expect(within(form).getByLabelText('E-mail')).toHaveValue('ana at lumen');
    await user.clear(within(form).getByLabelText('E-mail'));
    await user.type(within(form).getByLabelText('E-mail'), 'ana@lumen.example');
    await user.click(within(form).getByRole('button', { name: 'Invite' }));
    expect(await within(form).findByText('ana@lumen.example is already a member.')).toBeInTheDocument();
    expect(within(form).getByLabelText('E-mail')).toHaveValue('ana@lumen.example');

    await user.clear(within(form).getByLabelText('E-mail'));
    await user.type(within(form).getByLabelText('E-mail'), 'nina@lumen.example');
    await user.click(within(form).getByRole('checkbox', { name: 'Vision' }));
    await user.clear(within(form).getByLabelText('Link expires after (days)'));
    await user.type(within(form).getByLabelText('Link expires after (days)'), '31');
    await user.click(within(form).getByRole('button', { name: 'Invite' }));
    expect(within(form).getByLabelText('Link expires after (days)')).toHaveAccessibleDescription(/from 1 to 30/);
    await user.clear(within(form).getByLabelText('Link expires after (days)'));
    await user.type(within(form).getByLabelText('Link expires after (days)'), '3');
    await user.click(within(form).getByRole('button', { name: 'Invite' }));

    const heading = await screen.findByRole('heading', { name: 'nina@lumen.example is invited as engineer. Copy the link now: it will not be shown again.' });
    expect(heading).toHaveFocus();
    expect(screen.getByText(/No e-mail was sent: send this link to nina@lumen.example yourself/)).toBeInTheDocument();
    const link = (screen.getByLabelText('Invitation link') as HTMLInputElement).value;
    expect(link).toMatch(new RegExp(`^${location.origin}/join#nli_[\\w-]{43}$`));
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await screen.findByText('Copied.')).toBeInTheDocument();
    expect(await navigator.clipboard.readText()).toBe(link);

    const invitations = screen.getByRole('table', { name: /^Invitations/ });
    const row = await within(invitations).findByRole('row', { name: /nina@lumen\.example/ });
    expect(row).toHaveTextContent('Waiting');
    expect(row).toHaveTextContent('Maya Chen');
    expect(row).toHaveTextContent('Vision');

    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByLabelText('Invitation link')).not.toBeInTheDocument();
    expect(document.body.textContent).not.toContain(link.split('#')[1]);
    expect(within(screen.getByRole('form', { name: 'Invite someone' })).getByLabelText('E-mail')).toHaveFocus();

    await user.click(within(row).getByRole('button', { name: 'Revoke the invitation of nina@lumen.example…' }));
    await user.click(within(row).getByRole('button', { name: 'Revoke the invitation of nina@lumen.example' }));
    expect(await screen.findByText('The invitation of nina@lumen.example was revoked: its link no longer works.')).toHaveFocus();
    expect(await within(invitations).findByRole('row', { name: /nina@lumen\.example.*Revoked/ })).toBeInTheDocument();
  });

  it('shows a non-admin the members read-only: no editing, inviting or single sign-on, and asks nothing admins-only', async () => {
    actAs('u-ana');
    const asked: string[] = [];
    server.events.on('request:start', ({ request }) => {
      asked.push(new URL(request.url).pathname);
    });
    const table = await openMembers();
    expect(within(table).getByRole('row', { name: /Ana Souza \(you\)/ })).toHaveTextContent('engineer');
    expect(within(table).getByRole('row', { name: /Maya Chen/ })).toHaveTextContent('admin');
    expect(within(table).queryAllByRole('button')).toEqual([]);
    expect(screen.queryByRole('form', { name: 'Invite someone' })).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Invitations' })).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Single sign-on' })).not.toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: 'Actions' })).not.toBeInTheDocument();
    expect(asked.filter((p) => /\/v1\/(invitations|sso)/.test(p))).toEqual([]);
    server.events.removeAllListeners();
  });

  it('says what went wrong when the members cannot be read, and tries again', async () => {
    actAs('u-maya');
    let fail = true;
    server.use(
      http.get('*/api/v1/members', () =>
        fail ? HttpResponse.json({ type: 'about:blank', title: 'Unavailable', status: 503, detail: 'The API is restarting.' }, { status: 503, headers: { 'content-type': 'application/problem+json' } }) : undefined,
      ),
    );
    const user = userEvent.setup();
    renderRoute('/members');
    expect(await screen.findByText('The API is restarting.')).toBeInTheDocument();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('table', { name: /^Members/ })).toBeInTheDocument();
  });
});
