/** The SSH keys section as a user meets it: add a key and see its fingerprint, bad input kept at its field, remove with a confirmation. */
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AppProviders, createQueryClient } from '../../../app/providers';
import { testCloud } from '../../../testing/server';
import { SshKeysSection } from './ssh-keys-section';

/** Made with ssh-keygen (OpenSSH 9.2); the fingerprint is what `ssh-keygen -lf` printed. */
const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILpL79jdW7UPZcCM633q03DM9lLSoA+/dRcs2IPmSbKe maya@laptop';
const ED25519_FP = 'SHA256:N9c2EIhD9toEo/rO31ZmQI14z7I3Q4mJxf6P/cTpPSA';

function renderSection() {
  const client = createQueryClient();
  client.setDefaultOptions({ queries: { ...client.getDefaultOptions().queries, retry: false } });
  render(
    <AppProviders client={client}>
      <SshKeysSection />
    </AppProviders>,
  );
  return screen.getByRole('heading', { level: 2, name: 'SSH keys' }).closest('section')!;
}

const savedKeys = () => testCloud().context.state.sshKeys ?? [];

async function addKey(user: ReturnType<typeof userEvent.setup>, name: string, publicKey: string) {
  await user.type(screen.getByLabelText('Name'), name);
  await user.click(screen.getByLabelText('Public key'));
  await user.paste(publicKey);
  await user.click(screen.getByRole('button', { name: 'Save key' }));
}

describe('SSH keys', () => {
  it('adds a key and lists it with its type, fingerprint, when it was added and that it was never used', async () => {
    const user = userEvent.setup();
    const section = renderSection();
    expect(await within(section).findByText('No saved keys yet')).toBeInTheDocument();
    await addKey(user, 'Work laptop', ED25519);
    const row = await within(section).findByRole('row', { name: /Work laptop/ });
    expect(row).toHaveTextContent('Ed25519');
    expect(row).toHaveTextContent(ED25519_FP);
    // Tests pin real time at the epoch, and read moments as a viewer in UTC.
    expect(row).toHaveTextContent('Jan 1, 1970, 12:00 AM UTC');
    expect(row).toHaveTextContent('Never');
    expect(within(section).getByText(`Key “Work laptop” saved: ${ED25519_FP}.`)).toBeInTheDocument();
    // The form is ready for the next key.
    expect(screen.getByLabelText('Name')).toHaveValue('');
    expect(screen.getByLabelText('Public key')).toHaveValue('');
  });

  it('shows when a key was last used to launch, in the viewer’s time zone', async () => {
    testCloud().context.state.sshKeys = [
      { id: 'key-1', ownerId: 'u-maya', name: 'Desk', type: 'ssh-ed25519', fingerprint: ED25519_FP, publicKey: ED25519, createdAtMs: Date.UTC(2026, 9, 1, 8), lastUsedAtMs: Date.UTC(2026, 10, 20, 9, 30) },
    ];
    const section = renderSection();
    const row = await within(section).findByRole('row', { name: /Desk/ });
    expect(row).toHaveTextContent('Oct 1, 2026, 8:00 AM UTC');
    expect(row).toHaveTextContent('Nov 20, 2026, 9:30 AM UTC');
  });

  it('says what is wrong at the field, keeps what was typed, and saves nothing', async () => {
    const user = userEvent.setup();
    renderSection();
    await addKey(user, 'Oops', '-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEA');
    const key = screen.getByLabelText('Public key');
    expect(key).toHaveAccessibleDescription(/This is a private key: never paste it anywhere/);
    expect(key).toHaveFocus();
    expect(key).toHaveValue('-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEA');
    expect(screen.getByLabelText('Name')).toHaveValue('Oops');
    await user.clear(screen.getByLabelText('Name'));
    await user.click(screen.getByRole('button', { name: 'Save key' }));
    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription(/Give the key a name/);
    expect(screen.getByLabelText('Name')).toHaveFocus();
    expect(savedKeys()).toEqual([]);
  });

  it('puts the API’s answers in plain words: a name taken at its field, the same key twice above the button', async () => {
    const user = userEvent.setup();
    const section = renderSection();
    await addKey(user, 'Laptop', ED25519);
    await within(section).findByRole('row', { name: /Laptop/ });
    await addKey(user, 'laptop', 'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBDrl/xLzEEaS82kOtdjgsaUwwTWLchhYm4I0zrma73oE9ipkt23Ad14niKSgsYmYkwx+73NE3zMOHbJlCQDzOJE= ci@ecdsa');
    await waitFor(() => expect(screen.getByLabelText('Name')).toHaveAccessibleDescription(/already have a key named “laptop”/));
    await user.clear(screen.getByLabelText('Name'));
    await user.clear(screen.getByLabelText('Public key'));
    await addKey(user, 'Same key', ED25519);
    expect(await screen.findByRole('alert')).toHaveTextContent('You saved this key already, as “Laptop”');
    expect(screen.getByLabelText('Name')).toHaveValue('Same key');
    expect(savedKeys()).toHaveLength(1);
  });

  it('removes a key only once confirmed, and says so', async () => {
    const user = userEvent.setup();
    const section = renderSection();
    await addKey(user, 'Old laptop', ED25519);
    await within(section).findByRole('row', { name: /Old laptop/ });
    await user.click(within(section).getByRole('button', { name: 'Remove Old laptop…' }));
    // Focus lands on Cancel: a second Enter removes nothing.
    expect(within(section).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(within(section).getByRole('button', { name: 'Remove Old laptop…' })).toHaveFocus();
    expect(savedKeys()).toHaveLength(1);
    await user.click(within(section).getByRole('button', { name: 'Remove Old laptop…' }));
    await user.click(within(section).getByRole('button', { name: 'Remove “Old laptop”' }));
    expect(await within(section).findByText('No saved keys yet')).toBeInTheDocument();
    expect(within(section).getByText('Key “Old laptop” removed. Pods launched with it keep it.')).toHaveFocus();
    expect(savedKeys()).toEqual([]);
  });
});
