/**
 * Availability before submit and the no-capacity answer (issue 17, points 6 and 9): the B200 card
 * says "4 free" and asking for 8 is answered at the GPU count field before Launch; launched from
 * the keyboard anyway, the no-capacity answer takes the focus (never <body>) and says which
 * alternatives have less memory.
 */
import { test, expect, freshStart } from './fixtures';
import { dropExpectedRefusals, ED25519_KEY } from './pod-helpers';

test('8 × B200 where 4 are free: said at the field before submit; the refusal takes the focus and names less memory plainly', async ({ page, consoleErrors }) => {
  await freshStart(page, '/pods/new?gpuTypeId=b200&regionId=ca-mtl-1&gpuCount=1&name=needs-eight');
  const b200 = page.getByRole('radiogroup', { name: 'GPU type' }).getByRole('radio', { name: 'NVIDIA B200 (HGX)' });
  await expect(b200).toBeChecked();
  await expect(b200).toHaveAccessibleDescription(/4 free/);
  const count = page.getByLabel('GPU count');
  await count.selectOption('8');
  await expect(count).toHaveAccessibleDescription(/Only 4 NVIDIA B200 \(HGX\) are free in Montréal right now, so 8 would be refused\. You can choose 1, 2 or 4 GPUs here, or launch 8 in Boden/);
  await expect(page.getByText('so 8 would be refused')).toBeVisible();

  await page.getByLabel('SSH public key').fill(ED25519_KEY);
  await page.getByLabel('Name').press('Enter');
  const panel = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'No capacity for NVIDIA B200 (HGX) in Montréal' }) });
  await expect(panel).toBeVisible();
  await expect(panel).toBeFocused();
  expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('BODY');
  await expect(panel).toContainText('other GPU, less memory: 141 GB per GPU, not 180 GB');
  await expect(panel.getByRole('button', { name: /H100/ })).toHaveCount(0);
  // Tab goes on into the answer's choices.
  await page.keyboard.press('Tab');
  await expect(panel.getByRole('button').first()).toBeFocused();
  dropExpectedRefusals(consoleErrors, [409]);
});
