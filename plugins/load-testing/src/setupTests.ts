import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// pages with charts render slowly in jsdom on a busy 2-core machine: wait for them
// rather than fail on the defaults (5 s per test, 1 s per query)
jest.setTimeout(60_000);
configure({ asyncUtilTimeout: 15_000 });

// recharts' ResponsiveContainer measures its parent; jsdom has no layout
class ResizeObserverStub {
  private readonly callback: ResizeObserverCallback;
  constructor(callback: ResizeObserverCallback) {
    this.callback = callback;
  }
  observe(target: Element) {
    const rect = {
      width: 800,
      height: 240,
      top: 0,
      left: 0,
      bottom: 240,
      right: 800,
      x: 0,
      y: 0,
    };
    this.callback(
      [
        {
          target,
          contentRect: { ...rect, toJSON: () => rect },
        } as unknown as ResizeObserverEntry,
      ],
      this as unknown as ResizeObserver,
    );
  }
  unobserve() {}
  disconnect() {}
}
(globalThis as any).ResizeObserver = ResizeObserverStub;
