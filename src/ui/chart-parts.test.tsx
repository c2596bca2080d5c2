import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { ChartTooltip, everyNth, tickInterval } from './chart-parts';

type Payload = NonNullable<Parameters<typeof ChartTooltip>[0]['payload']>;

const payload = [
  { dataKey: 'a', name: 'Search ranking', value: 1000, color: '#76b7b2', graphicalItemId: 'a' },
  { dataKey: 'b', name: 'Model serving', value: 250, color: '#f28e2b', graphicalItemId: 'b' },
  { dataKey: 'c', name: 'Vision', value: 5, color: '#e15759', graphicalItemId: 'c' },
] as unknown as Payload;

const dollars = (c: number) => `$${(c / 100).toFixed(2)}`;

describe('the chart tooltip', () => {
  it('lists a stack top first, each name in the text colour beside its series swatch, and the total', () => {
    const { container } = render(<ChartTooltip active payload={payload} label="Nov 18" formatValue={dollars} stacked totalLabel="Total" />);
    expect(screen.getByText('Nov 18')).toBeInTheDocument();
    const rows = Array.from(container.querySelectorAll('li')).map((li) => li.textContent);
    expect(rows).toEqual(['Vision$0.05', 'Model serving$2.50', 'Search ranking$10.00']);
    const swatches = Array.from(container.querySelectorAll('li > span[aria-hidden="true"]')).map((s) => (s as HTMLElement).style.backgroundColor);
    expect(swatches).toEqual(['rgb(225, 87, 89)', 'rgb(242, 142, 43)', 'rgb(118, 183, 178)']);
    // No text in a series colour: only the swatches carry one.
    for (const el of Array.from(container.querySelectorAll<HTMLElement>('[style]'))) expect(el.style.color).toBe('');
    expect(screen.getByText('Total').parentElement).toHaveTextContent('Total$12.55');
  });

  it('keeps the order of the chart when not a stack, and shows nothing while inactive', () => {
    const { container, rerender } = render(<ChartTooltip active payload={payload} label="x" formatValue={dollars} />);
    expect(Array.from(container.querySelectorAll('li')).map((li) => li.textContent?.replace(/\$.*/, ''))).toEqual(['Search ranking', 'Model serving', 'Vision']);
    expect(screen.queryByText('Total')).toBeNull();
    rerender(<ChartTooltip active={false} payload={payload} label="x" formatValue={dollars} />);
    expect(container).toBeEmptyDOMElement();
  });
});

describe('tick spacing from the width', () => {
  it('labels every point when they all fit, and skips enough between labels when they do not', () => {
    // 7 labels of 40 px with 24 px between them fit 448 px: every one.
    expect(tickInterval(7, 448, 40, 24)).toBe(0);
    // 300 points on a 236 px phone chart: 2 labels of 40 + 40 px fit, one every 150 points.
    expect(tickInterval(300, 236, 40, 40)).toBe(149);
    // However the numbers fall, the labels shown (one every interval + 1) fit the width.
    for (const [count, width] of [[300, 236], [1000, 900], [90, 300], [31, 1200], [2, 10]] as const) {
      const shown = Math.ceil(count / (tickInterval(count, width, 40, 24) + 1));
      expect(shown * 64).toBeLessThanOrEqual(Math.max(64, width));
    }
  });

  it('labels about as many ticks as asked, by count: a day of 5-minute points in six labels', () => {
    expect(everyNth(288, 6)).toBe(47);
    expect(Math.ceil(288 / (everyNth(288, 6) + 1))).toBe(6);
    expect(everyNth(4, 6)).toBe(0);
    expect(everyNth(10, 0)).toBe(9);
  });
});
