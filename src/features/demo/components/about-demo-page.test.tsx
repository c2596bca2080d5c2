import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { AboutDemoPage } from './about-demo-page';

describe('the about-demo page', () => {
  it('shows its commands whole: a long line scrolls in its box, never broken mid-word', () => {
    const { container } = render(<AboutDemoPage />);
    const blocks = Array.from(container.querySelectorAll('pre'));
    expect(blocks.length).toBeGreaterThan(0);
    for (const pre of blocks) {
      expect(pre).not.toHaveClass('break-all');
      expect(pre).toHaveClass('whitespace-pre', 'overflow-x-auto');
    }
    expect(container.querySelector('.break-all')).toBeNull();
  });
});
