/** An engineer saves their SSH public key once on the Account page, then launches a pod choosing it instead of pasting it. */
import { test, expect, expectNoSeriousA11yViolations, freshStart } from './fixtures';

/** Made with ssh-keygen (OpenSSH 9.2); the fingerprint is what `ssh-keygen -lf` printed for it. */
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILpL79jdW7UPZcCM633q03DM9lLSoA+/dRcs2IPmSbKe maya@laptop';
const FINGERPRINT = 'SHA256:N9c2EIhD9toEo/rO31ZmQI14z7I3Q4mJxf6P/cTpPSA';

test('save an SSH key on the Account page, see its fingerprint, and launch a pod choosing it', async ({ page }) => {
  await freshStart(page, '/');
  const nav = page.getByRole('navigation', { name: 'Primary' });
  await nav.getByRole('link', { name: 'Account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Account' })).toBeVisible();

  const keys = page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name: 'SSH keys' }) });
  await expect(keys.getByText('No saved keys yet')).toBeVisible();
  await keys.getByLabel('Name').fill('Work laptop');
  await keys.getByLabel('Public key').fill(KEY);
  await keys.getByRole('button', { name: 'Save key' }).click();
  const row = keys.getByRole('row', { name: /Work laptop/ });
  await expect(row).toContainText(FINGERPRINT);
  await expect(row).toContainText('Ed25519');
  await expect(row).toContainText('Never');
  await expect(keys.getByText(`Key “Work laptop” saved: ${FINGERPRINT}.`)).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await nav.getByRole('link', { name: 'Pods' }).click();
  await page.getByRole('link', { name: 'Launch pod' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Launch a dev pod' })).toBeVisible();
  // The saved key is offered, and chosen: nothing to paste.
  const choice = page.getByLabel('SSH key');
  await expect(choice.locator('option:checked')).toHaveText(`Work laptop (${FINGERPRINT})`);
  await expect(page.getByLabel('SSH public key')).toHaveCount(0);
  await page.getByRole('radiogroup', { name: 'GPU type' }).getByRole('radio', { name: 'NVIDIA L4', exact: true }).check();
  await page.getByLabel('Name').fill('laptop-key-pod');
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Launch pod' }).click();

  await expect(page).toHaveURL(/\/pods\/pod-[a-z0-9]+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'laptop-key-pod' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'is launched' })).toBeVisible();

  // Back on the Account page, the key shows it was used.
  await nav.getByRole('link', { name: 'Account' }).click();
  await expect(keys.getByRole('row', { name: /Work laptop/ })).not.toContainText('Never');
});
