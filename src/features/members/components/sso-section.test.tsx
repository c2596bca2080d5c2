import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute } from '../../../testing/render';
import { testCloud } from '../../../testing/server';

const actAs = (userId: string) => {
  testCloud().context.state.currentUserId = userId;
};

async function openForm() {
  renderRoute('/members');
  return screen.findByRole('form', { name: 'Set up single sign-on' }, { timeout: 5_000 });
}

describe('single sign-on on the Members page', { timeout: 20_000 }, () => {
  it('shows the redirect URI to register, and says at each field what is wrong, keeping what was typed', async () => {
    actAs('u-maya');
    const user = userEvent.setup();
    const form = await openForm();
    expect(screen.getByLabelText('Redirect URI to register at your provider')).toHaveValue(`${location.origin}/api/v1/auth/sso/callback`);
    expect(within(form).getByLabelText('Scopes')).toHaveValue('openid email profile');
    expect(within(form).getByLabelText('Group claim')).toHaveValue('groups');

    // What is missing is said at once, before anything is sent.
    await user.click(within(form).getByRole('button', { name: 'Save single sign-on' }));
    expect(within(form).getByLabelText('Issuer URL')).toHaveAccessibleDescription(/Enter the provider's issuer URL/);
    expect(within(form).getByLabelText('Client ID')).toHaveAccessibleDescription(/Enter the client ID/);
    expect(within(form).getByLabelText('Allowed e-mail domains')).toHaveAccessibleDescription(/Name at least one e-mail domain/);
    expect(within(form).getByLabelText('Issuer URL')).toHaveFocus();
    expect(testCloud().context.state.ssoConnection).toBeUndefined();

    // The API's checks land at their fields.
    await user.type(within(form).getByLabelText('Issuer URL'), 'http://login.lumen.example');
    await user.type(within(form).getByLabelText('Client ID'), 'northlight');
    await user.type(within(form).getByLabelText('Allowed e-mail domains'), 'lumen.example, not a domain');
    await user.clear(within(form).getByLabelText('Scopes'));
    await user.type(within(form).getByLabelText('Scopes'), 'email profile');
    await user.click(within(form).getByRole('button', { name: 'Save single sign-on' }));
    expect(await within(form).findByText(/starting with https:\/\//)).toBeInTheDocument();
    expect(within(form).getByLabelText('Issuer URL')).toHaveAccessibleDescription(/starting with https:\/\//);
    expect(within(form).getByLabelText('Allowed e-mail domains')).toHaveAccessibleDescription(/Not a domain: not a domain/);
    expect(within(form).getByLabelText('Scopes')).toHaveAccessibleDescription(/must include openid/);
    expect(within(form).getByLabelText('Issuer URL')).toHaveValue('http://login.lumen.example');
    expect(within(form).getByLabelText('Allowed e-mail domains')).toHaveValue('lumen.example, not a domain');
    expect(testCloud().context.state.ssoConnection).toBeUndefined();
  });

  it('saves a connection with its secret, never shows the secret again, and keeps it when the field is left empty', async () => {
    actAs('u-maya');
    const user = userEvent.setup();
    const form = await openForm();
    await user.type(within(form).getByLabelText('Issuer URL'), 'https://login.lumen.example');
    await user.type(within(form).getByLabelText('Client ID'), 'northlight');
    await user.type(within(form).getByLabelText('Client secret'), 'very-secret-value');
    await user.type(within(form).getByLabelText('Allowed e-mail domains'), 'lumen.example\nlumen-ai.example');
    await user.type(within(form).getByLabelText('Groups that make admins'), 'platform-admins, sre');
    await user.selectOptions(within(form).getByLabelText('Role for everyone else'), 'finance');
    await user.click(within(form).getByRole('checkbox', { name: 'Vision' }));
    await user.click(within(form).getByRole('button', { name: 'Save single sign-on' }));

    expect(await screen.findByText(/Single sign-on saved: people of lumen\.example, lumen-ai\.example sign in with https:\/\/login\.lumen\.example/)).toBeInTheDocument();
    const saved = testCloud().context.state.ssoConnection!;
    expect(saved).toMatchObject({ clientSecret: 'very-secret-value', allowedDomains: ['lumen.example', 'lumen-ai.example'], adminGroups: ['platform-admins', 'sre'], defaultRole: 'finance', defaultProjectIds: ['p-vision'] });

    const connection = await screen.findByRole('form', { name: 'Connection' });
    const secret = within(connection).getByLabelText('Client secret');
    expect(secret).toHaveValue('');
    expect(secret).toHaveAccessibleDescription('A secret is set — leave empty to keep it.');
    expect(document.body.innerHTML).not.toContain('very-secret-value');
    expect(within(connection).getByLabelText('Allowed e-mail domains')).toHaveValue('lumen.example\nlumen-ai.example');
    expect(within(connection).getByText(/Last changed by Maya Chen/)).toBeInTheDocument();

    // Saved again with the secret left empty: the one set stays.
    await user.clear(within(connection).getByLabelText('Client ID'));
    await user.type(within(connection).getByLabelText('Client ID'), 'northlight-console');
    await user.click(within(connection).getByRole('button', { name: 'Save single sign-on' }));
    await vi.waitFor(() => expect(testCloud().context.state.ssoConnection?.clientId).toBe('northlight-console'));
    expect(testCloud().context.state.ssoConnection?.clientSecret).toBe('very-secret-value');

    // Removed after a confirmation: the form starts again empty.
    await user.click(screen.getByRole('button', { name: 'Remove single sign-on…' }));
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Remove single sign-on' }));
    expect(await screen.findByText('Single sign-on was removed: members sign in with their passwords.')).toHaveFocus();
    expect(await screen.findByRole('form', { name: 'Set up single sign-on' })).toBeInTheDocument();
    expect(testCloud().context.state.ssoConnection).toBeUndefined();
  });
});
