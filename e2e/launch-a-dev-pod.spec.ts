/** An engineer launches a dev pod with the full cost in view, then watches it start and connects. */
import { test, expect, expectNoSeriousA11yViolations, freshStart, advanceClock } from './fixtures';
import { ED25519_KEY } from './pod-helpers';

test('launch a pod from the Pods page: estimate first, then it queues, runs and can be connected to', async ({ page }) => {
  await freshStart(page, '/pods');
  await page.getByRole('link', { name: 'Launch pod' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Launch a dev pod' })).toBeVisible();

  await page.getByRole('radiogroup', { name: 'GPU type' }).getByRole('radio', { name: 'NVIDIA L4', exact: true }).check();
  await page.getByLabel('GPU count').selectOption('2');
  await page.getByRole('radiogroup', { name: 'Region' }).getByRole('radio', { name: /Toronto/ }).check();
  await page.getByLabel('Image').selectOption({ label: 'JAX 0.8 · CUDA 12.8' });
  await page.getByLabel('Disk size (GB)').fill('250');
  await page.getByLabel('Auto-stop when idle').selectOption({ label: 'After 1 hour idle' });
  await page.getByLabel('Name').fill('ana-jax-explore');
  await page.getByLabel('SSH public key').fill(ED25519_KEY);

  // L4 in Toronto: $0.44/h per GPU (0.42 × 1.04) × 2; disk 250 GB at $0.10/GB-month = $25/month.
  const estimate = page.getByRole('region', { name: 'Cost estimate' });
  const total = estimate.getByRole('row', { name: /^Total/ });
  await expect(estimate.getByRole('row', { name: /GPU compute \(2 × NVIDIA L4\)/ })).toContainText('$0.88');
  await expect(estimate.getByRole('row', { name: /Disk \(250 GB\)/ })).toContainText('$25.00');
  await expect(total).toContainText('$0.91'); // $0.88 + $0.0347 disk per hour
  await expect(total).toContainText('$658.60'); // 720 h × $0.88 + $25.00
  await expect(estimate).toContainText('kg CO2e');
  await expectNoSeriousA11yViolations(page);

  await page.getByRole('button', { name: 'Launch pod' }).click();
  await expect(page).toHaveURL(/\/pods\/pod-[a-z0-9]+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'ana-jax-explore' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'is launched' })).toBeVisible();
  await expect(page.getByText(/^(Queued|Provisioning)$/).first()).toBeVisible();
  await advanceClock(page, 30_000);
  await expect(page.getByText('Running', { exact: true }).first()).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('button', { name: 'Copy SSH command' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open JupyterLab' })).toHaveAttribute('href', /^https:\/\//);
  await expect(page.getByRole('list', { name: 'Lifecycle events' })).toContainText('Launched by Maya Chen');
  await expectNoSeriousA11yViolations(page);

  // The new pod is in the list, with its GPUs and region.
  await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Pods' }).click();
  await page.getByLabel('Search pods').fill('ana-jax');
  await expect(page.getByRole('row', { name: /ana-jax-explore/ })).toContainText('2 × NVIDIA L4');
  await expect(page).toHaveURL(/q=ana-jax/);
});

test('the launch form, the pod list and a pod page pass axe in the dark theme', async ({ page }) => {
  await freshStart(page, '/pods/new', 'dark');
  await expect(page.getByRole('region', { name: 'Cost estimate' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.goto('/pods?status=running');
  const first = page.getByRole('table', { name: 'Pods' }).getByRole('row').nth(1).getByRole('link').first();
  await expect(first).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await first.click();
  await expect(page.getByRole('heading', { name: 'GPU metrics' })).toBeVisible();
  await expect(page.getByRole('img', { name: /GPU utilization per GPU/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Table' }).click();
  await expect(page).toHaveURL(/view=table/);
  await expect(page.getByRole('table', { name: /GPU 0: each row averages/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
