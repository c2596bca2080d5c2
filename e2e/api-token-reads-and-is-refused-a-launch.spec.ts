/**
 * A script's token: an engineer creates a read-only API token on the Account page, copies it
 * (shown once), and on the real server a cookieless client ("curl") lists pods with it and is
 * refused a launch; after the token is revoked in the console, the same call is refused.
 */
import { test, expect, expectNoSeriousA11yViolations, freshStart, SERVER_TARGET } from './fixtures';
import { ED25519_KEY } from './pod-helpers';

test('create a read-only token, use it as a script would, and revoke it', async ({ page, request, baseURL }) => {
  await freshStart(page, '/');
  await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Account' })).toBeVisible();

  // A token with no name is refused at its field.
  const form = page.getByRole('form', { name: 'New token' });
  await form.getByRole('button', { name: 'Create token' }).click();
  await expect(form.getByLabel('Token name')).toHaveAccessibleDescription(/Give the token a name/);
  await form.getByLabel('Token name').fill('nightly report');
  await expect(form.getByRole('checkbox', { name: /Read-only/ })).toBeChecked();
  await form.getByLabel('Expires after').selectOption({ label: '7 days' });
  await form.getByRole('button', { name: 'Create token' }).click();

  // Shown once, with focus on the notice so it can be copied at once.
  await expect(page.getByRole('heading', { name: /Token “nightly report” created\. Copy it now/ })).toBeFocused();
  const secret = await page.getByLabel('Your new token').inputValue();
  expect(secret).toMatch(/^nlt_[\w-]{43}$/);
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByLabel('Your new token')).toHaveCount(0);

  const tokens = page.getByRole('table', { name: /API tokens/ });
  const row = tokens.getByRole('row', { name: /nightly report/ });
  await expect(row).toContainText('read-only');
  await expect(row).toContainText(secret.slice(0, 12));
  await expect(row).toContainText('Never');
  await expect(row).toContainText('Active');

  if (SERVER_TARGET) {
    // A script: no cookie, no CSRF token, just the token.
    const auth = { authorization: `Bearer ${secret}` };
    const pods = await request.get(`${baseURL}/api/v1/pods?limit=5`, { headers: auth });
    expect(pods.status()).toBe(200);
    expect(((await pods.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
    const launch = await request.post(`${baseURL}/api/v1/pods`, {
      headers: { ...auth, 'Idempotency-Key': 'token-journey-1' },
      data: { name: 'from-a-script', projectId: 'p-vision', gpuTypeId: 'l4', gpuCount: 1, regionId: 'ca-mtl-1', imageId: 'pytorch-2.9-cuda12.8', diskGb: 100, autoStopIdleMinutes: null, sshPublicKey: ED25519_KEY },
    });
    expect(launch.status()).toBe(403);
    expect(launch.headers()['content-type']).toBe('application/problem+json');
    expect(((await launch.json()) as { detail: string }).detail).toMatch(/read-only/);
    // The console shows when and from where it was last used.
    await page.reload();
    await expect(page.getByRole('table', { name: /API tokens/ }).getByRole('row', { name: /nightly report/ })).toContainText('from 127.0.0.1');
  }

  await page.getByRole('table', { name: /API tokens/ }).getByRole('button', { name: 'Revoke nightly report…' }).click();
  await page.getByRole('button', { name: 'Revoke “nightly report”' }).click();
  await expect(page.getByText('Token “nightly report” revoked')).toBeFocused();
  await expect(page.getByRole('table', { name: /API tokens/ }).getByRole('row', { name: /nightly report/ })).toContainText('Revoked');

  if (SERVER_TARGET) {
    const refused = await request.get(`${baseURL}/api/v1/pods?limit=5`, { headers: { authorization: `Bearer ${secret}` } });
    expect(refused.status()).toBe(401);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/revoked/);
  }
});
