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
    expect(within(table).getAllByRole('row')).toHaveLength(1 + 5);
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
});
