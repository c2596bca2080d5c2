/**
 * A presenter picks a scenario, runs the guided story to its end and sees the saving on Billing,
 * reloads and finds the same state, resets to the start, and shows the console as finance.
 */
import type { Page } from '@playwright/test';
import { test, expect, expectNoSeriousA11yViolations, freshStart } from './fixtures';

function forecastFigure(page: Page) {
  return page.locator('dl').filter({ has: page.getByText(/^Forecast for November 2026$/) }).locator('dd').first();
}

async function openDemoPanel(page: Page) {
  await page.getByRole('button', { name: 'Demo' }).click();
  const panel = page.getByRole('region', { name: 'Presenter controls' });
  await expect(panel.getByRole('group', { name: 'Scenario' })).toBeVisible();
  return panel;
}

/**
 * The story's figures are the 30-day waste ledger and its previous 30 days: the simulator builds
 * every 5-minute period of those 60 days on first use (issue 14), seconds on a loaded machine.
 */
const LEDGER = { timeout: 30_000 };

test('pick a scenario, tell the story to a saving on Billing, reload, reset, and view as finance', async ({ page }) => {
  test.setTimeout(120_000);
  await freshStart(page, '/');
  await expect(page.getByText('Admin · Lumen AI')).toBeVisible();

  // Pick the startup.
  let panel = await openDemoPanel(page);
  await panel.getByRole('radio', { name: 'AI startup burning cash' }).check();
  await panel.getByRole('button', { name: 'Load scenario' }).click();
  await expect(panel.getByText('Loaded “AI startup burning cash”, at its start.')).toBeVisible();
  await expect(page.getByText('Admin · Blitzscale AI')).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // The story, step by step.
  await panel.getByRole('button', { name: 'Start the guided tour' }).click();
  const tour = page.getByRole('dialog', { name: /^Guided tour · step 1 of 6/ });
  await expect(tour.getByRole('heading', { name: 'GPUs paid for, doing nothing' })).toBeFocused();
  await expect(page).toHaveURL(/\/utilization\?range=30d$/);
  await expect(tour).toContainText(/\$[\d,]+ of the \$[\d,]+ spent on GPUs \(\d+%\)/, LEDGER);
  await expectNoSeriousA11yViolations(page);
  // Keyboard: from the step's title, Tab reaches Back (disabled, skipped) then Next.
  await page.keyboard.press('Tab');
  await expect(tour.getByRole('button', { name: 'Next' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: /step 2 of 6/ }).getByRole('heading', { name: 'Idle at this moment' })).toBeFocused();
  await expect(page.getByRole('dialog', { name: /step 2 of 6/ })).toContainText(/\d+ running pods? (has|have) every GPU idle right now/);
  await page.getByRole('dialog', { name: /Guided tour/ }).getByRole('button', { name: 'Next' }).click();
  await expect(page).toHaveURL(/\/recommendations$/);
  const step3 = page.getByRole('dialog', { name: /step 3 of 6/ });
  await expect(step3).toContainText(/\d+ recommendations worth \$[\d,]+ a month/);
  await step3.getByRole('button', { name: 'Next' }).click();

  const step4 = page.getByRole('dialog', { name: /step 4 of 6/ });
  await expect(step4.getByRole('heading', { name: 'Apply the biggest one-click fix' })).toBeFocused();
  await expect(step4).toContainText(/Run .+ on 1 GPU instead of 8: it saves \$[\d,]+ a month/);
  const applied = ((await step4.locator('strong').first().textContent()) ?? '').trim();
  await step4.getByRole('button', { name: 'Apply it' }).click();
  await expect(step4).toContainText(`Applied: ${applied}.`);
  await step4.getByRole('button', { name: 'Next' }).click();

  // The saving lands on Billing: the page's forecast is the tour's "now", below the one before.
  await expect(page).toHaveURL(/\/billing$/);
  const step5 = page.getByRole('dialog', { name: /step 5 of 6/ });
  await expect(step5.getByRole('heading', { name: 'The saving lands on Billing' })).toBeFocused();
  const before = step5.locator('dt', { hasText: 'Forecast before' }).locator('xpath=following-sibling::dd');
  const now = step5.locator('dt', { hasText: 'Forecast now' }).locator('xpath=following-sibling::dd');
  await expect(now).toHaveText(/^\$[\d,]+$/);
  const dollars = (t: string | null) => Number((t ?? '').replace(/[^0-9]/g, ''));
  const beforeDollars = dollars(await before.textContent());
  const nowDollars = dollars(await now.textContent());
  expect(nowDollars).toBeLessThan(beforeDollars);
  await expect(step5).toContainText(/\$[\d,]+ lower/);
  await expect(forecastFigure(page)).toHaveText(/^\$[\d,]+\.\d\d$/);
  expect(Math.abs(dollars(await forecastFigure(page).textContent()) / 100 - nowDollars)).toBeLessThanOrEqual(1);
  await expectNoSeriousA11yViolations(page);
  await step5.getByRole('button', { name: 'Next' }).click();
  const step6 = page.getByRole('dialog', { name: /step 6 of 6/ });
  await expect(step6.getByRole('heading', { name: 'Your turn' })).toBeFocused();
  await step6.getByRole('button', { name: 'Finish' }).click();
  await expect(page.getByRole('dialog', { name: /Guided tour/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Demo' })).toBeFocused();

  // A reload keeps the demo as it was: the scenario, the change, the lower forecast.
  await page.goto('/billing');
  await expect(page.getByText('Admin · Blitzscale AI')).toBeVisible(LEDGER);
  await expect(forecastFigure(page)).toHaveText(/^\$[\d,]+\.\d\d$/);
  expect(Math.abs(dollars(await forecastFigure(page).textContent()) / 100 - nowDollars)).toBeLessThanOrEqual(1);
  await expect(page.getByRole('dialog', { name: /Guided tour/ })).toHaveCount(0);

  // Reset: back to the scenario's start, the forecast as it was before the change.
  panel = await openDemoPanel(page);
  await panel.getByRole('button', { name: 'Reset demo…' }).click();
  await panel.getByRole('group', { name: 'Confirm the reset' }).getByRole('button', { name: 'Reset demo' }).click();
  await expect(panel.getByText('The demo is back at the start of “AI startup burning cash”.')).toBeFocused();
  await expect(forecastFigure(page)).toHaveText(/^\$[\d,]+\.\d\d$/);
  expect(Math.abs(dollars(await forecastFigure(page).textContent()) / 100 - beforeDollars)).toBeLessThanOrEqual(1);

  // The same world, as finance sees it, without signing in.
  await panel.getByRole('group', { name: 'View as' }).getByRole('button', { name: /^Finance/ }).click();
  await expect(page.getByText('Finance · Blitzscale AI')).toBeVisible();
  await expect(panel.getByRole('group', { name: 'View as' }).getByRole('button', { name: /^Finance/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(forecastFigure(page)).toHaveText(/^\$[\d,]+\.\d\d$/);
});

test('the presenter controls and the tour pass axe in the dark theme', async ({ page }) => {
  test.setTimeout(120_000);
  await freshStart(page, '/?scenario=research-lab', 'dark');
  await expect(page.getByText('Admin · Fjord Institute')).toBeVisible();
  expect(new URL(page.url()).search).toBe('');
  const panel = await openDemoPanel(page);
  await expect(panel.getByRole('radio', { name: /Efficient research lab/ })).toBeChecked();
  await expectNoSeriousA11yViolations(page);
  await panel.getByRole('button', { name: 'Start the guided tour' }).click();
  await expect(page.getByRole('dialog', { name: /step 1 of 6/ })).toContainText(/spent on GPUs/, LEDGER);
  await expectNoSeriousA11yViolations(page);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: /Guided tour/ })).toHaveCount(0);
});

test('a day of time travel in the startup: the budget runs out and idle pods are stopped', async ({ page }) => {
  await freshStart(page, '/billing?tab=budgets&scenario=startup');
  const alerts = page.getByRole('list', { name: 'Budget alerts, newest first' });
  await expect(alerts.getByText(/^\d+% of the Blitzscale AI budget reached$/)).toHaveText(['80% of the Blitzscale AI budget reached', '50% of the Blitzscale AI budget reached']);
  const panel = await openDemoPanel(page);
  await panel.getByRole('group', { name: 'Move the clock forward' }).getByRole('button', { name: '1 day' }).click();
  await expect(panel.getByText(/^The clock moved forward 1 day/)).toBeVisible();
  await expect(alerts.getByText('100% of the Blitzscale AI budget reached')).toBeVisible();
  await expect(alerts).toContainText(/Stopped \d+ idle pods?:/);

  // Everyone it acts on is told, engineers included, before they launch: on Overview, the launch form and Billing.
  await panel.getByRole('group', { name: 'View as' }).getByRole('button', { name: /^Engineer/ }).click();
  await expect(page.getByText(/^Engineer · Blitzscale AI/)).toBeVisible();
  await panel.getByRole('button', { name: 'Close' }).click();
  const acting = page.getByRole('region', { name: 'Budgets acting on your projects' });
  await expect(acting).toContainText('The Blitzscale AI budget is spent for this month. Its policy stops idle pods until the month ends');
  await expect(acting).toContainText('A finance user or an admin can raise it.');
  // Not "No budget": the organization's budget acts on her projects though she cannot see its amounts.
  await expect(page.locator('dl').filter({ hasText: /^Budget/ }).locator('dd').first()).toHaveText('Spent');
  const nav = page.getByRole('navigation', { name: 'Primary' });
  await nav.getByRole('link', { name: 'Overview' }).click();
  await expect(acting).toContainText('The Blitzscale AI budget is spent for this month.');
  await page.goto('/pods/new');
  await expect(acting).toContainText('The Blitzscale AI budget is spent for this month.');
});

test('the inference platform’s tour: what a million tokens cost, a cheaper GPU at the same latency, followed from its card to the launch form', { tag: '@mock-only' }, async ({ page }) => {
  test.setTimeout(150_000);
  await freshStart(page, '/');
  const panel = await openDemoPanel(page);
  await panel.getByRole('radio', { name: /^Inference platform/ }).check();
  await panel.getByRole('button', { name: 'Load scenario' }).click();
  await expect(page.getByText('Admin · Relay')).toBeVisible();
  await panel.getByRole('button', { name: 'Start the guided tour' }).click();
  await expect(page.getByRole('dialog', { name: /^Guided tour · step 1 of 8/ })).toBeVisible();
  for (let i = 0; i < 2; i++) await page.getByRole('dialog', { name: /Guided tour/ }).getByRole('button', { name: 'Next' }).click();

  const step3 = page.getByRole('dialog', { name: /step 3 of 8/ });
  await expect(step3.getByRole('heading', { name: 'What a million tokens cost' })).toBeFocused();
  await expect(page).toHaveURL(/\/utilization\?range=7d&view=inference$/);
  await expect(page.getByRole('tab', { name: 'Inference' })).toHaveAttribute('aria-selected', 'true');
  await expect(step3).toContainText(/This week, serving .+ cost \$[\d.]+ per million input and \$[\d.]+ per million output tokens: \$[\d.]+ per million output on .+, \$[\d.]+ per million on .+\./, LEDGER);
  await expect(step3).toContainText(/lists \$[\d.]+ per million input and \$[\d.]+ per million output tokens/);
  await expectNoSeriousA11yViolations(page);
  await step3.getByRole('button', { name: 'Next' }).click();

  const step4 = page.getByRole('dialog', { name: /step 4 of 8/ });
  await expect(step4.getByRole('heading', { name: 'A cheaper GPU at the same latency' })).toBeFocused();
  await expect(step4).toContainText(/Serve .+ on \d+× .+ instead of \d+× .+: it saves \$[\d,]+ a month, and its p95 time to first token would be [\d.,]+ (ms|sec) against [\d.,]+ (ms|sec) today/);
  // The card it speaks of, on the page beside it: its launch link, followed.
  const launchName = /“(Launch .+ on .+)”/.exec((await step4.textContent()) ?? '')?.[1];
  expect(launchName, 'the step names the card’s launch link').toBeTruthy();
  const section = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Serving recommendations', exact: true }) });
  const showAll = section.getByRole('button', { name: /^Show all \d+$/ });
  if (!(await section.getByRole('link', { name: launchName!, exact: true }).isVisible()) && (await showAll.isVisible())) await showAll.click();
  await section.getByRole('link', { name: launchName!, exact: true }).click();
  await expect(page).toHaveURL(/\/pods\/new\?/);
  await expect(page.getByRole('checkbox', { name: /^Stop .+ once the new pod is running$/ })).toBeChecked();
  // The tour waits for the presenter: back to its page, and on to the fixes.
  await page.getByRole('dialog', { name: /Guided tour/ }).getByRole('button', { name: 'Back to this step’s page' }).click();
  await expect(page).toHaveURL(/\/utilization\?range=7d&view=inference$/);
  await page.getByRole('dialog', { name: /Guided tour/ }).getByRole('button', { name: 'Next' }).click();
  await expect(page).toHaveURL(/\/recommendations$/);
  await expect(page.getByRole('dialog', { name: /step 5 of 8/ }).getByRole('heading', { name: 'From waste to a fix' })).toBeFocused();
});
