import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { http, HttpResponse } from 'msw';
import { server } from '../../../testing/server';
import { ActionLinkPage } from './action-link-page';

/**
 * The embedded simulator sends no e-mails, so it knows no action links (it answers 404, as the
 * last test shows): these answers are the server's (server/action-links.ts, tested there).
 */
const preview = {
  action: 'keep-running',
  podId: 'pod-idle1',
  podName: 'idle-notebook',
  podStatus: 'running',
  recipientEmail: 'maya@lumen.example',
  keepRunningMinutes: 120,
  expiresAt: '2026-12-07T10:00:00.000Z',
  state: 'ready',
  usedAt: null,
  usedAction: null,
  outcome: null,
};

function answer(previewBody: object, used: unknown[]) {
  server.use(
    http.post('*/api/v1/auth/action-links/preview', () => HttpResponse.json(previewBody)),
    http.post('*/api/v1/auth/action-links/use', async ({ request }) => {
      used.push(await request.json());
      return HttpResponse.json({
        action: 'keep-running',
        podId: 'pod-idle1',
        podName: 'idle-notebook',
        outcome: 'Kept idle-notebook running: its auto-stop countdown is paused for 2 hours.',
        pod: { autoStop: { idleMinutes: 30, idleSince: null, stopsAt: null, snoozedUntil: '2026-12-06T12:00:00.000Z', savesCentsPerDay: 2136 } },
      });
    }),
  );
}

function renderAt(path: string) {
  const router = createMemoryRouter(
    [
      { path: '/pod-action', Component: ActionLinkPage },
      { path: '/pods/:podId', element: <p>the pod page</p> },
    ],
    { initialEntries: [path] },
  );
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { mutations: { retry: false } } })}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

describe('an e-mail’s action link', () => {
  it('says what it will do and for whom, acts only on the button, once, and says what it did', async () => {
    const used: unknown[] = [];
    answer(preview, used);
    const router = renderAt('/pod-action#nla_secret-from-the-mail');
    expect(await screen.findByText((_, el) => el?.tagName === 'P' && /^Keep /.test(el.textContent ?? ''))).toHaveTextContent('Keep idle-notebook running for another 2 hours?');
    expect(screen.getByText(/This link was sent to/)).toHaveTextContent('maya@lumen.example and acts as them; it works once');
    // The secret leaves the address at once; nothing is done by opening the page.
    expect(router.state.location.hash).toBe('');
    expect(used).toEqual([]);

    await userEvent.click(screen.getByRole('button', { name: 'Keep it running' }));
    const done = await screen.findByRole('status');
    expect(done).toHaveTextContent('Kept idle-notebook running: its auto-stop countdown is paused for 2 hours.');
    expect(done).toHaveFocus();
    expect(used).toEqual([{ token: 'nla_secret-from-the-mail' }]);
    expect(screen.getByRole('link', { name: 'Open idle-notebook in the console' })).toHaveAttribute('href', '/pods/pod-idle1');
  });

  it('says when and how a used link was used, with no button', async () => {
    answer({ ...preview, action: 'stop', state: 'used', usedAt: '2026-12-06T09:00:00.000Z', usedAction: 'keep-running', outcome: 'Kept idle-notebook running: its auto-stop countdown is paused for 2 hours.' }, []);
    renderAt('/pod-action#nla_secret-from-the-mail');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/The links in this e-mail work once, and one was used on .*: Kept idle-notebook running/);
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Open the pod in the console' })).toHaveAttribute('href', '/pods/pod-idle1');
  });

  it('says a link nobody sent cannot be used, in the API’s words', async () => {
    renderAt('/pod-action#nla_from-no-mail');
    expect(await screen.findByRole('alert')).toHaveTextContent('This link is not known: check that it was copied whole from the e-mail.');
  });
});
