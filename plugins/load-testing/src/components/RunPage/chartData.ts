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

/** Elapsed seconds as `m:ss`, or `h:mm:ss` from an hour on. */
export function formatElapsed(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const ss = String(s % 60).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)}:${ss}`;
  const mm = String(Math.floor(s / 60) % 60).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${mm}:${ss}`;
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

/** Ticks at whole, evenly spaced elapsed times: 0:00, 0:05, 0:10… from `minSeconds`. */
export function elapsedTicks(
  maxSeconds: number,
  maxTicks = 8,
  minSeconds = 0,
): number[] {
  const min = Math.max(0, Math.floor(minSeconds));
  const max = Math.max(min + 1, Math.ceil(maxSeconds));
  const span = max - min;
  const step =
    STEPS.find(s => span / s <= maxTicks) ??
    Math.ceil(span / maxTicks / 3600) * 3600;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max; v += step) ticks.push(v);
  return ticks;
}

/** A time window of a run, epoch ms. */
export interface TimeWindow {
  from: number;
  to: number;
}

/** The window moved by half its width, kept inside the run. */
export function panWindow(
  window: TimeWindow,
  direction: -1 | 1,
  run: TimeWindow,
): TimeWindow {
  const width = window.to - window.from;
  const shift = (direction * width) / 2;
  const from = Math.max(
    run.from,
    Math.min(window.from + shift, run.to - width),
  );
  return { from: Math.round(from), to: Math.round(from + width) };
}

/** `from`/`to` of a page's query, when both are times with `from` first. */
export function parseWindow(
  from: string | null,
  to: string | null,
): TimeWindow | undefined {
  const f = Number(from);
  const t = Number(to);
  if (!from || !to || !Number.isSafeInteger(f) || !Number.isSafeInteger(t))
    return undefined;
  return f >= 0 && f < t ? { from: f, to: t } : undefined;
}
