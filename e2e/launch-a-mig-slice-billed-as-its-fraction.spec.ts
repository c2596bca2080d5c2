/** An engineer launches a pod on a MIG slice of an H100 and sees it priced and billed as its share of the GPU (issue 18, point 4). */
import { test, expect, expectNoSeriousA11yViolations, freshStart, advanceClock, callApi } from './fixtures';
import { ED25519_KEY } from './pod-helpers';

interface PodAnswer {
  id: string;
  projectId: string;
  migProfile: string | null;
  gpuRateMicroUsdPerHour: number;
  costToDateCents: number;
  diskRateMicroUsdPerHour: number;
}

test('a 1g.10gb slice of an H100 costs a seventh of the GPU before launch, on its page and in the ledger', async ({ page }) => {
  await freshStart(page, '/pods/new');
  await page.getByRole('radiogroup', { name: 'GPU type' }).getByRole('radio', { name: 'NVIDIA H100 SXM 80GB', exact: true }).check();
  await page.getByRole('radiogroup', { name: 'Region' }).getByRole('radio', { name: /Montréal/ }).check();
  const estimate = page.getByRole('region', { name: 'Cost estimate' });
  // The whole GPU in Montréal: $2.49 an hour.
  await expect(estimate.getByRole('row', { name: /GPU compute \(1 × NVIDIA H100 SXM 80GB\)/ })).toContainText('$2.49');

  await page.getByRole('group', { name: 'GPU share' }).getByRole('radio', { name: 'MIG slice' }).check();
  const slice = page.getByLabel('Slice of NVIDIA H100 SXM 80GB');
  await expect(slice.getByRole('option', { name: '1g.10gb: 1/7 of the GPU, 10 GB, $0.36/h' })).toBeAttached();
  await slice.selectOption('1g.10gb');
  // $2.49 ÷ 7 = $0.3557 → $0.36 an hour (whole cents: domain/mig.ts); 720 h → $259.20.
  const gpuRow = estimate.getByRole('row', { name: /GPU compute \(1g\.10gb slice of NVIDIA H100 SXM 80GB\)/ });
  await expect(gpuRow).toContainText('$0.36');
  await expect(gpuRow).toContainText('$259.20');
  await expect(page.getByLabel('GPU count')).toHaveValue('1');
  await page.getByLabel('Name').fill('small-model-slice');
  await page.getByLabel('SSH public key').fill(ED25519_KEY);
  await expectNoSeriousA11yViolations(page);

  await page.getByRole('button', { name: 'Launch pod' }).click();
  await expect(page).toHaveURL(/\/pods\/pod-[a-z0-9]+$/);
  const podId = page.url().split('/').at(-1)!;
  await expect(page.getByRole('heading', { level: 1, name: 'small-model-slice' })).toBeVisible();
  await expect(page.getByText(/NVIDIA H100 SXM 80GB · 1g\.10gb slice · Montréal/)).toBeVisible();
  await advanceClock(page, 30_000);
  await expect(page.getByText('Running', { exact: true }).first()).toBeVisible({ timeout: 15_000 });
  // Its rate on the page: the slice's $0.36/h, not the GPU's $2.49/h.
  await expect(page.getByText(/GPUs \$0\.36\/h \+ disk/)).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // Three hours on: billed as a seventh of the GPU, and counted as a seventh of a GPU's seconds.
  await advanceClock(page, 3 * 3_600_000);
  const pod = await callApi<PodAnswer>(page, 'GET', `/v1/pods/${podId}`);
  expect(pod.migProfile).toBe('1g.10gb');
  expect(pod.gpuRateMicroUsdPerHour).toBe(360_000);
  // At most 3 h of GPU at $0.36 plus 3 h of disk; a whole H100 would have cost $7.47.
  const diskCents = (3 * pod.diskRateMicroUsdPerHour) / 10_000;
  expect(pod.costToDateCents).toBeGreaterThanOrEqual(3 * 36 - 2);
  expect(pod.costToDateCents).toBeLessThanOrEqual(3 * 36 + 2 + Math.ceil(diskCents) + 1);
  const breakdown = await callApi<{ rows: Array<{ id: string; figures: { spendCents: number; allocatedGpuSeconds: number } }> }>(page, 'GET', '/v1/utilization/breakdown?range=24h&by=pod&limit=500');
  const row = breakdown.rows.find((r) => r.id === podId);
  // The waste ledger: about 3 × 3,600 ÷ 7 = 1,543 GPU-seconds (a whole GPU would be 10,800), billed at $0.36 an hour.
  expect(row, 'the slice pod in the utilization breakdown').toBeDefined();
  expect(row!.figures.allocatedGpuSeconds).toBeGreaterThanOrEqual(1_530);
  expect(row!.figures.allocatedGpuSeconds).toBeLessThanOrEqual(1_550);
  expect(Math.abs(row!.figures.spendCents - 3 * 36)).toBeLessThanOrEqual(2);

  // The pods' list says what it holds.
  await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Pods' }).click();
  await page.getByLabel('Search pods').fill('small-model-slice');
  await expect(page.getByRole('row', { name: /small-model-slice/ })).toContainText('NVIDIA H100 SXM 80GB · 1g.10gb slice');

  // Billing names the slice among the pods behind its project, at its slice's cost.
  await page.goto(`/billing?view=table&by=project&drill=${pod.projectId}`);
  const items = page.getByRole('table', { name: /^What makes up / });
  await expect(items.getByRole('row', { name: /small-model-slice/ })).toContainText('NVIDIA H100 SXM 80GB · 1g.10gb slice', { timeout: 15_000 });
  await expectNoSeriousA11yViolations(page);
});

