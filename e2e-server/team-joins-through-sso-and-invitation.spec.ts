/**
 * Against the real server, with a real OpenID provider (oidc-provider, started by this test):
 * an admin sets up single sign-on on the Members page, and a new colleague signs in through the
 * provider, joining just in time; the admin invites an engineer, who opens the link in their own
 * browser, joins, saves an SSH key and launches a pod with it; the admin applies a cheaper-tier
 * recommendation; the Audit log shows all of it, with what each change does to the monthly bill.
 */
import type { Browser, Page } from '@playwright/test';
import { test, expect, expectNoSeriousA11yViolations, advanceClock, callApi } from '../e2e/fixtures';
import { startTestProvider, type TestProvider } from '../server/testing/oidc-provider';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILpL79jdW7UPZcCM633q03DM9lLSoA+/dRcs2IPmSbKe noah@laptop';
const FINGERPRINT = 'SHA256:N9c2EIhD9toEo/rO31ZmQI14z7I3Q4mJxf6P/cTpPSA';
const MONTHLY_EFFECT = /[−+]\$[\d,]+\.\d\d a month/;

let provider: TestProvider | null = null;
test.afterEach(async () => {
  await provider?.close();
  provider = null;
});

async function newPerson(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, timezoneId: 'UTC' });
  return context.newPage();
}

