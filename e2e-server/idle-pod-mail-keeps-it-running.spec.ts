/**
 * An engineer's pod goes idle: the notification centre says so, an e-mail arrives (at the run's
 * real SMTP server, e2e-server/mail-sink.ts), and its "Keep it running" link, opened where the
 * mail is read (another browser, no session), keeps the pod running; the link then works no more.
 */
import { test, expect, advanceClock, expectNoSeriousA11yViolations, fetchApi } from '../e2e/fixtures';
import { launchThroughApi } from '../e2e/pod-helpers';
import { readMails } from './mail-sink';

test.use({ signedIn: false });

test('an idle pod’s owner is told in the console and by e-mail, and the e-mail’s link keeps it running', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const created = await page.request.post('/api/testing/organizations', { data: {} });
  expect(created.status()).toBe(201);
  const { users, password } = (await created.json()) as { users: Array<{ id: string; email: string; role: string }>; password: string };
  const ana = users.find((u) => u.id === 'u-ana')!;
  const maya = users.find((u) => u.id === 'u-maya')!;
  expect(ana.role).toBe('engineer');

  // Ana, an engineer, signs in and launches a notebook that auto-stops after 30 idle minutes.
  expect((await page.request.post('/api/v1/auth/sign-in', { data: { email: ana.email, password } })).status()).toBe(200);
  await page.goto('/pods');
  const id = await launchThroughApi(page, { name: 'idle-notebook', projectId: 'p-vision', gpuTypeId: 'l40s', autoStopIdleMinutes: 30 });

  // Maya, an admin, moves the demo clock (admins only) until the console has told Ana her pod is idle.
  const admin = await (await browser.newContext()).newPage();
  expect((await admin.request.post('/api/v1/auth/sign-in', { data: { email: maya.email, password } })).status()).toBe(200);
  await admin.goto('/pods');
  await admin.getByRole('heading', { level: 1 }).first().waitFor();
  let told = false;
  for (let i = 0; i < 150 && !told; i++) {
    await advanceClock(admin, 5 * 60_000);
    const list = await fetchApi<{ items: Array<{ kind: string; link: string | null }> }>(page, 'GET', '/v1/notifications?limit=20');
    told = list.body.items.some((n) => n.kind === 'pod.idle' && n.link === `/pods/${id}`);
  }
  expect(told, 'the console told Ana her pod is idle').toBe(true);

  // The notification centre in the header says so.
  await page.reload();
  const bell = page.getByRole('button', { name: /^Notifications, [1-9]\d* unread$/ });
  await bell.click();
  const centre = page.getByRole('region', { name: 'Notifications' });
  await expect(centre.getByRole('link', { name: /^idle-notebook is idle: it stops at / })).toBeVisible();

  // So does an e-mail to Ana, with the two links.
  let mail: Awaited<ReturnType<typeof readMails>>[number] | undefined;
  await expect
    .poll(
      async () => {
        mail = (await readMails()).find((m) => m.recipient === ana.email && String(m.headers.get('x-northlight-kind')) === 'pod.idle' && (m.subject ?? '').startsWith('idle-notebook is idle'));
        return Boolean(mail);
      },
      { timeout: 30_000, message: 'the idle e-mail reached Ana' },
    )
    .toBe(true);
  const text = mail!.text ?? '';
  expect(text).toContain('Every GPU of idle-notebook has been idle since');
  const keepLink = /^Keep it running 2 more hours: (\S+)$/m.exec(text)?.[1];
  expect(keepLink, text).toMatch(/\/pod-action#nla_/);
  expect(text).toMatch(/^Stop it now: \S+\/pod-action#nla_/m);

  // Ana opens the link on her phone: no session there. The page asks first; the button keeps it running.
  const phone = await (await browser.newContext()).newPage();
  await phone.goto(keepLink!);
  await expect(phone.getByRole('heading', { level: 1, name: 'An idle pod' })).toBeVisible();
  await expect(phone.getByText(/^Keep idle-notebook running for another 2 hours\?$/)).toBeVisible();
  await expect(phone.getByText(`This link was sent to ${ana.email} and acts as them`, { exact: false })).toBeVisible();
  expect(phone.url(), 'the secret leaves the address bar').not.toContain('nla_');
  await expectNoSeriousA11yViolations(phone);
  await phone.getByRole('button', { name: 'Keep it running' }).click();
  await expect(phone.getByRole('status')).toContainText('Kept idle-notebook running: its auto-stop countdown is paused for 2 hours.');

  // In the console, the pod's auto-stop is paused, and the log says Ana kept it running.
  await page.goto(`/pods/${id}`);
  const panel = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Auto-stop when idle' }) });
  await expect(panel).toContainText(/Auto-stop is paused until /);
  await expect(page.getByText('Running', { exact: true }).first()).toBeVisible();

  // The link worked once: opened again (a new tab), it says when and what it did.
  const again = await phone.context().newPage();
  await again.goto(keepLink!);
  await expect(again.getByRole('alert')).toContainText(/The links in this e-mail work once, and one was used on .*: Kept idle-notebook running/);
});
