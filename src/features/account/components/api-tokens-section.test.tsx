import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createApiClient } from '../../../api/client';
import { renderRoute } from '../../../testing/render';
import { testCloud } from '../../../testing/server';

const actAs = (userId: string) => {
  testCloud().context.state.currentUserId = userId;
};

async function openForm() {
  renderRoute('/account');
  return screen.findByRole('form', { name: 'New token' }, { timeout: 5_000 });
}

describe('API tokens on the Account page', { timeout: 20_000 }, () => {
  it('refuses a nameless token at its field, then shows the new secret once and lists the token by its first characters', async () => {
    actAs('u-ana');
    const user = userEvent.setup();
    const form = await openForm();
    // An engineer's token acts as an engineer at most, and is personal.
    expect(within(within(form).getByLabelText('Acts as')).getAllByRole('option').map((o) => o.textContent)).toEqual(['engineer']);
    expect(within(form).queryByRole('group', { name: 'Kind' })).not.toBeInTheDocument();

    await user.type(within(form).getByLabelText('Token name'), '   ');
    await user.click(within(form).getByRole('button', { name: 'Create token' }));
    expect(within(form).getByLabelText('Token name')).toHaveAccessibleDescription(/Give the token a name/);
    expect(within(form).getByLabelText('Token name')).toHaveValue('   ');

    await user.clear(within(form).getByLabelText('Token name'));
    await user.type(within(form).getByLabelText('Token name'), 'laptop scripts');
    await user.click(within(form).getByRole('button', { name: 'Create token' }));
    const notice = await screen.findByRole('heading', { name: /Token “laptop scripts” created\. Copy it now: it will not be shown again\./ });
    expect(notice).toHaveFocus();
    const secret = (screen.getByLabelText('Your new token') as HTMLInputElement).value;
    expect(secret).toMatch(/^nlt_[\w-]{43}$/);

    const row = await screen.findByRole('row', { name: /laptop scripts/ });
    expect(row).toHaveTextContent(secret.slice(0, 12));
    expect(row).toHaveTextContent('engineer, read-only');
    expect(row).toHaveTextContent('Never');
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByLabelText('Your new token')).not.toBeInTheDocument();
    // The secret is nowhere on the page any more, nor in what the simulator keeps.
    expect(document.body.textContent).not.toContain(secret);
    expect(JSON.stringify(testCloud().context.state.apiTokens)).not.toContain(secret.slice(12));
  });

  it('says at the name field when the name is taken, keeping what was typed', async () => {
    actAs('u-ana');
    const user = userEvent.setup();
    const form = await openForm();
    await user.type(within(form).getByLabelText('Token name'), 'ci');
    await user.click(within(form).getByRole('button', { name: 'Create token' }));
    await user.click(await screen.findByRole('button', { name: 'Done' }));
    const again = await screen.findByRole('form', { name: 'New token' });
    await user.type(within(again).getByLabelText('Token name'), 'CI');
    await user.click(within(again).getByRole('button', { name: 'Create token' }));
    expect(await within(again).findByText(/already have an active token named “CI”/)).toBeInTheDocument();
    expect(within(again).getByLabelText('Token name')).toHaveValue('CI');
  });

  it('lets an admin make a service token for some projects, lists everyone’s tokens with their owner, and revokes after confirming', async () => {
    actAs('u-ana');
    const user = userEvent.setup();
    const anas = await createApiClient('http://localhost/api').POST('/v1/api-tokens', { body: { name: 'ana notebook', kind: 'personal', role: 'engineer', projectIds: null, readOnly: false, expiresInDays: 30 } });
    expect(anas.response.status).toBe(201);

    actAs('u-maya');
    const form = await openForm();
    await user.type(within(form).getByLabelText('Token name'), 'billing export');
    await user.click(within(form).getByRole('radio', { name: /Service/ }));
    await user.selectOptions(within(form).getByLabelText('Acts as'), 'finance');
    await user.click(within(form).getByRole('radio', { name: /Only these/ }));
    await user.click(within(form).getByRole('button', { name: 'Create token' }));
    expect(within(form).getByText('Choose at least one project, or all of them.')).toBeInTheDocument();
    await user.click(within(form).getByRole('checkbox', { name: 'Vision' }));
    await user.click(within(form).getByRole('button', { name: 'Create token' }));
    await user.click(await screen.findByRole('button', { name: 'Done' }));

    const table = screen.getByRole('table', { name: /API tokens/ });
    const service = within(table).getByRole('row', { name: /billing export/ });
    expect(service).toHaveTextContent('Maya Chen');
    expect(service).toHaveTextContent('Service token');
    expect(service).toHaveTextContent('finance, read-only');
    expect(within(table).getByRole('row', { name: /ana notebook/ })).toHaveTextContent('engineer, read and change');
    expect(service).toHaveTextContent('Vision');
    expect(within(table).getByRole('row', { name: /ana notebook/ })).toHaveTextContent('Ana Souza');

    await user.click(within(table).getByRole('button', { name: 'Revoke ana notebook…' }));
    await user.click(within(table).getByRole('button', { name: 'Revoke “ana notebook”' }));
    expect(await screen.findByText(/Token “ana notebook” revoked/)).toHaveFocus();
    expect(await within(table).findByRole('row', { name: /ana notebook.*Revoked/ })).toBeInTheDocument();
  });
});
