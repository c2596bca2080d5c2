/** The presenter's controls and the guided tour, as a presenter uses them: by role, label and keyboard. */
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute } from '../../../testing/render';
import { testCloud } from '../../../testing/server';
import type { components } from '../../../api/schema';
import { formatCentsWhole, formatDateTime } from '../../../lib/format';
import { formatLatency, formatMicroUsd } from '../../../lib/format-serving';
import { storyModel, storyServingRecommendation } from '../story';

type InferenceSummary = components['schemas']['InferenceSummary'];

async function openPanel() {
  await userEvent.click(await screen.findByRole('button', { name: 'Demo' }));
  return screen.findByRole('region', { name: 'Presenter controls' }, { timeout: 5_000 });
}

describe('the presenter controls', { timeout: 20_000 }, () => {
  it('load a scenario through the API, and the header shows its organization', async () => {
    renderRoute('/');
    const panel = await openPanel();
    const picker = await within(panel).findByRole('group', { name: 'Scenario' });
    expect(within(picker).getAllByRole('radio').map((r) => r.getAttribute('value'))).toEqual(['default', 'startup', 'research-lab', 'inference-platform']);
    expect(within(picker).getByRole('radio', { name: /Growing ML team/ })).toBeChecked();
    expect(within(panel).getByRole('button', { name: 'Load scenario' })).toBeDisabled();
    await userEvent.click(within(picker).getByRole('radio', { name: /AI startup burning cash/ }));
    expect(within(picker).getByRole('radio', { name: /AI startup burning cash/ })).toHaveAccessibleDescription(/Blitzscale AI/);
    await userEvent.click(within(panel).getByRole('button', { name: 'Load scenario' }));
    // The controls are replaced by the new world's: focus goes to what happened, not to the page.
    await waitFor(() => expect(within(panel).getByText('Loaded “AI startup burning cash”, at its start.')).toHaveFocus());
    expect(testCloud().context.state.scenario).toBe('startup');
    expect(await screen.findByText(/Admin · Blitzscale AI/)).toBeInTheDocument();
    expect(within(panel).getByRole('heading', { name: 'What to show in “AI startup burning cash”' })).toBeInTheDocument();
  });

  it('move the clock forward a day, and switch to finance without signing in', async () => {
    renderRoute('/');
    const panel = await openPanel();
    const start = testCloud().context.now();
    expect(await within(panel).findByText(formatDateTime(start))).toBeInTheDocument();
    const oneDay = within(within(panel).getByRole('group', { name: 'Move the clock forward' })).getByRole('button', { name: '1 day' });
    await userEvent.click(oneDay);
    expect(await within(panel).findByText(formatDateTime(start + 86_400_000))).toBeInTheDocument();
    // Focus stays on the button pressed, so Escape still closes the panel.
    expect(oneDay).toHaveFocus();
    expect(testCloud().context.now()).toBe(start + 86_400_000);
    const roles = await within(panel).findByRole('group', { name: 'View as' });
    expect(within(roles).getByRole('button', { name: /^Admin/ })).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(within(roles).getByRole('button', { name: /^Finance/ }));
    expect(await screen.findByText(/Finance · Lumen AI/)).toBeInTheDocument();
    await waitFor(() => expect(within(roles).getByRole('button', { name: /^Finance/ })).toHaveAttribute('aria-pressed', 'true'));
    expect(within(panel).getByText(/Now viewing as Oskar Lindqvist, finance/)).toBeInTheDocument();
  });

  it('reset the demo to the scenario’s start', async () => {
    renderRoute('/');
    const panel = await openPanel();
    await userEvent.click(within(await within(panel).findByRole('group', { name: 'Move the clock forward' })).getByRole('button', { name: '1 week' }));
    await waitFor(() => expect(testCloud().context.state.clock.offsetMs).toBe(7 * 86_400_000));
    // It asks first; keeping the changes keeps them.
    await userEvent.click(within(panel).getByRole('button', { name: 'Reset demo…' }));
    const confirm = within(panel).getByRole('group', { name: 'Confirm the reset' });
    expect(within(confirm).getByRole('button', { name: 'Reset demo' })).toHaveFocus();
    await userEvent.click(within(confirm).getByRole('button', { name: 'Keep my changes' }));
    expect(testCloud().context.state.clock.offsetMs).toBe(7 * 86_400_000);
    await userEvent.click(within(panel).getByRole('button', { name: 'Reset demo…' }));
    await userEvent.click(within(within(panel).getByRole('group', { name: 'Confirm the reset' })).getByRole('button', { name: 'Reset demo' }));
    await waitFor(() => expect(within(panel).getByText('The demo is back at the start of “Growing ML team”.')).toHaveFocus());
    expect(testCloud().context.state.clock.offsetMs).toBe(0);
  });

  it('close with Escape and give focus back to the Demo button', async () => {
    renderRoute('/');
    const panel = await openPanel();
    await within(panel).findByRole('group', { name: 'Scenario' });
    await userEvent.click(within(panel).getByRole('radio', { name: /Inference platform/ }));
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('region', { name: 'Presenter controls' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Demo' })).toHaveFocus();
    expect(screen.getByRole('button', { name: 'Demo' })).toHaveAttribute('aria-expanded', 'false');
  });
});

describe('the guided tour', { timeout: 30_000 }, () => {
  it('walks step by step with focus on each step, goes back, and ends with Escape', async () => {
    const { router } = renderRoute('/');
    const panel = await openPanel();
    await userEvent.click(await within(panel).findByRole('button', { name: 'Start the guided tour' }));
    const tour = await screen.findByRole('dialog', { name: /Guided tour · step 1 of 6/ }, { timeout: 5_000 });
    expect(tour).toHaveAttribute('aria-modal', 'false');
    await waitFor(() => expect(within(tour).getByRole('heading', { name: 'GPUs paid for, doing nothing' })).toHaveFocus());
    await waitFor(() => expect(router.state.location.pathname).toBe('/utilization'));
    expect(await within(tour).findByText(/spent on GPUs/, {}, { timeout: 5_000 })).toBeInTheDocument();
    expect(within(tour).getByRole('button', { name: 'Back' })).toBeDisabled();
    await userEvent.click(within(tour).getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(within(tour).getByRole('heading', { name: 'Idle at this moment' })).toHaveFocus());
    await userEvent.click(within(tour).getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/recommendations'));
    expect(within(tour).getByRole('heading', { name: 'From waste to a fix' })).toHaveFocus();
    await userEvent.click(within(tour).getByRole('button', { name: 'Back' }));
    await waitFor(() => expect(within(tour).getByRole('heading', { name: 'Idle at this moment' })).toHaveFocus());
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: /Guided tour/ })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Demo' })).toHaveFocus();
  });

  it('tells the inference platform’s chapter: what a million tokens cost, and a cheaper GPU at the same latency, on the Inference tab', { timeout: 60_000 }, async () => {
    const reset = await testCloud().handle({ method: 'POST', path: '/v1/simulation/reset', query: new URLSearchParams(), headers: new Headers(), body: { scenario: 'inference-platform' } });
    expect(reset.status).toBe(200);
    const answer = await testCloud().handle({ method: 'GET', path: '/v1/inference/summary', query: new URLSearchParams('range=7d&limit=50'), headers: new Headers(), body: undefined });
    const summary = answer.body as InferenceSummary;
    const model = storyModel(summary)!;
    const cheaper = storyServingRecommendation(summary)!;
    expect(model.gpuTypes.length, 'a model served on two GPU types').toBeGreaterThanOrEqual(2);
    expect(cheaper, 'a cheaper GPU for one serving pod').toBeTruthy();

    const { router } = renderRoute('/');
    const panel = await openPanel();
    await userEvent.click(await within(panel).findByRole('button', { name: 'Start the guided tour' }));
    const tour = await screen.findByRole('dialog', { name: /Guided tour · step 1 of 8/ }, { timeout: 5_000 });
    await userEvent.click(within(tour).getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(within(tour).getByRole('heading', { name: 'Idle at this moment' })).toHaveFocus());
    await userEvent.click(within(tour).getByRole('button', { name: 'Next' }));

    // Step 3: the Inference tab, over the week; the model's cost per million tokens on its two GPU types, and a hosted API's list price.
    await waitFor(() => expect(within(tour).getByRole('heading', { name: 'What a million tokens cost' })).toHaveFocus());
    await waitFor(() => expect(router.state.location.search).toBe('?range=7d&view=inference'));
    expect(router.state.location.pathname).toBe('/utilization');
    const [first, second] = model.gpuTypes;
    await waitFor(() => expect(tour).toHaveTextContent(`This week, serving ${model.modelName} cost`), { timeout: 15_000 });
    expect(tour).toHaveTextContent(`${formatMicroUsd(model.figures.outputMicroUsdPerMillionTokens)} per million output tokens`);
    expect(tour).toHaveTextContent(`${formatMicroUsd(first!.figures.outputMicroUsdPerMillionTokens)} per million output on ${first!.gpuTypeName}`);
    expect(tour).toHaveTextContent(`on ${second!.gpuTypeName}`);
    expect(tour).toHaveTextContent(`${model.hosted[0]!.provider}’s ${model.hosted[0]!.model} lists`);

    // Step 4: the cheaper GPU, its saving and its latency, and how to follow it.
    await userEvent.click(within(tour).getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(within(tour).getByRole('heading', { name: 'A cheaper GPU at the same latency' })).toHaveFocus());
    const e = cheaper.evidence;
    expect(tour).toHaveTextContent(`Serve ${cheaper.podNames[0]} on ${e.toGpuCount}× ${e.toGpuTypeName} instead of ${e.fromGpuCount}× ${e.fromGpuTypeName}`);
    expect(tour).toHaveTextContent(`it saves ${formatCentsWhole(cheaper.monthlySavingsCents)} a month`);
    expect(tour).toHaveTextContent(`its p95 time to first token would be ${formatLatency(e.expectedTtftP95Seconds)} against ${formatLatency(e.ttftP95Seconds)} today`);
    expect(e.expectedTtftP95Seconds).toBeLessThanOrEqual(e.ttftP95Seconds);
    expect(tour).toHaveTextContent(`Launch ${cheaper.launch!.name} on ${e.toGpuTypeName}`);

    // Then the story goes on to the fixes, as in any world.
    await userEvent.click(within(tour).getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/recommendations'));
    expect(within(tour).getByRole('heading', { name: 'From waste to a fix' })).toHaveFocus();
    expect(screen.getByRole('dialog', { name: /Guided tour · step 5 of 8/ })).toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
  });
});
