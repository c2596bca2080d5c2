/** A wrong SSH key is caught at its field, in plain words, and nothing typed is lost — not even by a reload. */
import { test, expect, freshStart } from './fixtures';
import { dropExpectedRefusals, ED25519_KEY, RSA_1024_KEY } from './pod-helpers';

test('an RSA key of 1024 bits is refused with the reason, the form keeps everything, and the fixed key launches', async ({ page }) => {
  await freshStart(page, '/pods/new');
  await page.getByRole('radiogroup', { name: 'GPU type' }).getByRole('radio', { name: 'NVIDIA A10', exact: true }).check();
  await page.getByLabel('Name').fill('ssh-check');
  await page.getByLabel('Disk size (GB)').fill('120');
  await page.getByLabel('SSH public key').fill(RSA_1024_KEY);
  await page.getByRole('button', { name: 'Launch pod' }).click();

  const key = page.getByLabel('SSH public key');
  await expect(key).toHaveAccessibleDescription(/This RSA key has 1024 bits; use one of at least 2048 bits/);
  await expect(key).toHaveAttribute('aria-invalid', 'true');
  await expect(key).toBeFocused();
  await expect(page.getByRole('alert').filter({ hasText: 'nothing was sent' })).toBeVisible();

  // A key whose type says one thing and whose data says another is caught too.
  await key.fill(ED25519_KEY.replace('ssh-ed25519', 'ssh-rsa'));
  await expect(key).toHaveAccessibleDescription(/says “ssh-rsa” but the key inside is “ssh-ed25519”/);

  await page.reload();
  await expect(page.getByLabel('Name')).toHaveValue('ssh-check');
  await expect(page.getByLabel('Disk size (GB)')).toHaveValue('120');
  await expect(page.getByRole('radiogroup', { name: 'GPU type' }).getByRole('radio', { name: 'NVIDIA A10', exact: true })).toBeChecked();

  await page.getByLabel('SSH public key').fill(ED25519_KEY);
  await page.getByRole('button', { name: 'Launch pod' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ssh-check' })).toBeVisible();
});

test('the API’s answer lands at the field too: a name already taken in the project', async ({ page, consoleErrors }) => {
  await freshStart(page, '/pods/new');
  await page.getByLabel('Name').fill('twin');
  await page.getByLabel('SSH public key').fill(ED25519_KEY);
  await page.getByRole('button', { name: 'Launch pod' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'twin' })).toBeVisible();
  await page.goto('/pods/new');
  await page.getByLabel('Name').fill('twin');
  await page.getByRole('button', { name: 'Launch pod' }).click();
  await expect(page.getByLabel('Name')).toHaveAccessibleDescription(/A pod named “twin” already exists in this project/);
  await expect(page.getByLabel('SSH public key')).toHaveValue(ED25519_KEY);
  dropExpectedRefusals(consoleErrors, [400]);
});
