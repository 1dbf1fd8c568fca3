import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  LogChunk,
  isTerminalStatus,
  RunError,
  RunException,
  RunNode,
  RunSeries,
  RunTotals,
  parsePercentileKey,
} from '@internal/plugin-load-testing-common';
import { RunRow, SampleRow, SecondRow, Store } from '../database/Store';
import { MonitorEntry, endpointKey } from '../engines/locust/protocol';
import { Executor } from '../executors/types';
import { throwIfInvalid } from './errors';
import {
  TOTAL_KEY,
  computeSeries,
  seriesFromRollups,
  windowTotals,
} from './results';
import { ROLLUP_RESOLUTIONS, WHOLE_RUN, foldRollups } from './rollups';
import {
  coarseSeries,
  coarseWindowTotals,
  droppedSpan,
} from './housekeeping/coarseReads';
import { RollupService } from './RollupService';
import { RunService } from './RunService';
import { parseWindow } from './timeWindow';

/** Workers report each second's count for about this long after it. */
const LIVE_EDGE_MS = 2000;
/** Windows up to this long are read from the raw samples, one second per point at best. */
const RAW_WINDOW_SECONDS = 1800;

/**
 * A window inside the run: from its start (or the interval of its first sample) to its
 * newest sample, whatever `from`/`to` asked for.
 */
function clip(
  window: { from?: number; to?: number },
  run: RunRow,
  span: { first: number; last: number },
): { from: number; to: number } {
  const runStart = Math.min(
    run.startedAt ? Date.parse(run.startedAt) : Infinity,
    span.first - 1000,
  );
  return {
    from: Math.max(window.from ?? runStart, runStart),
    to: Math.min(window.to ?? span.last, span.last),
  };
}

/** The whole-run rollup rows of some samples and seconds. */
function wholeRun(samples: SampleRow[], seconds: SecondRow[]) {
  return [...foldRollups(samples, seconds).values()].filter(
    r => r.resolution === WHOLE_RUN,
  );
}

/** Endpoint keys of a run, from its latest cumulative snapshot. */
function endpointKeys(run: RunRow): string[] {
  return [...endpointNames(run).keys()].sort();
}

function endpointNames(
  run: RunRow,
): Map<string, { method: string; name: string }> {
  const entries = (run.live?.entries ?? []) as MonitorEntry[];
  return new Map(
    entries.map(e => [endpointKey(e), { method: e.method, name: e.name }]),
  );
}

/** Read models of a run: series, endpoint table, errors, nodes, logs. */
export class ResultsService {
  constructor(
    private readonly deps: {
      store: Store;
      runs: RunService;
      executors: Map<string, Executor>;
      rollups: RollupService;
    },
  ) {}

  private run(
    runId: string,
    credentials: BackstageCredentials,
  ): Promise<RunRow> {
    return this.deps.runs.get(runId, credentials);
  }

  async series(
    runId: string,
    query: {
      percentiles?: string;
      endpoint?: string;
      points?: string;
      from?: string;
      to?: string;
    },
    credentials: BackstageCredentials,
  ): Promise<RunSeries> {
    const run = await this.run(runId, credentials);
    const percentiles = (query.percentiles ?? 'p50,p95,p99')
      .split(',')
      .map(p => p.trim())
      .filter(Boolean);
    const points = query.points === undefined ? 300 : Number(query.points);
    const errors = [];
    const badP = percentiles.filter(p => parsePercentileKey(p) === undefined);
    if (badP.length) {
      errors.push({
        field: 'percentiles',
        message: `unknown ${badP.join(', ')}; use p50, p95, p99.9…`,
      });
    }
    if (!Number.isInteger(points) || points < 1 || points > 2000) {
      errors.push({
        field: 'points',
        message: 'must be a whole number from 1 to 2000',
      });
    }
    const window = parseWindow(query, errors);
    throwIfInvalid(errors);
    const endpoint = query.endpoint ? query.endpoint : null;
    const key = endpoint ?? TOTAL_KEY;
    const live = !isTerminalStatus(run.status);
    const base = {
      runId,
      endpoint,
      percentiles,
      endpoints: endpointKeys(run),
    };
    const span = run.rawDroppedAt
      ? droppedSpan(run)
      : await this.deps.store.getSampleSpan(runId);
    if (!span) return { ...base, points: [] };
    const { from, to } = clip(window, run, span);
    if (to <= from) return { ...base, from, to, points: [] };
    // retention dropped the raw samples: every window comes from the 10-minute rollups
    if (run.rawDroppedAt) {
      const coarse = await coarseSeries(this.deps.store, {
        runId,
        from,
        to,
        points,
        endpoint: key,
        percentiles,
      });
      return { ...base, from, to, ...coarse };
    }
    // the newest seconds of a live run are still being counted by the workers
    const completeUntilMs =
      live && run.lastSampleAt
        ? Date.parse(run.lastSampleAt) - LIVE_EDGE_MS
        : undefined;
    const spanSeconds = (to - from) / 1000;
    if (spanSeconds <= RAW_WINDOW_SECONDS) {
      const [samples, seconds] = await Promise.all([
        this.deps.store.listSamples(runId, { fromTs: from, toTs: to }),
        this.deps.store.listSeconds(runId, {
          from: Math.floor(from / 1000),
          to: Math.ceil(to / 1000),
        }),
      ]);
      return {
        ...base,
        from,
        to,
        resolutionSeconds: 1,
        points: computeSeries({
          samples,
          seconds,
          endpoint,
          percentiles,
          points,
          startMs: from,
          endMs: window.to === undefined ? undefined : to,
          completeUntilMs,
        }),
      };
    }
    // longer windows: the coarsest rollup that still gives the points asked for
    await this.deps.rollups.fold(runId, {
      newestSecond: Math.floor(span.last / 1000),
    });
    const wanted = Math.ceil(spanSeconds / points);
    const resolution =
      [...ROLLUP_RESOLUTIONS].reverse().find(r => r <= wanted) ??
      ROLLUP_RESOLUTIONS[0];
    const step = Math.ceil(wanted / resolution) * resolution;
    const fromSecond = Math.floor(from / 1000 / step) * step;
    const toSecond = Math.ceil(to / 1000);
    const rows = await this.deps.store.listRollups(runId, {
      resolution,
      endpoint: key,
      from: fromSecond,
      to: toSecond,
    });
    const rolled = live ? await this.deps.store.getRolledSecond(runId) : null;
    return {
      ...base,
      from,
      to,
      resolutionSeconds: step,
      points: seriesFromRollups({
        rows,
        fromSecond,
        toSecond,
        stepSeconds: step,
        percentiles,
        completeUntilSecond: live ? (rolled ?? fromSecond) + 1 : undefined,
      }),
    };
  }

