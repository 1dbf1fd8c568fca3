import { useApi } from '@backstage/core-plugin-api';
import {
  Run,
  RunError,
  RunException,
  RunNode,
  RunSeries,
  RunTotals,
  isTerminalStatus,
} from '@internal/plugin-load-testing-common';
import { loadTestingApiRef } from '../api';
import { usePoll } from './usePoll';

/** How often the run page asks for news while a run is live. */
export const LIVE_POLL_MS = 2000;
/** Until the first point is drawn: a run just started should show load at once. */
export const FIRST_POINT_POLL_MS = 1000;

/** Everything the run page shows, read together so the parts agree. */
export interface RunSnapshot {
  run: Run;
  series: RunSeries;
  /** The whole run's figures. */
  totals: RunTotals | null;
  /** The zoomed window's figures, when a window is shown. */
  windowTotals?: RunTotals | null;
  errors: { errors: RunError[]; exceptions: RunException[] };
  nodes: RunNode[];
}

export interface RunResults {
  snapshot?: RunSnapshot;
  error?: Error;
  loading: boolean;
  /** True until the run is known to have ended. */
  live: boolean;
  refresh: () => void;
}

/**
 * Polls a run every 2 s until it is terminal. Each tick reads the run first and its
 * results after, so the tick that sees the run ended also gets its final figures.
 */
export function useRunResults(
  runId: string,
  seriesQuery: {
    percentiles: string[];
    endpoint?: string;
    /** A time window of the run (epoch ms): its points and its endpoint table. */
    window?: { from: number; to: number };
  },
): RunResults {
  const { window } = seriesQuery;
  const api = useApi(loadTestingApiRef);
  const poll = usePoll(
    async (): Promise<RunSnapshot> => {
      const run = await api.getRun(runId);
      const [series, totals, windowTotals, errors, nodes] = await Promise.all([
        api.getSeries(runId, {
          percentiles: seriesQuery.percentiles,
          endpoint: seriesQuery.endpoint,
          points: 300,
          from: window?.from,
          to: window?.to,
        }),
        api.getEndpoints(runId),
        window ? api.getEndpoints(runId, window) : undefined,
        api.getErrors(runId),
        api.getNodes(runId),
      ]);
      return { run, series, totals, windowTotals, errors, nodes };
    },
    [
      runId,
      seriesQuery.percentiles.join(','),
      seriesQuery.endpoint,
      window?.from,
      window?.to,
    ],
    {
      intervalMs: s =>
        s?.series.points.some(p => p.requests > 0)
          ? LIVE_POLL_MS
          : FIRST_POINT_POLL_MS,
      active: s => !isTerminalStatus(s.run.status),
    },
  );
  const snapshot = poll.value?.run.id === runId ? poll.value : undefined;
  return {
    snapshot,
    error: poll.error,
    loading: poll.loading,
    live: !snapshot || !isTerminalStatus(snapshot.run.status),
    refresh: poll.refresh,
  };
}
