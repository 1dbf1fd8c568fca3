import '@testing-library/jest-dom';

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
