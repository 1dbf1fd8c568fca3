import { RunSeries } from '@internal/plugin-load-testing-common';

/** Percentiles the picker offers. */
export const PERCENTILE_CHOICES = ['p50', 'p90', 'p95', 'p99', 'p99.9'];

export const PERCENTILE_COLORS: Record<string, string> = {
  p50: '#2e7d32',
  p90: '#0277bd',
  p95: '#ef6c00',
  p99: '#c62828',
  'p99.9': '#6a1b9a',
};

/** One row per point, keyed for recharts; `s` is seconds since the run started. */
export interface ChartRow {
  t: number;
  s: number;
  rps: number;
  failuresPerSecond: number;
  users: number;
  [percentile: string]: number | null;
}

export function toChartRows(
  series: RunSeries | undefined,
  startMs: number | undefined,
): ChartRow[] {
  const points = series?.points ?? [];
  if (points.length === 0) return [];
  const start = startMs ?? points[0].t;
  // buckets that ended before the run started hold nothing and would stretch the axis
  return points
    .filter(p => p.t > start)
    .map(p => ({
      t: p.t,
      s: Math.round((p.t - start) / 1000),
      rps: p.rps,
      failuresPerSecond: p.failuresPerSecond,
      users: p.users,
      ...p.percentiles,
    }));
}

/** Elapsed seconds as `m:ss`. */
export function formatElapsed(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * Workers report their per-second counts every second (the monitor sets it), so the
 * two newest seconds of a live run are still being counted and would draw a false drop:
 * hide them.
 */
export const INCOMPLETE_EDGE_MS = 2000;

export function trimLiveEdge(
  rows: ChartRow[],
  lastSampleMs: number | undefined,
): ChartRow[] {
  if (lastSampleMs === undefined) return rows;
  const cutoff = lastSampleMs - INCOMPLETE_EDGE_MS;
  return rows.filter(r => r.t <= cutoff);
}

const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

/** Ticks at whole, evenly spaced elapsed times: 0:00, 0:05, 0:10… */
export function elapsedTicks(maxSeconds: number, maxTicks = 8): number[] {
  const max = Math.max(1, Math.ceil(maxSeconds));
  const step =
    STEPS.find(s => max / s <= maxTicks) ??
    Math.ceil(max / maxTicks / 3600) * 3600;
  const ticks: number[] = [];
  for (let v = 0; v <= max; v += step) ticks.push(v);
  return ticks;
}