test('a forgotten A100 kept up on purpose: its recommendation moves it to a 1g.10gb slice, the launch form prefilled with it', async ({ page }) => {
  // The default world's sam-test-q: an A100 in Boden holding 4.8 GiB with its SMs idle. Auto-stop comes
  // first; once it is dismissed ("needs the current setup"), the cheapest change is a slice of the same GPU:
  // 1g.10gb at $0.19/h ($1.33 ÷ 7) instead of $1.33/h, cheaper than the cheapest whole GPU that fits (an L4, $0.40/h).
  await freshStart(page, '/recommendations?kind=auto-stop');
  const autoStop = page.getByRole('article').filter({ has: page.getByRole('heading', { level: 3, name: 'Turn on auto-stop for sam-test-q' }) });
  await autoStop.getByRole('button', { name: 'Dismiss…' }).click();
  await autoStop.getByRole('radio', { name: 'The workload needs the current setup' }).check();
  await autoStop.getByRole('button', { name: 'Dismiss', exact: true }).click();
  await expect(page.getByText(/^Dismissed: Turn on auto-stop for sam-test-q\./)).toBeVisible();

  await page.getByLabel('Kind').selectOption('MIG slice');
  await expect(page).toHaveURL(/kind=mig-slice/);
  const card = page.getByRole('article').filter({ has: page.getByRole('heading', { level: 3, name: 'Move sam-test-q to a 1g.10gb slice of its NVIDIA A100 SXM 80GB' }) });
  await expect(card).toContainText('A 1g.10gb slice (1/7 of the GPU: 45 TFLOPS, 10 GiB) in Boden');
  await expect(card).toContainText('at $0.19/h instead of $1.33/h (the cheapest whole GPU that fits, an NVIDIA L4 in Boden');
  await expectNoSeriousA11yViolations(page);

  await card.getByRole('link', { name: 'Apply in the launch form' }).click();
  await expect(page).toHaveURL(/\/pods\/new\?.*migProfile=1g\.10gb/);
  await expect(page.getByRole('group', { name: 'GPU share' }).getByRole('radio', { name: 'MIG slice' })).toBeChecked();
  await expect(page.getByLabel('Slice of NVIDIA A100 SXM 80GB')).toHaveValue('1g.10gb');
  await expect(page.getByRole('region', { name: 'Cost estimate' }).getByRole('row', { name: /GPU compute \(1g\.10gb slice of NVIDIA A100 SXM 80GB\)/ })).toContainText('$0.19');
  await expect(page.getByText(/Stop sam-test-q once the new pod is running/)).toBeVisible();
});
