/**
 * Contrast of chart text (WCAG 1.4.3), which axe and pa11y do not check because Recharts draws
 * it in SVG: every text inside a `.recharts-wrapper` (axis ticks, labels, the legend, the
 * tooltip) is read in the browser with its colour and the backgrounds under it, then its
 * contrast ratio is computed here with WCAG's relative luminance.
 */
import { expect, type Locator, type Page } from '@playwright/test';

type Rgba = [number, number, number, number];

export interface ChartText {
  text: string;
  /** The element's tag and classes, to find it. */
  element: string;
  /** The text's colour, its alpha multiplied by the opacities above it. */
  color: Rgba;
  /** Background colours from the element up to the first opaque one (that one last). */
  backgrounds: Rgba[];
}

/** WCAG 2 relative luminance of an sRGB colour (channels 0–255). */
export function relativeLuminance([r, g, b]: readonly number[]): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r ?? 0) + 0.7152 * linear(g ?? 0) + 0.0722 * linear(b ?? 0);
}

/** WCAG 2 contrast ratio of two opaque colours, from 1 to 21. */
export function contrastRatio(a: readonly number[], b: readonly number[]): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** A colour with alpha laid over an opaque one. */
function over([r, g, b, a]: Rgba, [R, G, B]: readonly number[]): [number, number, number] {
  return [r * a + (R ?? 0) * (1 - a), g * a + (G ?? 0) * (1 - a), b * a + (B ?? 0) * (1 - a)];
}

/** The text's contrast ratio against what is under it (the backgrounds composed, bottom up). */
export function textContrast(t: ChartText): number {
  const layers = [...t.backgrounds].reverse();
  let background: readonly number[] = [255, 255, 255];
  for (const layer of layers) background = over(layer, background);
  return contrastRatio(over(t.color, background), background);
}

/** Every visible text inside the chart wrappers under root (default: the whole page). */
export async function collectChartText(page: Page, root?: Locator): Promise<ChartText[]> {
  const scope = root ?? page.locator('body');
  return scope.evaluate((rootElement) => {
    // Any CSS colour (rgb, oklch, color-mix…) to sRGB bytes, as the browser paints it.
    const canvas = document.createElement('canvas');
    canvas.width = 1;
    canvas.height = 1;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2D canvas');
    const rgba = (css: string): Rgba => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = '#000';
      ctx.fillStyle = css;
      ctx.fillRect(0, 0, 1, 1);
      const d = ctx.getImageData(0, 0, 1, 1).data;
      return [d[0] ?? 0, d[1] ?? 0, d[2] ?? 0, (d[3] ?? 0) / 255];
    };
    const wrappers = rootElement.matches('.recharts-wrapper') ? [rootElement] : Array.from(rootElement.querySelectorAll('.recharts-wrapper'));
    const out: ChartText[] = [];
    for (const wrapper of wrappers) {
      for (const el of Array.from(wrapper.querySelectorAll('*'))) {
        if (['title', 'desc', 'style', 'script'].includes(el.tagName.toLowerCase())) continue;
        const text = Array.from(el.childNodes)
          .filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => n.textContent ?? '')
          .join('')
          .trim();
        if (text === '') continue;
        const rect = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        if (rect.width === 0 || rect.height === 0 || style.visibility !== 'visible' || style.display === 'none') continue;
        let opacity = 1;
        for (let a: Element | null = el; a; a = a.parentElement) opacity *= Number(getComputedStyle(a).opacity);
        const isSvg = el instanceof SVGElement;
        if (isSvg && (style.fill === 'none' || style.fill.startsWith('url('))) continue;
        const color = rgba(isSvg ? style.fill : style.color);
        color[3] *= opacity * (isSvg ? Number(style.fillOpacity) : 1);
        const backgrounds: Rgba[] = [];
        for (let a: Element | null = el; a; a = a.parentElement) {
          const bg = rgba(getComputedStyle(a).backgroundColor);
          if (bg[3] === 0) continue;
          backgrounds.push(bg);
          if (bg[3] === 1) break;
        }
        out.push({ text, element: `${el.tagName.toLowerCase()}.${(el.getAttribute('class') ?? '').trim().split(/\s+/).join('.')}`, color, backgrounds });
      }
    }
    return out;
  });
}

