/**
 * The no-capacity answer's "Notify me when … is available in …" (issue 16): a capacity watch in the
 * cloud, through the launch form as a user meets it against the simulator (MSW).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute } from '../../../../testing/render';
import { testCloud } from '../../../../testing/server';
import { offers } from '../../../../cloud/catalog-data';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf ana@laptop';
const BOX = 'Notify me when NVIDIA B200 (HGX) is available in Montréal';

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});

const watches = () => testCloud().context.state.capacityWatches ?? [];

/** Montréal keeps 4 B200s: a pod of 4 takes them all. */
async function takeEveryB200InMontreal() {
  const body = { name: 'holds-them', projectId: 'p-vision', gpuTypeId: 'b200', gpuCount: 4, regionId: 'ca-mtl-1', imageId: 'pytorch-2.9-cuda12.8', diskGb: 100, autoStopIdleMinutes: null, sshPublicKey: KEY };
  const res = await testCloud().handle({ method: 'POST', path: '/v1/pods', query: new URLSearchParams(), headers: new Headers({ 'Idempotency-Key': crypto.randomUUID() }), body });
  expect(res.status).toBe(201);
}

/** The form for B200s in Montréal, sent: the no-capacity answer. */
async function refusedLaunch(gpuCount: number) {
  const user = userEvent.setup();
  const view = renderRoute(`/pods/new?gpuTypeId=b200&gpuCount=${gpuCount}&regionId=ca-mtl-1&name=waits-for-b200`);
  await screen.findByRole('heading', { level: 1, name: 'Launch a dev pod' });
  await screen.findByRole('region', { name: 'Cost estimate' });
  await user.type(screen.getByLabelText('SSH public key'), KEY);
  await user.click(screen.getByRole('button', { name: 'Launch pod' }));
  const panel = await screen.findByRole('alert', { name: 'No capacity for NVIDIA B200 (HGX) in Montréal' });
  return { user, view, panel };
}

describe('Notify me when available', () => {
  it('checking the box creates the watch, it survives a new render from the API, and unchecking removes it', async () => {
    await takeEveryB200InMontreal();
    const first = await refusedLaunch(4);
    const box = within(first.panel).getByRole('checkbox', { name: BOX });
    await waitFor(() => expect(box).toHaveAttribute('aria-busy', 'false'));
    expect(box).not.toBeChecked();
    expect(box).toHaveAccessibleDescription(/We’ll tell you in the console and by e-mail when 4 NVIDIA B200 \(HGX\) GPUs are free in Montréal.*you can choose how on your Account page/);
    expect(within(first.panel).getByRole('link', { name: 'Account page' })).toHaveAttribute('href', '/account');
    await first.user.click(box);
    expect(box).toBeChecked();
    await waitFor(() => expect(watches()).toMatchObject([{ userId: 'u-maya', gpuTypeId: 'b200', regionId: 'ca-mtl-1', gpuCount: 4 }]));
    expect(box).toHaveFocus();
    first.view.unmount();

    // A new visit reads the watch from the API (nothing is kept in the browser).
    localStorage.clear();
    sessionStorage.clear();
    const second = await refusedLaunch(4);
    const again = within(second.panel).getByRole('checkbox', { name: BOX });
    await waitFor(() => expect(again).toBeChecked());
    await second.user.click(again);
    expect(again).not.toBeChecked();
    await waitFor(() => expect(watches()).toEqual([]));
    await waitFor(() => expect(again).toHaveAttribute('aria-busy', 'false'));
    expect(again).not.toBeChecked();
  });

  it('says in words when the API refuses, and leaves the box as the API keeps it', async () => {
    await takeEveryB200InMontreal();
    // Twenty watches already: the most one person may keep.
    testCloud().context.state.capacityWatches = offers
      .filter((o) => o.gpuTypeId !== 'b200')
      .slice(0, 20)
      .map((o, i) => ({ id: `cw-${i}`, userId: 'u-maya', gpuTypeId: o.gpuTypeId, regionId: o.regionId, gpuCount: 1, createdAtMs: 0 }));
    const { user, panel } = await refusedLaunch(4);
    const box = within(panel).getByRole('checkbox', { name: BOX });
    await waitFor(() => expect(box).toHaveAttribute('aria-busy', 'false'));
    await user.click(box);
    await waitFor(() => expect(box).toHaveAccessibleDescription(/Your request to be told was not saved: You watch 20 GPU types and regions, the most one person may/));
    expect(box).not.toBeChecked();
    expect(box).toHaveFocus();
    expect(watches()).toHaveLength(20);
  });

  it('offers no box for more GPUs than the region has in all, and says why', async () => {
    const { panel } = await refusedLaunch(8);
    expect(panel).toHaveTextContent('Montréal has 4 NVIDIA B200 (HGX) in all, so 8 are never free there at once. To be told when GPUs free up here, launch with 4 or fewer.');
    expect(within(panel).queryByRole('checkbox')).toBeNull();
  });
});
