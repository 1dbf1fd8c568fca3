import { RunTotals, SeriesPoint } from '@internal/plugin-load-testing-common';
import { RunRow, Store } from '../../database/Store';
import { seriesFromRollups, windowTotals } from '../results';
import { ROLLUP_RESOLUTIONS } from '../rollups';

/** The finest rollup kept once retention dropped a run's raw data: 10 minutes. */
export const KEPT_RESOLUTION =
  ROLLUP_RESOLUTIONS[ROLLUP_RESOLUTIONS.length - 1];

/**
 * Where the samples of a run were, once they are gone: from its start (the first
 * sample's interval began a second or more after it) to its last sample.
 */
export function droppedSpan(
  run: RunRow,
): { first: number; last: number } | undefined {
  const start = Date.parse(run.startedAt ?? '');
  const last = Date.parse(run.lastSampleAt ?? '');
  if (!Number.isFinite(start) || !Number.isFinite(last)) return undefined;
  return { first: Math.min(start + 1000, last), last };
}

/** The series of a window from the 10-minute rollups, in steps of whole 10 minutes. */
export async function coarseSeries(
  store: Store,
  q: {
    runId: string;
    /** epoch ms */
    from: number;
    to: number;
    points: number;
    endpoint: string;
    percentiles: string[];
  },
): Promise<{ resolutionSeconds: number; points: SeriesPoint[] }> {
  const wanted = Math.ceil((q.to - q.from) / 1000 / q.points);
  const step =
    Math.max(1, Math.ceil(wanted / KEPT_RESOLUTION)) * KEPT_RESOLUTION;
  const fromSecond = Math.floor(q.from / 1000 / step) * step;
  const toSecond = Math.ceil(q.to / 1000);
  const rows = await store.listRollups(q.runId, {
    resolution: KEPT_RESOLUTION,
    endpoint: q.endpoint,
    from: fromSecond,
    to: toSecond,
  });
  return {
    resolutionSeconds: step,
    points: seriesFromRollups({
      rows,
      fromSecond,
      toSecond,
      stepSeconds: step,
      percentiles: q.percentiles,
    }),
  };
}

/**
 * The endpoint table of a window from the 10-minute rollups: the window's edges go out
 * to whole 10 minutes, and the answer says which window it covers.
 */
export async function coarseWindowTotals(
  store: Store,
  run: RunRow,
  /** epoch ms, clipped to the run */
  window: { from: number; to: number },
  /** epoch ms from the run's start to its last sample */
  extent: { from: number; to: number },
  names: Map<string, { method: string; name: string }>,
): Promise<RunTotals | null> {
  const start =
    Math.floor(window.from / 1000 / KEPT_RESOLUTION) * KEPT_RESOLUTION;
  const end = Math.ceil(window.to / 1000 / KEPT_RESOLUTION) * KEPT_RESOLUTION;
  const rows = await store.listRollups(run.id, {
    resolution: KEPT_RESOLUTION,
    from: start,
    to: end,
  });
  // rates over the part of the snapped window the run was in
  const seconds =
    Math.min(end, Math.ceil(extent.to / 1000)) -
    Math.max(start, Math.floor(extent.from / 1000));
  const totals = windowTotals(rows, Math.max(1, seconds), names);
  return totals
    ? {
        ...totals,
        resolutionSeconds: KEPT_RESOLUTION,
        from: start * 1000,
        to: end * 1000,
      }
    : null;
}
