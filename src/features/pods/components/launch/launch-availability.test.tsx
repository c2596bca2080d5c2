/**
 * Availability before submit (issue 17, points 6 and 9): a GPU card that says "4 free" does not
 * take 8 silently, the no-capacity answer takes the focus, and its alternatives say their memory.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute } from '../../../../testing/render';
import { testCloud } from '../../../../testing/server';
import type { Catalog } from '../../api/types';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf ana@laptop';

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});

async function catalog(): Promise<Catalog> {
  const r = await testCloud().handle({ method: 'GET', path: '/v1/catalog', query: new URLSearchParams(), headers: new Headers(), body: undefined });
  return r.body as Catalog;
}

async function openForm(path: string) {
  const view = renderRoute(path);
  await screen.findByRole('heading', { level: 1, name: 'Launch a dev pod' });
  await screen.findByRole('region', { name: 'Cost estimate' });
  return view;
}

describe('Availability before submit', () => {
  it('says at the GPU count field when more GPUs are asked for than are free, and what is possible instead', async () => {
    // The simulator's Montréal has 4 B200s, all free at the start.
    const b200 = (await catalog()).gpuTypes.find((g) => g.id === 'b200')!;
    expect(b200.offers.find((o) => o.regionId === 'ca-mtl-1')?.availableGpus).toBe(4);
    const user = userEvent.setup();
    await openForm('/pods/new?gpuTypeId=b200&regionId=ca-mtl-1&gpuCount=1');
    const card = within(screen.getByRole('radiogroup', { name: 'GPU type' })).getByRole('radio', { name: 'NVIDIA B200 (HGX)' });
    expect(card).toHaveAccessibleDescription(/4 free/);
    const count = screen.getByLabelText('GPU count');
    expect(count).not.toHaveAccessibleDescription(/free/);
    await user.selectOptions(count, '8');
    expect(count).toHaveAccessibleDescription(/Only 4 NVIDIA B200 \(HGX\) are free in Montréal right now, so 8 would be refused\. You can choose 1, 2 or 4 GPUs here/);
    expect(count).toHaveAccessibleDescription(/or launch 8 in Boden \(\d+ free\)/);
    await user.selectOptions(count, '4');
    expect(count).not.toHaveAccessibleDescription(/would be refused/);
  });

  it('moves the focus to the no-capacity answer, whose similar GPUs say plainly when they have less memory', async () => {
    const user = userEvent.setup();
    await openForm('/pods/new?gpuTypeId=b200&gpuCount=8&regionId=ca-mtl-1&name=big-model');
    await user.type(screen.getByLabelText('SSH public key'), KEY);
    await user.click(screen.getByRole('button', { name: 'Launch pod' }));
    const panel = await screen.findByRole('alert', { name: 'No capacity for NVIDIA B200 (HGX) in Montréal' });
    await waitFor(() => expect(panel).toHaveFocus());
    const h200 = within(panel).getByRole('button', { name: 'Use 8 × NVIDIA H200 SXM in Montréal' });
    expect(h200.parentElement).toHaveTextContent('other GPU, less memory: 141 GB per GPU, not 180 GB');
    // No 80 GB GPU is offered as similar to a 180 GB one.
    expect(within(panel).queryByRole('button', { name: /H100/ })).toBeNull();
  });
});
