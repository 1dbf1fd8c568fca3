import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  LOAD_TESTING_PROMETHEUS_QUERY_ANNOTATION,
  LOAD_TESTING_PROMETHEUS_UNIT_ANNOTATION,
  RunPrometheus,
  RunResources,
  isTerminalStatus,
} from '@internal/plugin-load-testing-common';
import { ResourceStore } from '../../database/ResourceStore';
import { RunRow, Store } from '../../database/Store';
import { throwIfInvalid } from '../errors';
import { RunService } from '../RunService';
import { parseWindow } from '../timeWindow';
import { PrometheusClient } from './PrometheusClient';

/** How far before the first sample the target's metrics start: its state before the load. */
export const PROMETHEUS_LEAD_MS = 30_000;
/** The most points a Prometheus series has over the whole range. */
const PROMETHEUS_POINTS = 500;
/** The most series one chart draws. */
const MAX_SERIES = 30;

type FieldErrors = Array<{ field: string; message: string }>;

/**
 * Step (seconds) of a range query over `spanMs`: whole seconds, at most `points` points.
 */
export function prometheusStep(spanMs: number, points = PROMETHEUS_POINTS) {
  return Math.max(1, Math.ceil(spanMs / 1000 / points));
}

/** What the load generators and the target did while a run went. */
export class ResourcesService {
  constructor(
    private readonly deps: {
      store: Store;
      resources: ResourceStore;
      runs: RunService;
      catalog: CatalogService;
      prometheus?: PrometheusClient;
    },
  ) {}

  async resources(
    runId: string,
    query: { from?: string; to?: string; points?: string },
    credentials: BackstageCredentials,
  ): Promise<RunResources> {
    await this.deps.runs.get(runId, credentials);
    const errors: FieldErrors = [];
    const points = query.points === undefined ? 500 : Number(query.points);
    if (!Number.isInteger(points) || points < 1 || points > 2000)
      errors.push({
        field: 'points',
        message: 'must be a whole number from 1 to 2000',
      });
    const window = parseWindow(query, errors);
    throwIfInvalid(errors);
    const span = await this.deps.resources.span(runId);
    if (!span) return { nodes: [] };
    const from = Math.max(window.from ?? span.first, span.first);
    const to = Math.min(window.to ?? span.last, span.last);
    if (to < from) return { from, to, nodes: [] };
    const bucketMs = Math.max(1, Math.ceil((to - from + 1) / points));
    return {
      from,
      to,
      nodes: await this.deps.resources.series(runId, { from, to, bucketMs }),
    };
  }

  async prometheus(
    runId: string,
    query: { from?: string; to?: string },
    credentials: BackstageCredentials,
  ): Promise<RunPrometheus> {
    const run = await this.deps.runs.get(runId, credentials);
    const errors: FieldErrors = [];
    const window = parseWindow(query, errors);
    throwIfInvalid(errors);
    const { prometheus, catalog } = this.deps;
    if (!prometheus)
      return {
        configured: false,
        reason: 'No Prometheus is configured (loadTesting.prometheus.baseUrl)',
      };
    const entity = await catalog.getEntityByRef(run.entityRef, {
      credentials,
    });
    const annotations = entity?.metadata.annotations ?? {};
    const promQl =
      annotations[LOAD_TESTING_PROMETHEUS_QUERY_ANNOTATION]?.trim();
    if (!promQl)
      return {
        configured: false,
        reason: `${run.entityRef} has no ${LOAD_TESTING_PROMETHEUS_QUERY_ANNOTATION} annotation`,
      };
    const unit = annotations[LOAD_TESTING_PROMETHEUS_UNIT_ANNOTATION]?.trim();
    const base = { configured: true as const, query: promQl, unit };
    const range = await this.range(run, window);
    if (!range) return { ...base, series: [] };
    const result = await prometheus.queryRange(promQl, range);
    const series = result.series.slice(0, MAX_SERIES);
    return {
      ...base,
      start: range.start,
      end: range.end,
      step: range.stepSeconds,
      series,
      ...(result.series.length > MAX_SERIES
        ? { truncated: result.series.length - MAX_SERIES }
        : {}),
    };
  }

  /**
   * From 30 s before the first sample to the last (now, while the run goes) plus a step;
   * a window asked for is kept inside that.
   */
  private async range(
    run: RunRow,
    window: { from?: number; to?: number },
  ): Promise<{ start: number; end: number; stepSeconds: number } | undefined> {
    const span = await this.deps.store.getSampleSpan(run.id);
    if (!span) return undefined;
    const first = span.first - PROMETHEUS_LEAD_MS;
    const last = isTerminalStatus(run.status)
      ? span.last
      : Math.max(span.last, Date.now());
    const start = Math.max(window.from ?? first, first);
    const to = Math.min(window.to ?? last, last);
    if (to <= start) return undefined;
    const stepSeconds = prometheusStep(to - start);
    return { start, end: to + stepSeconds * 1000, stepSeconds };
  }
}
