/** The notification centre and the budget banner against the simulator (MSW): what a person sees, marks read and follows. */
import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AppProviders, createQueryClient } from '../../../app/providers';
import { testCloud } from '../../../testing/server';
import { createApiClient } from '../../../api/client';
import { NotificationCentre } from './notification-centre';
import { BudgetBanner } from './budget-banner';

const api = createApiClient('http://localhost/api');
const MS_PER_DAY = 24 * 60 * 60 * 1000;

function renderAt(path: string) {
  const client = createQueryClient();
  client.setDefaultOptions({ queries: { ...client.getDefaultOptions().queries, retry: false } });
  const router = createMemoryRouter(
    [
      {
        path: '*',
        element: (
          <>
            <NotificationCentre />
            <BudgetBanner />
            <p>Page {path}</p>
          </>
        ),
      },
    ],
    { initialEntries: [path] },
  );
  return { router, ...render(<AppProviders client={client}><RouterProvider router={router} /></AppProviders>) };
}

describe('the notification centre', { timeout: 30_000 }, () => {
  it('says how many are unread, lists them with their words, time and link, and marks them read', async () => {
    const user = userEvent.setup();
    // Six hours on, a request each half hour: pods go idle and auto-stop; the reconcilers tell their owners.
    for (let i = 0; i < 12; i++) {
      await api.POST('/v1/simulation/advance', { body: { durationMs: 30 * 60 * 1000 } });
      await api.GET('/v1/notifications');
    }
    const ctx = testCloud().context;
    const owner = ctx.state.notifications!.find((n) => n.kind === 'pod.auto-stopped')!.userId;
    await api.POST('/v1/simulation/act-as', { body: { userId: owner } });
    const mine = ctx.state.notifications!.filter((n) => n.userId === owner);
    expect(mine.length).toBeGreaterThan(0);

    renderAt('/pods');
    const button = await screen.findByRole('button', { name: `Notifications, ${mine.length} unread` }, { timeout: 5_000 });
    expect(button).toHaveAttribute('aria-expanded', 'false');
    await user.click(button);
    expect(button).toHaveAttribute('aria-expanded', 'true');
    const panel = screen.getByRole('region', { name: 'Notifications' });
    const items = within(panel).getAllByRole('listitem');
    expect(items.length).toBe(Math.min(20, mine.length));
    const stopped = mine.filter((n) => n.kind === 'pod.auto-stopped').sort((a, b) => b.atMs - a.atMs)[0]!;
    const link = within(panel).getByRole('link', { name: stopped.title });
    expect(link).toHaveAttribute('href', stopped.link);
    const item = items.find((li) => li.contains(link))!;
    expect(item).toHaveTextContent(/^Unread:/);
    expect(item).toHaveTextContent('Idle for');
    expect(within(item).getByText((_, el) => el?.tagName === 'TIME')).toHaveAttribute('dateTime', new Date(stopped.atMs).toISOString());

    // Following one marks it read and closes the list.
    await user.click(link);
    expect(await screen.findByRole('button', { name: `Notifications, ${mine.length - 1} unread` })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Notifications' })).not.toBeInTheDocument();
    expect(ctx.state.notifications!.find((n) => n.id === stopped.id)!.readAtMs).not.toBeNull();

    // Mark all read; Escape closes, focus back on the button.
    await user.click(screen.getByRole('button', { name: /^Notifications, / }));
    await user.click(within(screen.getByRole('region', { name: 'Notifications' })).getByRole('button', { name: 'Mark all read' }));
    expect(await screen.findByRole('button', { name: 'Notifications, 0 unread' })).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Notifications' })).getByRole('button', { name: 'Mark all read' })).toBeDisabled();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('region', { name: 'Notifications' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Notifications, 0 unread' })).toHaveFocus();
    expect(ctx.state.notifications!.filter((n) => n.userId === owner && n.readAtMs === null)).toEqual([]);
  });

  it('says when there is nothing yet', async () => {
    const user = userEvent.setup();
    renderAt('/');
    await user.click(await screen.findByRole('button', { name: 'Notifications, 0 unread' }, { timeout: 5_000 }));
    expect(await screen.findByText(/Nothing yet/)).toBeInTheDocument();
  });
});

describe('the budget banner', { timeout: 30_000 }, () => {
  it('tells an engineer on any page that the organization’s budget stopped their pods, and is not repeated where the budget is said in full', async () => {
    await api.POST('/v1/simulation/reset', { body: { scenario: 'startup' } });
    await api.POST('/v1/simulation/advance', { body: { durationMs: MS_PER_DAY } });
    await api.POST('/v1/simulation/act-as', { body: { userId: 'u-ana' } });
    const acting = (await api.GET('/v1/budgets/acting')).data!.items;
    expect(acting).toHaveLength(1);

    const { unmount } = renderAt('/pods');
    const banner = await screen.findByRole('region', { name: 'Budget acting on your projects' }, { timeout: 5_000 });
    expect(banner).toHaveTextContent('The Blitzscale AI budget is spent: its policy stops idle pods until');
    for (const p of acting[0]!.stoppedPods) expect(banner).toHaveTextContent(p.name);
    expect(within(banner).getByRole('link', { name: 'What it does' })).toHaveAttribute('href', '/billing?tab=budgets');
    // Ana has notifications of it too.
    expect(await screen.findByRole('button', { name: /^Notifications, [1-9]\d* unread$/ })).toBeInTheDocument();
    unmount();

    renderAt('/billing');
    await screen.findByRole('button', { name: /^Notifications, / }, { timeout: 5_000 });
    expect(screen.queryByRole('region', { name: 'Budget acting on your projects' })).not.toBeInTheDocument();
  });
});
