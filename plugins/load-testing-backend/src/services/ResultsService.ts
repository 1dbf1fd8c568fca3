import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  LogChunk,
  REPORTED_PERCENTILES,
  isTerminalStatus,
  RunError,
  RunException,
  RunNode,
  RunSeries,
  RunTotals,
  parsePercentileKey,
} from '@internal/plugin-load-testing-common';
import { RunRow, Store } from '../database/Store';
import { MonitorEntry } from '../engines/locust/protocol';
import { Executor } from '../executors/types';
import { throwIfInvalid } from './errors';
import { TOTAL_KEY, computeSeries, computeTotals } from './results';
import { RunService } from './RunService';
import { SampleCache } from './SampleCache';

/** Workers report each second's count for about this long after it. */
const LIVE_EDGE_MS = 2000;

/** Read models of a run: series, endpoint table, errors, nodes, logs. */
export class ResultsService {
  private readonly samples: SampleCache;

  constructor(
    private readonly deps: {
      store: Store;
      runs: RunService;
      executors: Map<string, Executor>;
    },
  ) {
    this.samples = new SampleCache(deps.store);
  }

  private run(
    runId: string,
    credentials: BackstageCredentials,
  ): Promise<RunRow> {
    return this.deps.runs.get(runId, credentials);
  }

  async series(
    runId: string,
    query: { percentiles?: string; endpoint?: string; points?: string },
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
    throwIfInvalid(errors);
    const [samples, seconds] = await Promise.all([
      this.samples.get(runId),
      this.deps.store.listSeconds(runId),
    ]);
    const endpoints = new Set<string>();
    for (const s of samples)
      for (const k of Object.keys(s.endpoints))
        if (k !== TOTAL_KEY) endpoints.add(k);
    const endpoint = query.endpoint ? query.endpoint : null;
    return {
      runId,
      endpoint,
      percentiles,
      endpoints: [...endpoints].sort(),
      points: computeSeries({
        samples,
        seconds,
        endpoint,
        percentiles,
        points,
        startMs: run.startedAt ? Date.parse(run.startedAt) : undefined,
        // the newest seconds of a live run are still being counted by the workers
        completeUntilMs:
          !isTerminalStatus(run.status) && run.lastSampleAt
            ? Date.parse(run.lastSampleAt) - LIVE_EDGE_MS
            : undefined,
      }),
    };
  }

  /** The endpoint table: final totals once finished, computed live before. */
  async endpoints(
    runId: string,
    credentials: BackstageCredentials,
  ): Promise<RunTotals | null> {
    const run = await this.run(runId, credentials);
    if (run.totals) return run.totals as RunTotals;
    const live = run.live;
    if (!live?.total) return null;
    const samples = await this.samples.get(runId);
    return (
      computeTotals(
        samples,
        live.entries as MonitorEntry[],
        live.total as MonitorEntry,
        REPORTED_PERCENTILES,
      ) ?? null
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