test('single sign-on and an invitation bring two people in; the Audit log shows it all with the monthly effect of an applied recommendation', async ({ page, browser, baseURL }) => {
  test.slow();
  await page.goto('/members');
  await expect(page.getByRole('heading', { level: 1, name: 'Members' })).toBeVisible();
  const me = await callApi<{ user: { email: string } }>(page, 'GET', '/v1/session');
  const domain = me.user.email.split('@')[1]!;
  provider = await startTestProvider({ redirectUris: [`${baseURL}/api/v1/auth/sso/callback`] });
  provider.accounts.set(`lea@${domain}`, { email: `lea@${domain}`, name: 'Léa Martin', groups: ['ml-engineers'] });

  // 1. The admin sets up single sign-on.
  const sso = page.getByRole('form', { name: 'Set up single sign-on' });
  await expect(page.getByLabel('Redirect URI to register at your provider')).toHaveValue(`${baseURL}/api/v1/auth/sso/callback`);
  await sso.getByLabel('Issuer URL').fill(provider.issuer);
  await sso.getByLabel('Client ID').fill(provider.clientId);
  await sso.getByLabel('Client secret').fill(provider.clientSecret);
  await sso.getByLabel('Scopes').fill('openid email profile groups');
  await sso.getByLabel('Allowed e-mail domains').fill(domain);
  await sso.getByLabel('Groups that make admins').fill('nl-admins');
  await sso.getByRole('checkbox', { name: 'Vision' }).check();
  await sso.getByRole('checkbox', { name: /^On: / }).check();
  await sso.getByRole('button', { name: 'Save single sign-on' }).click();
  await expect(page.getByText(/Last changed by Maya Chen/)).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // 2. Léa, new here, signs in through the provider and joins as an engineer in Vision.
  const lea = await newPerson(browser, baseURL!);
  await lea.goto('/sign-in');
  await lea.getByRole('button', { name: 'Use single sign-on' }).click();
  await lea.getByLabel('Work e-mail').fill(`lea@${domain}`);
  await lea.getByRole('button', { name: 'Continue with single sign-on' }).click();
  // The provider's own login page (its development one: any password).
  await expect(lea).toHaveURL(new RegExp(`^${provider.issuer}/interaction/`));
  await expect(lea.getByPlaceholder('Enter any login')).toHaveValue(`lea@${domain}`);
  await lea.getByPlaceholder('and password').fill('anything at all');
  await lea.getByRole('button', { name: 'Sign-in' }).click();
  await expect(lea).toHaveURL(`${baseURL}/`);
  await expect(lea.getByText('Léa Martin').first()).toBeVisible();
  await lea.context().close();

  // 3. The admin invites Noah, an engineer in Vision; the link is shown once.
  await page.reload();
  await expect(page.getByRole('row', { name: /Léa Martin/ })).toContainText('Single sign-on');
  const invite = page.getByRole('form', { name: 'Invite someone' });
  await invite.getByLabel('E-mail').fill(`noah@${domain}`);
  await invite.getByLabel('Role').selectOption('engineer');
  await invite.getByRole('checkbox', { name: 'Vision' }).check();
  await invite.getByRole('button', { name: 'Invite' }).click();
  const link = await page.getByLabel('Invitation link').inputValue();
  expect(link).toMatch(new RegExp(`^${baseURL}/join#nli_`));

  // 4. Noah joins in his own browser, saves his key and launches a pod with it.
  const noah = await newPerson(browser, baseURL!);
  await noah.goto(link);
  await expect(noah.getByText('Maya Chen invited you to Lumen AI as engineer.')).toBeVisible();
  await expect(noah).toHaveURL(`${baseURL}/join`);
  await noah.getByLabel('Your name').fill('Noah Berg');
  await noah.getByLabel('Password').fill('a long enough passphrase');
  await noah.getByRole('button', { name: 'Join Lumen AI' }).click();
  await expect(noah.getByText('Noah Berg').first()).toBeVisible();
  await noah.goto('/account');
  const keys = noah.locator('section').filter({ has: noah.getByRole('heading', { level: 2, name: 'SSH keys' }) });
  await keys.getByLabel('Name').fill('Noah laptop');
  await keys.getByLabel('Public key').fill(KEY);
  await keys.getByRole('button', { name: 'Save key' }).click();
  await expect(keys.getByRole('row', { name: /Noah laptop/ })).toContainText(FINGERPRINT);
  await noah.goto('/pods/new');
  await expect(noah.getByLabel('SSH key').locator('option:checked')).toHaveText(`Noah laptop (${FINGERPRINT})`);
  await noah.getByRole('radiogroup', { name: 'GPU type' }).getByRole('radio', { name: 'NVIDIA L4', exact: true }).check();
  await noah.getByLabel('Name').fill('noah-first-pod');
  await noah.getByRole('button', { name: 'Launch pod' }).click();
  await expect(noah.getByRole('heading', { level: 1, name: 'noah-first-pod' })).toBeVisible();
  await noah.context().close();

  // 5. The admin applies a cheaper-tier recommendation through the launch form.
  await page.goto('/recommendations');
  const card = page.getByRole('article').filter({ hasText: 'Cheaper GPU tier' }).first();
  const oldName = ((await card.getByRole('heading', { level: 3 }).textContent()) ?? '').replace(/^Move (.+) to .*$/, '$1');
  await card.getByRole('link', { name: 'Apply in the launch form' }).click();
  await expect(page.getByRole('checkbox', { name: `Stop ${oldName} once the new pod is running` })).toBeChecked();
  await page.getByRole('button', { name: 'Launch pod' }).click();
  await expect(page).toHaveURL(/\/pods\/pod-[a-z0-9]+$/);
  await advanceClock(page, 60_000);

  // 6. The Audit log has all of it.
  await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  const rows = page.getByRole('row');
  await expect(rows.filter({ hasText: 'Single sign-on changed' }).first()).toContainText(`Set up single sign-on with ${provider.issuer} for ${domain}`);
  await expect(rows.filter({ hasText: 'Léa Martin joined as engineer through single sign-on' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'Léa Martin signed in with single sign-on' })).toHaveCount(1);
  await expect(rows.filter({ hasText: `Invited noah@${domain} as engineer (Vision)` })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'Noah Berg joined as engineer (invited by Maya Chen; Vision)' })).toHaveCount(1);
  const noahsPod = rows.filter({ hasText: 'noah-first-pod' }).first();
  await expect(noahsPod).toContainText('Noah Berg');
  await expect(noahsPod).toContainText(/\+\$[\d,]+\.\d\d a month/);
  const applied = rows.filter({ hasText: `${oldName}-rtx6000-ada` }).first();
  await expect(applied).toContainText(MONTHLY_EFFECT);
  await expect(applied).toContainText(/−\$[\d,]+\.\d\d a month/);
  await expectNoSeriousA11yViolations(page);
});
