import {
  DependencyList,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';

/** State of a polled request; `value` keeps the last good answer across errors. */
export interface PollState<T> {
  value?: T;
  error?: Error;
  loading: boolean;
  /** Fetches again now, without waiting for the next tick. */
  refresh: () => void;
}

/**
 * Calls `fetch` now and again every `intervalMs` (a number, or one chosen from the
 * latest value) while `active` (a flag, or a test of the latest value); when `deps`
 * change it starts over.
 */
export function usePoll<T>(
  fetch: () => Promise<T>,
  deps: DependencyList,
  options: {
    intervalMs: number | ((value?: T) => number);
    active: boolean | ((value: T) => boolean);
  },
): PollState<T> {
  const [state, setState] = useState<{
    value?: T;
    error?: Error;
    loading: boolean;
  }>({
    loading: true,
  });
  const [nonce, setNonce] = useState(0);
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;
  const activeRef = useRef(options.active);
  activeRef.current = options.active;
  const intervalRef = useRef(options.intervalMs);
  intervalRef.current = options.intervalMs;
  const fixedInterval =
    typeof options.intervalMs === 'number' ? options.intervalMs : 'chosen';
  const activeKey =
    typeof options.active === 'boolean' ? options.active : 'test';

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let again = activeRef.current !== false;
    let latest: T | undefined;
    const tick = async () => {
      try {
        const value = await fetchRef.current();
        if (cancelled) return;
        latest = value;
        setState({ value, loading: false });
        const active = activeRef.current;
        again = typeof active === 'function' ? active(value) : active;
      } catch (error) {
        if (cancelled) return;
        // keep the last good value on screen; a transient error should not blank it
        setState(s => ({
          value: s.value,
          error: error as Error,
          loading: false,
        }));
      }
      const interval = intervalRef.current;
      const delay = typeof interval === 'number' ? interval : interval(latest);
      if (!cancelled && again) timer = setTimeout(tick, delay);
    };
    tick();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, activeKey, fixedInterval, nonce]);

  const refresh = useCallback(() => setNonce(n => n + 1), []);
  return { ...state, refresh };
}
