import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WhenNearScreen } from './defer';

/** A stand-in IntersectionObserver (jsdom has no layout): the test says when the box nears the screen. */
function stubObserver() {
  const observers: Array<{ callback: IntersectionObserverCallback; options?: IntersectionObserverInit }> = [];
  class Stub {
    constructor(
      public callback: IntersectionObserverCallback,
      public options?: IntersectionObserverInit,
    ) {
      observers.push({ callback, options });
    }
    observe() {}
    disconnect() {}
  }
  vi.stubGlobal('IntersectionObserver', Stub);
  const near = (isIntersecting: boolean) =>
    act(() => {
      for (const o of observers) o.callback([{ isIntersecting } as IntersectionObserverEntry], {} as IntersectionObserver);
    });
  return { observers, near };
}

afterEach(() => vi.unstubAllGlobals());

describe('drawing what is below the screen when it nears it', () => {
  it('holds the place until the box comes within the margin, then draws the content', () => {
    const { observers, near } = stubObserver();
    render(
      <WhenNearScreen margin="200px" fallback={<p>placeholder</p>}>
        <p>the chart</p>
      </WhenNearScreen>,
    );
    expect(screen.getByText('placeholder')).toBeInTheDocument();
    expect(screen.queryByText('the chart')).toBeNull();
    expect(observers[0]?.options?.rootMargin).toBe('200px');
    near(false);
    expect(screen.queryByText('the chart')).toBeNull();
    near(true);
    expect(screen.getByText('the chart')).toBeInTheDocument();
    expect(screen.queryByText('placeholder')).toBeNull();
  });

  it('draws everything when the page is printed, scrolled to or not', () => {
    stubObserver();
    render(
      <WhenNearScreen fallback={<p>placeholder</p>}>
        <p>the chart</p>
      </WhenNearScreen>,
    );
    act(() => {
      window.dispatchEvent(new Event('beforeprint'));
    });
    expect(screen.getByText('the chart')).toBeInTheDocument();
  });

  it('draws at once where the browser cannot tell what is on screen', () => {
    render(
      <WhenNearScreen fallback={<p>placeholder</p>}>
        <p>the chart</p>
      </WhenNearScreen>,
    );
    expect(screen.getByText('the chart')).toBeInTheDocument();
  });
});