/** The chart texts under 4.5:1, as lines to read in a failure. */
export function lowContrast(texts: ChartText[], minimum = 4.5): string[] {
  return texts
    .map((t) => ({ t, ratio: textContrast(t) }))
    .filter(({ ratio }) => ratio < minimum)
    .map(({ t, ratio }) => `${ratio.toFixed(2)}:1 "${t.text}" (${t.element}, colour rgba(${t.color.join(', ')}))`);
}

/**
 * Shows the tooltip of each chart under root in turn (the pointer over the middle of its plot)
 * and collects the chart's text with the tooltip open. Answers the texts and how many tooltips showed.
 */
export async function collectWithTooltips(page: Page, max = 4): Promise<{ texts: ChartText[]; tooltips: number }> {
  const wrappers = page.locator('.recharts-wrapper');
  const count = Math.min(max, await wrappers.count());
  const texts: ChartText[] = [];
  let tooltips = 0;
  for (let i = 0; i < count; i++) {
    const wrapper = wrappers.nth(i);
    // Scrolled to without Playwright's wait for a still element: on a page whose list below grows as
    // its reads arrive (the server's Recommendations), a chart may keep moving for a while, and a
    // tooltip is looked for on a best-effort basis anyway (a chart without one still has its text read).
    await wrapper.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    // The middle of the plot: the wrapper's centre, a little up from the legend under it.
    const box = await wrapper.boundingBox();
    if (!box) continue;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.4);
    const tooltip = wrapper.locator('.recharts-tooltip-wrapper');
    try {
      await tooltip.filter({ hasText: /\S/ }).waitFor({ state: 'visible', timeout: 3_000 });
      tooltips++;
    } catch {
      // A chart without data under the pointer shows no tooltip: its other text still counts.
    }
    texts.push(...(await collectChartText(page, wrapper)));
  }
  await page.mouse.move(0, 0);
  return { texts, tooltips };
}

/**
 * Pairs of SVG texts in one chart whose boxes overlap (a tick under a reference line's label,
 * the first X tick on the Y axis's lowest): chart labels drawn on top of each other.
 */
export async function overlappingChartText(page: Page): Promise<string[]> {
  return page.locator('body').evaluate(() => {
    const out: string[] = [];
    document.querySelectorAll('.recharts-wrapper').forEach((wrapper, w) => {
      const texts = Array.from(wrapper.querySelectorAll('svg text'))
        .filter((t) => (t.textContent ?? '').trim() !== '')
        .map((t) => ({ text: (t.textContent ?? '').trim(), box: t.getBoundingClientRect() }))
        .filter((t) => t.box.width > 0 && t.box.height > 0);
      for (let i = 0; i < texts.length; i++) {
        for (let j = i + 1; j < texts.length; j++) {
          const a = texts[i]!.box;
          const b = texts[j]!.box;
          // Half a pixel of slack: boxes that only touch do not collide.
          if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) out.push(`chart ${w}: "${texts[i]!.text}" on "${texts[j]!.text}"`);
        }
      }
    });
    return out;
  });
}

/** Charts that draw as they scroll into view (the recommendations' evidence): pass over the whole page once. */
export async function revealCharts(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (let y = 0; y < document.documentElement.scrollHeight; y += 400) {
      window.scrollTo(0, y);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    window.scrollTo(0, 0);
  });
}

/**
 * Scrolls the page through, again until a chart is drawn: a chart below the first screen is drawn
 * as it is scrolled to (ui/defer.tsx, WhenNearScreen), so after one pass every chart is.
 */
export async function chartsDrawn(page: Page): Promise<void> {
  await expect(async () => {
    await revealCharts(page);
    await expect(page.locator('.recharts-wrapper').first()).toBeAttached({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
}