  /**
   * The endpoint table: final totals once finished, kept up to date from the rollups
   * before; for a window (`from`/`to`), the figures of that window.
   */
  async endpoints(
    runId: string,
    query: { from?: string; to?: string },
    credentials: BackstageCredentials,
  ): Promise<RunTotals | null> {
    const run = await this.run(runId, credentials);
    const errors: Array<{ field: string; message: string }> = [];
    const window = parseWindow(query, errors);
    throwIfInvalid(errors);
    if (window.from !== undefined || window.to !== undefined)
      return this.windowTotals(run, window);
    if (run.totals) return run.totals as RunTotals;
    return (await this.deps.rollups.totals(run)).totals ?? null;
  }

  /**
   * Figures of a window: from its raw samples when short, else from the rollups (with
   * what a live run has not folded yet), at a resolution that keeps the read small.
   */
  private async windowTotals(
    run: RunRow,
    window: { from?: number; to?: number },
  ): Promise<RunTotals | null> {
    const { store, rollups } = this.deps;
    const span = run.rawDroppedAt
      ? droppedSpan(run)
      : await store.getSampleSpan(run.id);
    if (!span) return null;
    const { from: fromMs, to: toMs } = clip(window, run, span);
    if (toMs <= fromMs) return null;
    const from = Math.floor(fromMs / 1000);
    const to = Math.ceil(toMs / 1000);
    const names = endpointNames(run);
    if (run.rawDroppedAt)
      return coarseWindowTotals(
        store,
        run,
        { from: fromMs, to: toMs },
        clip({}, run, span),
        names,
      );
    if (to - from <= RAW_WINDOW_SECONDS) {
      const [samples, seconds] = await Promise.all([
        store.listSamples(run.id, { fromTs: fromMs, toTs: toMs }),
        store.listSeconds(run.id, { from, to }),
      ]);
      return windowTotals(wholeRun(samples, seconds), to - from, names);
    }
    await rollups.fold(run.id, { newestSecond: Math.floor(span.last / 1000) });
    const resolution =
      ROLLUP_RESOLUTIONS.find(r => (to - from) / r <= 120) ??
      ROLLUP_RESOLUTIONS[ROLLUP_RESOLUTIONS.length - 1];
    // the middle at that resolution, the edges at the finest, so the window is the one asked
    const fine = ROLLUP_RESOLUTIONS[0];
    const start = Math.floor(from / fine) * fine;
    const end = Math.ceil(to / fine) * fine;
    const midFrom = Math.ceil(start / resolution) * resolution;
    const midTo = Math.max(midFrom, Math.floor(end / resolution) * resolution);
    const read = (r: number, a: number, b: number) =>
      b > a
        ? store.listRollups(run.id, { resolution: r, from: a, to: b })
        : Promise.resolve([]);
    const rows = (
      await Promise.all([
        read(resolution, midFrom, midTo),
        read(fine, start, Math.min(midFrom, end)),
        read(fine, Math.max(midTo, start), end),
      ])
    ).flat();
    // a live run's newest seconds settle before they are folded: they come raw
    const rolled = await store.getRolledSecond(run.id);
    const tail = await store.listSeconds(run.id, {
      from: Math.max(start, (rolled ?? start - 1) + 1),
      to: end,
    });
    return windowTotals(
      [...rows, ...wholeRun([], tail)],
      Math.max(1, end - start),
      names,
    );
  }

  async errors(
    runId: string,
    credentials: BackstageCredentials,
  ): Promise<{ errors: RunError[]; exceptions: RunException[] }> {
    const run = await this.run(runId, credentials);
    const errors = ((run.live?.errors ?? []) as RunError[])
      .slice()
      .sort((a, b) => b.occurrences - a.occurrences);
    return {
      errors,
      exceptions: (run.live?.exceptions ?? []) as RunException[],
    };
  }

  async nodes(
    runId: string,
    credentials: BackstageCredentials,
  ): Promise<RunNode[]> {
    await this.run(runId, credentials);
    return this.deps.store.listNodes(runId);
  }

  async log(
    runId: string,
    node: string,
    query: { offset?: string; tail?: string; limit?: string },
    credentials: BackstageCredentials,
  ): Promise<LogChunk> {
    const run = await this.run(runId, credentials);
    const executor = this.deps.executors.get(run.executor);
    if (!executor)
      throw new NotFoundError(
        `Logs of ${run.executor} runs are not available here`,
      );
    const int = (field: string, v: string | undefined) => {
      if (v === undefined) return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0)
        throwIfInvalid([{ field, message: 'must be a whole number ≥ 0' }]);
      return n;
    };
    return executor.readLog(runId, node, {
      offset: int('offset', query.offset),
      tail: int('tail', query.tail),
      limit: int('limit', query.limit),
    });
  }
}
