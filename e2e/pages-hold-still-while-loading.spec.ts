/**
 * Pages hold still while their figures load (issue 17: layout shift ≤ 0.05): a placeholder
 * takes the room its content will take, so a reader who starts reading, or reaches for a
 * button, is not moved. Each page is opened fresh at a laptop's width and at a phone's, its
 * figures awaited (no loading status left, the network quiet), and the layout shifts the
 * browser reported meanwhile are added up (every shift, not only the worst burst, so this
 * bounds Lighthouse's figure from above).
 */
import { test, expect, freshStart } from './fixtures';

const ROUTES = ['/', '/pods', '/utilization', '/recommendations', '/egress', '/billing'];
const BUDGET = 0.05;

for (const viewport of [
  { name: 'laptop', width: 1440, height: 900 },
  { name: 'phone', width: 360, height: 780 },
]) {
  for (const path of ROUTES) {
    test(`${path} on a ${viewport.name} moves less than ${BUDGET} while its figures load`, async ({ page }) => {
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await page.addInitScript(() => {
        const w = window as unknown as { __shifts: Array<{ value: number; nodes: string[] }> };
        w.__shifts = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: Array<{ node?: Node | null }> }>) {
            if (e.hadRecentInput) continue;
            const nodes = (e.sources ?? []).map((s) => {
              const n = s.node;
              const r = s as { previousRect?: DOMRectReadOnly; currentRect?: DOMRectReadOnly };
              const moved = r.previousRect && r.currentRect ? ` ${Math.round(r.previousRect.y)}→${Math.round(r.currentRect.y)}, h ${Math.round(r.previousRect.height)}→${Math.round(r.currentRect.height)}` : '';
              return `${n instanceof Element ? `<${n.tagName.toLowerCase()} class="${String(n.getAttribute('class'))}">` : String(n?.nodeName)}${moved}`;
            });
            w.__shifts.push({ value: e.value, nodes });
          }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await freshStart(page, path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await page.waitForLoadState('networkidle');
      await expect(page.getByRole('status')).toHaveCount(0, { timeout: 30_000 });
      const shifts = await page.evaluate(() => (window as unknown as { __shifts: Array<{ value: number; nodes: string[] }> }).__shifts);
      const total = shifts.reduce((sum, s) => sum + s.value, 0);
      expect(total, `layout shifts: ${JSON.stringify(shifts)}`).toBeLessThanOrEqual(BUDGET);
    });
  }
}
