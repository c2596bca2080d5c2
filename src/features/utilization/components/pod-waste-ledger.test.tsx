import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute } from '../../../testing/render';
import { testCloud } from '../../../testing/server';
import { runningIntervals } from '../../../cloud/lifecycle';

const LOAD = { timeout: 15_000 };

describe('a pod page’s waste ledger', () => {
  it('shows a forgotten pod wasting all of its GPU spend as idle, per GPU', async () => {
    const ctx = testCloud().context;
    const now = ctx.now();
    const pod = ctx.state.pods.find((p) => p.archetype === 'forgotten' && runningIntervals(p, now - 7 * 86_400_000, now).length > 0)!;
    const user = userEvent.setup();
    renderRoute(`/pods/${pod.id}`);
    const card = (await screen.findByRole('heading', { name: 'Waste ledger' }, LOAD)).closest('section')!;
    const table = await within(card).findByRole('table', { name: 'Waste by GPU and category' }, LOAD);
    const gpu0 = within(table).getByRole('rowheader', { name: /GPU 0/ }).closest('tr')!;
    const [, spend, idle, under, over, productive] = within(gpu0).getAllByRole('cell').map((c) => c.textContent);
    expect(idle).toBe(spend);
    expect([under, over, productive]).toEqual(['$0.00', '$0.00', '$0.00']);
    expect(card).toHaveTextContent(/active 0% of the time/);
    await user.selectOptions(within(card).getByLabelText('Over the'), 'last 24 h');
    expect(await within(card).findByRole('table', { name: 'Waste by GPU and category' })).toBeInTheDocument();
  });
});
