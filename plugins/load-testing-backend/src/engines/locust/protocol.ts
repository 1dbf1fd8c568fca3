import {
  Histogram,
  RunError,
  RunException,
  RunShape,
} from '@internal/plugin-load-testing-common';

/** Cumulative statistics of one Locust stats entry, as the monitor reports them. */
export interface MonitorEntry {
  method: string;
  name: string;
  numRequests: number;
  numFailures: number;
  numNoneRequests: number;
  totalResponseTime: number;
  minResponseTime: number | null;
  maxResponseTime: number;
  totalContentLength: number;
  /** Locust's own `total_rps` and `total_fail_per_sec` for the entry. */
  totalRps: number;
  totalFailPerSec: number;
  /** Epoch seconds when the test started, and of the last request (Locust's run time). */
  startTime?: number;
  lastRequestTimestamp?: number | null;
  /** The total only: seconds since the test started, when the snapshot was taken. */
  loadSeconds?: number;
  /** Change since the previous snapshot; entries may leave the histogram to `sample`. */
  delta: {
    requests: number;
    failures: number;
    totalResponseTime: number;
    histogram?: Histogram;
  };
}

/** A worker as the master sees it. */
export interface MonitorWorker {
  id: string;
  /** The executor's node name the worker was started as, when known. */
  node?: string;
  pid?: number;
  state: string;
  cpuPercent: number;
  memoryBytes: number;
  userCount: number;
}

/**
 * Body of `POST /webhooks/runs/:runId`. Signed with header
 * `x-load-testing-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 */
export interface MonitorSnapshot {
  /** `tick`: a light snapshot: per-second counts, users and the nodes' CPU and memory. */
  kind?: 'full' | 'tick';
  /** 1, 2, 3… per run; (run, seq) is delivered at most once into the store. */
  seq: number;
  /** Epoch seconds when the snapshot was taken. */
  ts: number;
  final: boolean;
  exitCode?: number | null;
  /** Locust runner state: ready, spawning, running, stopped… */
  state: string;
  userCount: number;
  entries: MonitorEntry[];
  total: MonitorEntry;
  /** Locust's per-second counts, `[second, requests, failures]`, keyed by `METHOD name`; `""` is the total. */
  perSecond: Record<string, Array<[number, number, number]>>;
  errors: RunError[];
  exceptions: RunException[];
  workers: MonitorWorker[];
  master: { cpuPercent: number; memoryBytes: number };
  /**
   * The interval as stored, already serialized: `{"": total, "METHOD name": …}` with
   * `{r, f, t, h}` (requests, failures, response-time sum, delta histogram) each. When
   * absent the backend builds it from the entries' deltas.
   */
  sample?: string;
  /** Snapshots dropped because the outbox overflowed while the backend was unreachable. */
  dropped?: number;
  /** Limits the monitor held since its last delivery (users capped, time limit). */
  warnings?: Array<{ code: string; message: string; ts?: number }>;
  /** With the first delivery: the script's LoadTestShape and the users it plans. */
  shape?: RunShape;
}

export function endpointKey(e: { method: string; name: string }): string {
  return `${e.method} ${e.name}`;
}
