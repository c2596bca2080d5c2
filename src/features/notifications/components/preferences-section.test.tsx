/** The Account page's notification choices against the simulator (MSW): each box saves at once, for the signed-in person only. */
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute } from '../../../testing/render';
import { testCloud } from '../../../testing/server';

describe('notification choices on the Account page', { timeout: 20_000 }, () => {
  it('lists every kind with its channels on by default, and saves a change at once', async () => {
    testCloud().context.state.currentUserId = 'u-ana';
    const user = userEvent.setup();
    renderRoute('/account');
    const table = await screen.findByRole('table', { name: /Notifications: what reaches you/ }, { timeout: 5_000 });
    expect(within(table).getAllByRole('row')).toHaveLength(1 + 9);
    const box = within(table).getByRole('checkbox', { name: 'By e-mail: A budget crossed an alert threshold' });
    expect(box).toBeChecked();
    await user.click(box);
    expect(await screen.findByText('By e-mail: A budget crossed an alert threshold, off.')).toBeInTheDocument();
    expect(within(table).getByRole('checkbox', { name: 'By e-mail: A budget crossed an alert threshold' })).not.toBeChecked();
    expect(within(table).getByRole('checkbox', { name: 'In the console: A budget crossed an alert threshold' })).toBeChecked();
    const prefs = testCloud().context.state.notificationPreferences ?? {};
    expect(prefs['u-ana']).toEqual({ 'budget.threshold': { email: false } });
    expect(Object.keys(prefs)).toEqual(['u-ana']);
  });

  it('keeps the amount a recommendation must save before it is told; a wrong amount is said at its field and kept', async () => {
    testCloud().context.state.currentUserId = 'u-oskar';
    const user = userEvent.setup();
    renderRoute('/account');
    const amount = await screen.findByLabelText('When it saves at least $', {}, { timeout: 5_000 });
    expect(amount).toHaveValue('100');
    await user.clear(amount);
    await user.type(amount, '12.5');
    await user.click(screen.getByRole('button', { name: 'Save amount' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Enter whole dollars, from 1 to 1,000,000.');
    expect(amount).toHaveValue('12.5');
    await user.clear(amount);
    await user.type(amount, '2500');
    await user.click(screen.getByRole('button', { name: 'Save amount' }));
    expect(await screen.findByText('Recommendations: told when one saves at least $2,500.00 a month.')).toBeInTheDocument();
    expect(testCloud().context.state.notificationPreferences?.['u-oskar']).toEqual({ 'recommendation.saving': { minMonthlySavingsCents: 250_000 } });
  });
});
