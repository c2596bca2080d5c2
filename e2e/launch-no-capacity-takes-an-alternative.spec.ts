/**
 * B200s run out in Montréal: the console says so, offers what could launch instead, and one click
 * takes it; "notify me" is a watch kept by the API, there after a reload.
 */
import { test, expect, freshStart } from './fixtures';
import { dropExpectedRefusals, ED25519_KEY, launchThroughApi } from './pod-helpers';

test('no capacity → choose the same GPU in another region → launched, with everything else kept', async ({ page, consoleErrors }) => {
  await freshStart(page, '/pods/new');
  await page.getByRole('radiogroup', { name: 'GPU type' }).getByRole('radio', { name: 'NVIDIA B200 (HGX)' }).check();
  await page.getByLabel('GPU count').selectOption('8');
  await page.getByRole('radiogroup', { name: 'Region' }).getByRole('radio', { name: 'Montréal, Canada' }).check();
  await page.getByLabel('Disk size (GB)').fill('500');
  await page.getByLabel('Name').fill('llm-pretrain');
  await page.getByLabel('SSH public key').fill(ED25519_KEY);
  await page.getByRole('button', { name: 'Launch pod' }).click();

  const panel = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'No capacity for NVIDIA B200 (HGX) in Montréal' }) });
  await expect(panel).toContainText('Nothing was launched');
  await expect(panel.getByRole('button', { name: 'Use 8 × NVIDIA H200 SXM in Montréal' })).toBeVisible();
  // Montréal has only 4 B200s: 8 are never free there at once, so there is nothing to wait for.
  await expect(panel).toContainText('Montréal has 4 NVIDIA B200 (HGX) in all, so 8 are never free there at once.');
  await expect(panel.getByRole('checkbox')).toHaveCount(0);

  await panel.getByRole('button', { name: 'Use 8 × NVIDIA B200 (HGX) in Boden' }).click();
  await expect(page.getByRole('radiogroup', { name: 'Region' }).getByRole('radio', { name: 'Boden, Sweden' })).toBeChecked();
  await expect(page.getByLabel('Name')).toHaveValue('llm-pretrain');
  await expect(page.getByLabel('Disk size (GB)')).toHaveValue('500');
  await expect(page.getByLabel('GPU count')).toHaveValue('8');
  await page.getByRole('button', { name: 'Launch pod' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'llm-pretrain' })).toBeVisible();
  await expect(page.getByText('8 × NVIDIA B200 (HGX) · Boden')).toBeVisible();

  // Montréal's four B200s taken, four more are refused: ask to be told when they are free.
  await launchThroughApi(page, { name: 'holds-montreal', gpuTypeId: 'b200', gpuCount: 4, regionId: 'ca-mtl-1' });
  await page.goto('/pods/new?gpuTypeId=b200&gpuCount=4&regionId=ca-mtl-1&name=second-try');
  await page.getByLabel('SSH public key').fill(ED25519_KEY);
  await page.getByRole('button', { name: 'Launch pod' }).click();
  const notify = page.getByRole('checkbox', { name: 'Notify me when NVIDIA B200 (HGX) is available in Montréal' });
  await expect(notify).not.toBeChecked();
  // Once the console knows whether a watch exists (the box is busy until then).
  await expect(notify).not.toHaveAttribute('aria-busy', 'true');
  await notify.check();
  await expect(notify).toBeChecked();
  await expect(notify).toHaveAccessibleDescription(/We’ll tell you in the console and by e-mail when 4 NVIDIA B200 \(HGX\) GPUs are free in Montréal.*you can choose how on your Account page/);
  await expect(notify).toHaveAttribute('aria-busy', 'false');

  // After a reload, the same refusal finds the box ticked: the API keeps the watch.
  await page.reload();
  await page.getByRole('button', { name: 'Launch pod' }).click();
  await expect(page.getByRole('checkbox', { name: 'Notify me when NVIDIA B200 (HGX) is available in Montréal' })).toBeChecked();
  dropExpectedRefusals(consoleErrors, [409]);
});

test('"keep my data in Canada" keeps the alternatives in Canada', async ({ page, consoleErrors }) => {
  await freshStart(page, '/pods/new?gpuTypeId=b200&gpuCount=8&regionId=ca-mtl-1&name=canada-only');
  await page.getByLabel('Keep my data in').selectOption('Canada');
  await expect(page.getByRole('radiogroup', { name: 'Region' }).getByRole('radio')).toHaveCount(2);
  await page.getByLabel('SSH public key').fill(ED25519_KEY);
  await page.getByRole('button', { name: 'Launch pod' }).click();
  const panel = page.getByRole('alert').filter({ hasText: 'No capacity' });
  await expect(panel.getByRole('button', { name: /Use 8 × NVIDIA H200 SXM in Montréal/ })).toBeVisible();
  await expect(panel.getByRole('button', { name: /Boden/ })).toHaveCount(0);
  dropExpectedRefusals(consoleErrors, [409]);
});
