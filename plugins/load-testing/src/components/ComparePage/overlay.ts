import { RunSeries } from '@internal/plugin-load-testing-common';

/** Colours of the compared runs, in order; the first is the reference. */
export const RUN_COLORS = ['#1565c0', '#ef6c00', '#2e7d32', '#8e24aa'];

/** One row of an overlay: `s` seconds since each run's first point, a value per run. */
export interface OverlayRow {
  s: number;
  [key: string]: number | null;
}

/** Key of run `i`'s value of `figure` in an overlay row, e.g. `rps_1`. */
export const overlayKey = (figure: string, i: number) => `${figure}_${i}`;

/**
 * The runs' series on one time axis, each aligned at its own start: x is the seconds
 * since the run's first point with requests (start-up before the load is not the run's
 * start). Rows at the same second are merged; a run with no point at a second has no
 * value there.
 */
export function overlayRows(
  series: Array<RunSeries | undefined>,
  figures: Array<{
    key: string;
    read: (p: RunSeries['points'][number]) => number | null | undefined;
  }>,
): OverlayRow[] {
  const rows = new Map<number, OverlayRow>();
  series.forEach((one, i) => {
    const points = one?.points ?? [];
    if (!points.length) return;
    const first = points.find(p => p.requests > 0) ?? points[0];
    const start = first.t;
    for (const p of points) {
      if (p.t < start) continue;
      const s = Math.round((p.t - start) / 1000);
      const row = rows.get(s) ?? { s };
      for (const f of figures) {
        const v = f.read(p);
        row[overlayKey(f.key, i)] = v === undefined ? null : v;
      }
      rows.set(s, row);
    }
  });
  return [...rows.values()].sort((a, b) => a.s - b.s);
}

/** `run-a,run-b` from the page's query → the run ids, at most 4, without repeats. */
export function runIdsFromQuery(value: string | null): string[] {
  const ids = (value ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  return ids.filter((id, i) => ids.indexOf(id) === i).slice(0, 4);
}
