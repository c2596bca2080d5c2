/**
 * An admin launches a pod and stops it, then opens the Audit log: both changes are there with who
 * made them and what each does to the monthly bill (the stop a saving), filtered by What, and the
 * CSV export has the same rows with the same amounts, to the cent.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { test, expect, expectNoSeriousA11yViolations, freshStart, advanceClock } from './fixtures';
import { launchThroughApi } from './pod-helpers';
import { parseCsv } from '../src/lib/csv';

const statusBadge = (page: Page, status: string) => page.getByRole('banner').or(page.locator('header')).getByText(status, { exact: true });
/** "−$1,240.00 a month" → -124000; "+$350.40 a month" → 35040. */
const signedCents = (text: string) => Math.round(Number(text.replace(/[$,]|a month/g, '').replace('\u2212', '-').trim()) * 100);
const MONTHLY_EFFECT = /^[−+]\$[\d,]+\.\d\d a month$/;

test('launch and stop a pod, then find both in the Audit log with their monthly effect, and export them as CSV', async ({ page }) => {
  test.slow();
  const name = `audit-${Date.now().toString(36)}`;
  await freshStart(page, '/pods');
  const id = await launchThroughApi(page, { name, gpuTypeId: 'l4', gpuCount: 2 });
  await advanceClock(page, 30_000);
  await page.goto(`/pods/${id}`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(statusBadge(page, 'Running')).toBeVisible({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  await advanceClock(page, 10_000);
  await expect(statusBadge(page, 'Stopped')).toBeVisible({ timeout: 15_000 });

  await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  await expect(page).toHaveTitle(/^Audit log · /);
  const table = page.getByRole('table', { name: 'Audit log entries, newest first' });
  await expect(table).toBeVisible();

  // What: Pod stopped. The stop is Maya's, and saves money: a negative amount a month.
  await page.getByLabel('What').selectOption({ label: 'Pod stopped' });
  await expect(page).toHaveURL(/action=pod\.stop/);
  const stopRow = table.getByRole('row').filter({ hasText: `Stopped pod ${name}` });
  await expect(stopRow).toHaveCount(1);
  await expect(stopRow).toContainText('Maya Chen');
  await expect(stopRow.getByRole('listitem').filter({ hasText: /^Heading for:/ })).toContainText('running');
  const stopEffect = stopRow.getByText(MONTHLY_EFFECT);
  await expect(stopEffect).toHaveText(/^−/);
  const stopCents = signedCents((await stopEffect.textContent()) ?? '');
  expect(stopCents).toBeLessThan(0);
  await expect(table.getByRole('row').filter({ hasText: 'Launched pod' })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);

  // The CSV has every entry the filters match, with the same saving as exact dollars.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d\d-\d\d\.csv$/);
  const said = page.getByText(/^Exported \d+ entr(y|ies) to audit-log-\d{4}-\d\d-\d\d\.csv\.$/);
  await expect(said).toBeVisible();
  const rows = parseCsv((await readFile((await download.path())!, 'utf8')).replace(/^\ufeff/, ''));
  const header = rows[0]!;
  expect(header).toEqual(['When (UTC)', 'Who', 'Acting as', 'Token', 'From', 'Action', 'What', 'Target', 'Project', 'Change', 'Monthly effect (USD)']);
  expect(Number(/^Exported (\d+)/.exec((await said.textContent()) ?? '')?.[1])).toBe(rows.length - 1);
  const stopped = rows.find((r) => r[header.indexOf('What')] === `Stopped pod ${name}`)!;
  expect(stopped).toBeDefined();
  expect(stopped[header.indexOf('Who')]).toBe('Maya Chen');
  expect(stopped[header.indexOf('Action')]).toBe('Pod stopped');
  expect(stopped[header.indexOf('Project')]).toBe('Vision');
  expect(stopped[header.indexOf('Monthly effect (USD)')]).toMatch(/^-\d+\.\d\d$/);
  expect(Math.round(Number(stopped[header.indexOf('Monthly effect (USD)')]) * 100)).toBe(stopCents);
  expect(rows.slice(1).every((r) => r[header.indexOf('Action')] === 'Pod stopped')).toBe(true);

  // What: Pod launched. The launch adds to the bill; Clear filters shows both again.
  await page.getByLabel('What').selectOption({ label: 'Pod launched' });
  const launchRow = table.getByRole('row').filter({ hasText: `Launched pod ${name}` });
  await expect(launchRow).toHaveCount(1);
  await expect(launchRow.getByText(MONTHLY_EFFECT)).toHaveText(/^\+/);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).not.toHaveURL(/action=/);
  await expect(table.getByRole('row').filter({ hasText: new RegExp(`(Launched|Stopped) pod ${name}`) })).toHaveCount(2);
});

test('the Audit log passes axe in the dark theme, with its filters reachable by keyboard', async ({ page }) => {
  await freshStart(page, '/pods', 'dark');
  await launchThroughApi(page, { name: 'audit-dark' });
  await page.goto('/audit');
  await expect(page.getByRole('table', { name: 'Audit log entries, newest first' }).getByRole('row').filter({ hasText: 'Launched pod audit-dark' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel('Who').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('What')).toBeFocused();
});
