/** The launch form as a user meets it: the estimate follows the choices, errors stay at their fields, one pod per intent. */
import { beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute } from '../../../../testing/render';
import { testCloud } from '../../../../testing/server';
import { diskPricing, offers } from '../../../../cloud/catalog-data';
import { podCostEstimate, podRates } from '../../../../domain/pricing';
import { formatCents } from '../../../../lib/format';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf ana@laptop';

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});

async function openForm(path = '/pods/new') {
  const view = renderRoute(path);
  await screen.findByRole('heading', { level: 1, name: 'Launch a dev pod' });
  await screen.findByRole('region', { name: 'Cost estimate' });
  return view;
}

const podsNamed = (name: string) => testCloud().context.state.pods.filter((p) => p.name === name);

describe('Launch a dev pod', () => {
  it('shows the cost the bill will use, per hour, per working day and per month, and follows the choices', async () => {
    const user = userEvent.setup();
    await openForm();
    const estimate = screen.getByRole('region', { name: 'Cost estimate' });
    const totalRow = () => within(estimate).getByRole('row', { name: /^Total/ });
    const expected = (gpuCount: number, diskGb: number) => {
      const offer = offers.find((o) => o.gpuTypeId === 'l40s' && o.regionId === 'ca-mtl-1')!;
      return podCostEstimate(podRates(offer, diskPricing, { gpuCount, diskGb }));
    };
    let e = expected(1, 100);
    expect(totalRow()).toHaveTextContent(formatCents(e.perHour.totalCents));
    expect(totalRow()).toHaveTextContent(formatCents(e.perWorkingDay.totalCents));
    expect(totalRow()).toHaveTextContent(formatCents(e.perMonth.totalCents));
    await user.selectOptions(screen.getByLabelText('GPU count'), '4');
    await user.clear(screen.getByLabelText('Disk size (GB)'));
    await user.type(screen.getByLabelText('Disk size (GB)'), '1000');
    e = expected(4, 1000);
    expect(totalRow()).toHaveTextContent(formatCents(e.perMonth.totalCents));
    expect(estimate).toHaveTextContent(`the disk alone costs ${formatCents(e.stoppedPerMonthCents)} a month`);
    expect(estimate).toHaveTextContent(/kWh .* kg CO2e on Montréal’s grid/);
  });

  it('keeps the GPU count allowed and the region offering the GPU when the GPU type changes', async () => {
    const user = userEvent.setup();
    await openForm();
    await user.selectOptions(screen.getByLabelText('GPU count'), '4');
    await user.click(within(screen.getByRole('radiogroup', { name: 'GPU type' })).getByRole('radio', { name: 'NVIDIA A10' }));
    expect(screen.getByLabelText('GPU count')).toHaveValue('2');
    expect(within(screen.getByRole('radiogroup', { name: 'Region' })).getByRole('radio', { checked: true })).toHaveAccessibleName(/Itaipú|Montréal|Toronto/);
    await user.selectOptions(screen.getByLabelText('Keep my data in'), 'Sweden');
    // The A10 is not offered in Sweden: the region card says so and the form will not send it.
    expect(within(screen.getByRole('radiogroup', { name: 'Region' })).getAllByRole('radio')).toHaveLength(1);
  });

  it('offers a MIG slice of a GPU sold in slices, shows its price per hour before Launch, and launches the pod on it', async () => {
    const user = userEvent.setup();
    const { router } = await openForm();
    // The L40S is sold whole: no choice of share.
    expect(screen.queryByRole('group', { name: 'GPU share' })).toBeNull();
    await user.click(within(screen.getByRole('radiogroup', { name: 'GPU type' })).getByRole('radio', { name: 'NVIDIA H100 SXM 80GB' }));
    await user.click(within(screen.getByRole('radiogroup', { name: 'Region' })).getByRole('radio', { name: /Montréal/ }));
    const share = screen.getByRole('group', { name: 'GPU share' });
    await user.click(within(share).getByRole('radio', { name: 'MIG slice' }));
    const slice = screen.getByLabelText('Slice of NVIDIA H100 SXM 80GB');
    expect(within(slice).getAllByRole('option').map((o) => o.textContent)).toEqual([
      '1g.10gb: 1/7 of the GPU, 10 GB, $0.36/h',
      '2g.20gb: 2/7 of the GPU, 20 GB, $0.71/h',
      '3g.40gb: 3/7 of the GPU, 40 GB, $1.07/h',
      '4g.40gb: 4/7 of the GPU, 40 GB, $1.42/h',
      '7g.80gb: 7/7 of the GPU, 80 GB, $2.49/h',
    ]);
    expect(screen.getByLabelText('GPU count')).toHaveValue('1');
    const estimate = screen.getByRole('region', { name: 'Cost estimate' });
    // $2.49 ÷ 7 = $0.3557… an hour, rounded to the cent: $0.36; a 30-day month $259.20 (domain/mig.ts).
    const sliceOffer = offers.find((o) => o.gpuTypeId === 'h100-sxm' && o.regionId === 'ca-mtl-1')!.migSlices!.find((s) => s.profile === '1g.10gb')!;
    const e = podCostEstimate(podRates({ rateMicroUsdPerGpuHour: sliceOffer.rateMicroUsdPerHour }, diskPricing, { gpuCount: 1, diskGb: 100 }));
    const gpuRow = within(estimate).getByRole('row', { name: /^GPU compute \(1g\.10gb slice of NVIDIA H100 SXM 80GB\)/ });
    expect(gpuRow).toHaveTextContent('$0.36');
    expect(gpuRow).toHaveTextContent(formatCents(e.perMonth.gpuCents));
    expect(e.perMonth.gpuCents).toBe(25_920);
    expect(estimate).toHaveTextContent('GPUs $0.36/h while the pod runs');
    await user.type(screen.getByLabelText('Name'), 'on-a-slice');
    await user.type(screen.getByLabelText('SSH public key'), KEY);
    await user.click(screen.getByRole('button', { name: 'Launch pod' }));
    await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/pods\/pod-/));
    const [pod] = podsNamed('on-a-slice');
    expect(pod).toMatchObject({ gpuTypeId: 'h100-sxm', gpuCount: 1, migProfile: '1g.10gb', rateMicroUsdPerGpuHour: 360_000 });
    // The pod's page names the slice.
    expect(await screen.findByRole('heading', { level: 1, name: 'on-a-slice' })).toBeInTheDocument();
    expect(screen.getByText(/NVIDIA H100 SXM 80GB · 1g\.10gb slice · Montréal/)).toBeInTheDocument();
  });

  it('refuses a bad name and a bad SSH key at their fields, sends nothing, and keeps what was typed', async () => {
    const user = userEvent.setup();
    await openForm();
    await user.type(screen.getByLabelText('Name'), 'My Pod');
    await user.type(screen.getByLabelText('SSH public key'), 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9lti');
    const before = testCloud().context.state.pods.length;
    await user.click(screen.getByRole('button', { name: 'Launch pod' }));
    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription(/Use only lowercase letters, digits and hyphens \(not spaces\)/);
    expect(screen.getByLabelText('SSH public key')).toHaveAccessibleDescription(/incomplete|not 32 bytes|damaged/);
    expect(screen.getByLabelText('Name')).toHaveFocus();
    expect(screen.getByRole('alert')).toHaveTextContent('Check these 2 fields; nothing was sent');
    expect(testCloud().context.state.pods.length).toBe(before);
    expect(screen.getByLabelText('Name')).toHaveValue('My Pod');
    // Fixing a field clears its error at once.
    await user.clear(screen.getByLabelText('Name'));
    await user.type(screen.getByLabelText('Name'), 'my-pod');
    expect(screen.getByLabelText('Name')).not.toHaveAccessibleDescription(/lowercase letters, digits and hyphens \(not/);
  });

  it('launches exactly one pod however often Launch is pressed, and opens it', async () => {
    const user = userEvent.setup();
    const { router } = await openForm();
    await user.type(screen.getByLabelText('Name'), 'one-only');
    await user.type(screen.getByLabelText('SSH public key'), KEY);
    const launch = screen.getByRole('button', { name: 'Launch pod' });
    await user.dblClick(launch);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/pods\/pod-/));
    expect(podsNamed('one-only')).toHaveLength(1);
    expect(sessionStorage.getItem('northlight.pods.launch-draft')).toBeNull();
    expect(await screen.findByRole('heading', { level: 1, name: 'one-only' })).toBeInTheDocument();
  });

  it('takes a prefill from the URL, with the pod it replaces named in a ticked checkbox', async () => {
    const old = testCloud().context.state.pods.find((p) => p.projectId === 'p-vision' && p.transitions.at(-1)?.status === 'running')!;
    await openForm(`/pods/new?name=cheaper-tier&projectId=p-vision&gpuTypeId=l4&gpuCount=1&regionId=ca-tor-1&imageId=jax-0.8-cuda12.8&diskGb=150&autoStopIdleMinutes=30&replacesPodId=${old.id}`);
    expect(screen.getByLabelText('Name')).toHaveValue('cheaper-tier');
    expect(within(screen.getByRole('radiogroup', { name: 'GPU type' })).getByRole('radio', { name: 'NVIDIA L4' })).toBeChecked();
    expect(within(screen.getByRole('radiogroup', { name: 'Region' })).getByRole('radio', { name: 'Toronto, Canada' })).toBeChecked();
    expect(screen.getByLabelText('Image')).toHaveValue('jax-0.8-cuda12.8');
    expect(screen.getByLabelText('Disk size (GB)')).toHaveValue('150');
    expect(screen.getByLabelText('Auto-stop when idle')).toHaveValue('30');
    expect(await screen.findByRole('checkbox', { name: `Stop ${old.name} once the new pod is running` })).toBeChecked();
  });

  it('after a reload in the middle of a submit, finishes that launch with the same key: still one pod', async () => {
    const user = userEvent.setup();
    const first = await openForm();
    await user.type(screen.getByLabelText('Name'), 'reloaded');
    await user.type(screen.getByLabelText('SSH public key'), KEY);
    const draft = JSON.parse(sessionStorage.getItem('northlight.pods.launch-draft')!) as { idempotencyKey: string; values: Record<string, unknown> };
    // The first request reached the API, then the page went away before the answer came.
    await fetch('http://localhost/api/v1/pods', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'Idempotency-Key': draft.idempotencyKey },
      body: JSON.stringify({ name: 'reloaded', projectId: draft.values.projectId, gpuTypeId: 'l40s', gpuCount: 1, regionId: draft.values.regionId, imageId: draft.values.imageId, diskGb: 100, autoStopIdleMinutes: 60, sshPublicKey: KEY }),
    });
    sessionStorage.setItem('northlight.pods.launch-draft', JSON.stringify({ ...draft, submittedAtMs: Date.now() }));
    first.unmount();
    const { router } = renderRoute('/pods/new');
    await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/pods\/pod-/));
    expect(await screen.findByText(/had already been launched by your earlier attempt/)).toBeInTheDocument();
    expect(podsNamed('reloaded')).toHaveLength(1);
  });

  describe('with saved SSH keys', () => {
    const DESK = 'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBDrl/xLzEEaS82kOtdjgsaUwwTWLchhYm4I0zrma73oE9ipkt23Ad14niKSgsYmYkwx+73NE3zMOHbJlCQDzOJE= maya@desk';
    beforeEach(() => {
      // Newest first as saved: the laptop was saved first and used last.
      testCloud().context.state.sshKeys = [
        { id: 'key-laptop', ownerId: 'u-maya', name: 'Laptop', type: 'ssh-ed25519', fingerprint: 'SHA256:N9c2EIhD9toEo/rO31ZmQI14z7I3Q4mJxf6P/cTpPSA', publicKey: KEY, createdAtMs: 1_000, lastUsedAtMs: 5_000 },
        { id: 'key-desk', ownerId: 'u-maya', name: 'Desk', type: 'ecdsa-sha2-nistp256', fingerprint: 'SHA256:RkEeeEXAX0SecZ0IOh5ZDT3QPBQZ9i/FgNNi+mF8mWc', publicKey: DESK, createdAtMs: 2_000, lastUsedAtMs: null },
        { id: 'key-ana', ownerId: 'u-ana', name: 'Ana’s key', type: 'ssh-ed25519', fingerprint: 'SHA256:other', publicKey: KEY, createdAtMs: 3_000, lastUsedAtMs: 9_000 },
      ];
    });

    it('offers them by name and fingerprint, starts with the one used last, and launches with it without pasting', async () => {
      const user = userEvent.setup();
      const { router } = await openForm();
      const choice = screen.getByLabelText('SSH key');
      expect(choice).toHaveDisplayValue('Laptop (SHA256:N9c2EIhD9toEo/rO31ZmQI14z7I3Q4mJxf6P/cTpPSA)');
      expect(within(choice).getAllByRole('option').map((o) => o.textContent)).toEqual([
        'Laptop (SHA256:N9c2EIhD9toEo/rO31ZmQI14z7I3Q4mJxf6P/cTpPSA)',
        'Desk (SHA256:RkEeeEXAX0SecZ0IOh5ZDT3QPBQZ9i/FgNNi+mF8mWc)',
        'Paste a new key',
      ]);
      expect(screen.queryByLabelText('SSH public key')).not.toBeInTheDocument();
      await user.type(screen.getByLabelText('Name'), 'saved-laptop');
      await user.click(screen.getByRole('button', { name: 'Launch pod' }));
      await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/pods\/pod-/));
      expect(podsNamed('saved-laptop').map((p) => p.sshPublicKey)).toEqual([KEY]);
    });

    it('launches with another saved key when chosen, and marks it used', async () => {
      const user = userEvent.setup();
      const { router } = await openForm();
      await user.selectOptions(screen.getByLabelText('SSH key'), 'Desk (SHA256:RkEeeEXAX0SecZ0IOh5ZDT3QPBQZ9i/FgNNi+mF8mWc)');
      await user.type(screen.getByLabelText('Name'), 'saved-desk');
      await user.click(screen.getByRole('button', { name: 'Launch pod' }));
      await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/pods\/pod-/));
      expect(podsNamed('saved-desk').map((p) => p.sshPublicKey)).toEqual([DESK]);
      expect(testCloud().context.state.sshKeys?.find((k) => k.id === 'key-desk')?.lastUsedAtMs).not.toBeNull();
    });

    it('takes a pasted key when the user chooses to paste one, checked at its field as before', async () => {
      const user = userEvent.setup();
      const { router } = await openForm();
      await user.selectOptions(screen.getByLabelText('SSH key'), 'Paste a new key');
      await user.type(screen.getByLabelText('Name'), 'pasted-key');
      await user.type(screen.getByLabelText('SSH public key'), 'ssh-ed25519 AAAA');
      await user.click(screen.getByRole('button', { name: 'Launch pod' }));
      expect(screen.getByLabelText('SSH public key')).toHaveAccessibleDescription(/damaged|incomplete/);
      expect(podsNamed('pasted-key')).toHaveLength(0);
      const other = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILpL79jdW7UPZcCM633q03DM9lLSoA+/dRcs2IPmSbKe maya@laptop';
      await user.clear(screen.getByLabelText('SSH public key'));
      await user.type(screen.getByLabelText('SSH public key'), other);
      await user.click(screen.getByRole('button', { name: 'Launch pod' }));
      await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/pods\/pod-/));
      expect(podsNamed('pasted-key').map((p) => p.sshPublicKey)).toEqual([other]);
    });

    it('says so at the SSH key when the chosen key was removed meanwhile', async () => {
      const user = userEvent.setup();
      await openForm();
      testCloud().context.state.sshKeys = testCloud().context.state.sshKeys!.filter((k) => k.id !== 'key-laptop');
      await user.type(screen.getByLabelText('Name'), 'removed-key');
      await user.click(screen.getByRole('button', { name: 'Launch pod' }));
      await waitFor(() => expect(screen.getByLabelText('SSH key')).toHaveAccessibleDescription(/Choose one of your saved SSH keys/));
      expect(podsNamed('removed-key')).toHaveLength(0);
    });
  });

  it('tells finance users they cannot launch, and offers no way to', async () => {
    testCloud().context.state.currentUserId = 'u-oskar';
    await openForm();
    expect(screen.getByText('As a finance user you can see pods and their cost, but not launch them.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Launch pod' })).toBeDisabled();
  });
});
