import {
  RunPrometheus,
  RunResources,
  RunSeries,
} from '@internal/plugin-load-testing-common';
import { TimeWindow, toChartRows, trimLiveEdge } from './chartData';

/** Rows keyed by elapsed seconds `s`, one column per node or series. */
export type TimeRow = { s: number; t: number } & Record<string, number | null>;

/**
 * The x axis the run's RPS and response-time charts use: seconds since the start, from 0
 * (or the window's first point) to their last point. The charts below share it.
 */
export function sharedDomain(options: {
  series?: RunSeries;
  startMs: number;
  live: boolean;
  lastSampleMs?: number;
  window?: TimeWindow;
}): [number, number] | undefined {
  const all = toChartRows(options.series, options.startMs);
  const rows = options.live ? trimLiveEdge(all, options.lastSampleMs) : all;
  if (rows.length === 0) return undefined;
  const last = rows[rows.length - 1].s;
  return [options.window ? rows[0].s : 0, last];
}

const elapsed = (t: number, startMs: number) =>
  Math.round((t - startMs) / 100) / 10;

/** CPU (%) and memory (MB) of every node as rows; columns `cpu:<node>`, `mem:<node>`. */
export function resourceRows(
  resources: RunResources | undefined,
  startMs: number,
): { rows: TimeRow[]; nodes: string[] } {
  const byTs = new Map<number, TimeRow>();
  const nodes: string[] = [];
  for (const node of resources?.nodes ?? []) {
    nodes.push(node.name);
    for (const p of node.points) {
      let row = byTs.get(p.ts);
      if (!row) {
        row = { t: p.ts, s: elapsed(p.ts, startMs) } as TimeRow;
        byTs.set(p.ts, row);
      }
      row[`cpu:${node.name}`] = Math.round(p.cpuPercent * 10) / 10;
      row[`mem:${node.name}`] = Math.round(p.memoryBytes / 1024 / 102.4) / 10;
    }
  }
  return { rows: [...byTs.values()].sort((a, b) => a.t - b.t), nodes };
}

/** A Prometheus series' name in a legend: its labels, or the query when it has none. */
export function seriesName(labels: Record<string, string>, query: string) {
  const entries = Object.entries(labels).filter(([k]) => k !== '__name__');
  if (entries.length === 0) return labels.__name__ ?? query;
  return `${labels.__name__ ?? ''}{${entries
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ')}}`;
}

/** The target's series as rows; columns `p0`, `p1`… in the order of `series`. */
export function prometheusRows(
  answer: RunPrometheus | undefined,
  startMs: number,
): TimeRow[] {
  if (!answer?.configured) return [];
  const byTs = new Map<number, TimeRow>();
  answer.series.forEach((series, i) => {
    for (const [ts, v] of series.points) {
      let row = byTs.get(ts);
      if (!row) {
        row = { t: ts, s: elapsed(ts, startMs) } as TimeRow;
        byTs.set(ts, row);
      }
      row[`p${i}`] = v;
    }
  });
  return [...byTs.values()].sort((a, b) => a.t - b.t);
}
