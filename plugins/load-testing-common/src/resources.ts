import { NodeRole } from './types';

/** One load generator's CPU and memory over time. @public */
export interface NodeResourceSeries {
  name: string;
  role: NodeRole;
  /** `ts` epoch ms; per bucket the highest CPU (percent of one core) and memory. */
  points: Array<{ ts: number; cpuPercent: number; memoryBytes: number }>;
}

/** `GET /runs/:id/resources`: the load generators' resources over a window. @public */
export interface RunResources {
  /** The window the points cover, epoch ms, when the run has samples. */
  from?: number;
  to?: number;
  nodes: NodeResourceSeries[];
}

/** One series of a Prometheus range query: its labels and `[epoch ms, value]` points. @public */
export interface PrometheusSeries {
  labels: Record<string, string>;
  /** `null` where Prometheus answered NaN or ±Inf. */
  points: Array<[number, number | null]>;
}

/**
 * `GET /runs/:id/prometheus`: the target's metrics over the run, or why there are none
 * (no Prometheus configured, or no query on the entity). @public
 */
export type RunPrometheus =
  | {
      configured: true;
      query: string;
      unit?: string;
      /** The range asked of Prometheus: epoch ms, step in seconds. */
      start?: number;
      end?: number;
      step?: number;
      series: PrometheusSeries[];
      /** Series left out past the most one chart draws. */
      truncated?: number;
    }
  | { configured: false; reason: string };
