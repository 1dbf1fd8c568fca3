import { act, renderHook } from '@testing-library/react';
import { usePoll } from './usePoll';

describe('usePoll', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const tick = async (ms: number) => {
    await act(async () => {
      await jest.advanceTimersByTimeAsync(ms);
    });
  };

  it('polls while the value says so, then stops', async () => {
    const statuses = ['running', 'running', 'succeeded'];
    const fetch = jest.fn(async () => statuses.shift() ?? 'succeeded');
    const { result } = renderHook(() =>
      usePoll(fetch, [], { intervalMs: 2000, active: v => v !== 'succeeded' }),
    );
    await tick(0);
    expect(result.current.value).toBe('running');
    await tick(2000);
    await tick(2000);
    expect(result.current.value).toBe('succeeded');
    expect(fetch).toHaveBeenCalledTimes(3);
    await tick(10000);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('keeps the last value and keeps polling through an error', async () => {
    const fetch = jest
      .fn()
      .mockResolvedValueOnce(1)
      .mockRejectedValueOnce(new Error('backend restarting'))
      .mockResolvedValue(2);
    const { result } = renderHook(() =>
      usePoll(fetch, [], { intervalMs: 1000, active: true }),
    );
    await tick(0);
    await tick(1000);
    expect(result.current.value).toBe(1);
    expect(result.current.error?.message).toBe('backend restarting');
    await tick(1000);
    expect(result.current.value).toBe(2);
    expect(result.current.error).toBeUndefined();
  });

  it('starts over when its deps change and fetches once when inactive', async () => {
    const fetch = jest.fn(async () => 'x');
    const { rerender } = renderHook(
      ({ key }) => usePoll(fetch, [key], { intervalMs: 1000, active: false }),
      {
        initialProps: { key: 'a' },
      },
    );
    await tick(5000);
    expect(fetch).toHaveBeenCalledTimes(1);
    rerender({ key: 'b' });
    await tick(5000);
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});
