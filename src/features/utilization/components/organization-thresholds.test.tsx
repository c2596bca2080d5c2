import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute } from '../../../testing/render';
import { testCloud } from '../../../testing/server';

const LOAD = { timeout: 15_000 };

describe("the organization's waste thresholds on the Utilization page", () => {
  it('lets an admin change them for the last 7 days and shows the recompute through to the end', async () => {
    const user = userEvent.setup();
    renderRoute('/utilization');
    const section = (await screen.findByRole('heading', { name: 'Your organization’s thresholds' }, LOAD)).closest('section')!;
    expect(section).toHaveTextContent('Idle below 5% engine activity; SM activity target 50%. The defaults, for all history.');
    const form = within(section).getByRole('form', { name: 'Change the organization’s thresholds' });
    const idle = within(form).getByLabelText('Organization’s idle threshold (% engine activity)');
    await user.clear(idle);
    await user.type(idle, '80');
    await user.click(within(form).getByRole('button', { name: 'Save for the organization' }));
    // Refused at the field, and what was typed stays.
    expect(await within(form).findByText('A whole percentage from 1 to 50.')).toBeInTheDocument();
    expect(idle).toHaveValue(80);
    expect(idle).toHaveAttribute('aria-invalid', 'true');

    await user.clear(idle);
    await user.type(idle, '10');
    await user.selectOptions(within(form).getByLabelText('Apply to'), 'The last 7 days');
    expect(within(form).getByText(/The last 7 days are recomputed with the new thresholds/)).toBeInTheDocument();
    await user.click(within(form).getByRole('button', { name: 'Save for the organization' }));
    expect(await within(section).findByText(/Idle below 10% engine activity/, undefined, LOAD)).toBeInTheDocument();
    expect(section).toHaveTextContent(/Set by Maya Chen on .+, applying from /);
    expect(await within(section).findByText(/^Figures from .+ recomputed\.$/, undefined, LOAD)).toBeInTheDocument();
    expect(testCloud().context.state.wasteSettingsVersions?.at(-1)?.idleEngineActive).toBe(0.1);
  });

  it('shows finance the thresholds without a form', async () => {
    testCloud().context.state.currentUserId = 'u-oskar';
    renderRoute('/utilization');
    const section = (await screen.findByRole('heading', { name: 'Your organization’s thresholds' }, LOAD)).closest('section')!;
    expect(within(section).getByText('Only admins change them.')).toBeInTheDocument();
    expect(within(section).queryByRole('form')).not.toBeInTheDocument();
  });
});
