/**
 * Chart text reads in both themes (issue 17, point 7): on every page with charts, each axis tick,
 * label, legend entry and tooltip line inside a chart has a contrast of at least 4.5:1 against
 * what is under it (axe does not look into the charts' SVG), and no label sits on another. Billing's tooltip lists the series
 * as the stack draws them, top first, with the day's total.
 */
import { test, expect, freshStart, callApi } from './fixtures';
import { chartsDrawn, collectChartText, collectWithTooltips, lowContrast, overlappingChartText } from './chart-contrast';

interface PodItem {
  id: string;
  status: string;
  gpuCount: number;
}

const PAGES: Array<{ name: string; open: (page: import('@playwright/test').Page, theme: 'light' | 'dark') => Promise<void> }> = [
  { name: 'Utilization', open: (page, theme) => freshStart(page, '/utilization', theme) },
  { name: 'Utilization’s Inference tab', open: (page, theme) => freshStart(page, '/utilization?view=inference', theme) },
  { name: 'Billing', open: (page, theme) => freshStart(page, '/billing', theme) },
  { name: 'Recommendations', open: (page, theme) => freshStart(page, '/recommendations', theme) },
  { name: 'Egress', open: (page, theme) => freshStart(page, '/egress', theme) },
  {
    name: 'a pod page',
    open: async (page, theme) => {
      await freshStart(page, '/pods', theme);
      await page.getByRole('heading', { level: 1, name: 'Pods' }).waitFor();
      const pods = await callApi<{ items: PodItem[] }>(page, 'GET', '/v1/pods?status=running&limit=200');
      // A pod with several GPUs: its charts have a legend.
      const pod = pods.items.find((p) => p.gpuCount > 1) ?? pods.items[0];
      expect(pod, 'a running pod').toBeTruthy();
      await page.goto(`/pods/${pod?.id ?? ''}`);
    },
  },
];

for (const theme of ['light', 'dark'] as const) {
  for (const p of PAGES) {
    test(`${p.name}: chart ticks, legends and tooltips meet 4.5:1 in the ${theme} theme`, async ({ page }) => {
      await p.open(page, theme);
      await expect(page.locator('html')).toHaveClass(theme === 'dark' ? /dark/ : /^(?!.*dark).*$/);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await page.waitForLoadState('networkidle');
      await chartsDrawn(page);
      const still = await collectChartText(page);
      expect(still.length, 'chart text found').toBeGreaterThan(0);
      // No label drawn on top of another (issue 17, point 10).
      expect(await overlappingChartText(page), 'chart labels on top of each other').toEqual([]);
      const hovered = await collectWithTooltips(page);
      expect(hovered.tooltips, 'a tooltip showed').toBeGreaterThan(0);
      const tooltipTexts = hovered.texts.filter((t) => t.element.startsWith('div') || t.element.startsWith('span') || t.element.startsWith('p') || t.element.startsWith('li'));
      expect(tooltipTexts.length, 'HTML text in the charts (tooltip, legend)').toBeGreaterThan(0);
      expect(lowContrast([...still, ...hovered.texts]), 'chart text under 4.5:1').toEqual([]);
    });
  }
}

test("Billing's tooltip lists the series top of the stack first, beside their colour, with the period's total", async ({ page }) => {
  await freshStart(page, '/billing');
  const chart = page.locator('.recharts-wrapper').first();
  await expect(chart).toBeVisible({ timeout: 20_000 });
  const legend = page.getByRole('list', { name: /Series/ });
  const labels = (await legend.getByRole('button').allTextContents()).map((t) => t.replace(/[-−]?[$€£][\d,.]+.*$/, '').trim());
  expect(labels.length).toBeGreaterThan(1);
  const bars = chart.locator('.recharts-bar-rectangle');
  expect(await bars.count()).toBeGreaterThan(0);
  await page.waitForLoadState('networkidle');
  const tooltip = chart.locator('.recharts-tooltip-wrapper');
  // The chart is hidden from screen readers (its table says the same): find the tooltip's lines by tag.
  await expect(async () => {
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    if (!box) throw new Error('the chart has no box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.4);
    await page.mouse.move(box.x + box.width / 2 + 2, box.y + box.height * 0.45);
    await expect(tooltip.locator('li').first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
  const rows = await tooltip.locator('li').evaluateAll((items) =>
    items.map((li) => {
      const spans = li.querySelectorAll('span');
      return { swatch: (spans[0] as HTMLElement | undefined)?.style.backgroundColor ?? '', name: spans[1]?.textContent ?? '', value: spans[2]?.textContent ?? '' };
    }),
  );
  // Same series as the legend, in the stack's order from the top (the legend reads bottom first).
  expect(rows.map((r) => r.name)).toEqual([...labels].reverse());
  for (const r of rows) expect(r.swatch, `${r.name} has its colour beside it`).not.toBe('');
  const cents = (s: string) => Math.round(Number(s.replace(/[^\d.-]/g, '')) * 100);
  const total = tooltip.getByText('Total').locator('..');
  await expect(total).toBeVisible();
  const totalValue = (await total.locator('span').nth(1).textContent()) ?? '';
  expect(cents(totalValue)).toBe(rows.reduce((s, r) => s + cents(r.value), 0));
});

test('on a phone (360 px) no chart label sits on another', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  for (const path of ['/billing', '/egress', '/utilization']) {
    await freshStart(page, path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.waitForLoadState('networkidle');
    await chartsDrawn(page);
    expect(await overlappingChartText(page), `chart labels on top of each other on ${path}`).toEqual([]);
  }
});
