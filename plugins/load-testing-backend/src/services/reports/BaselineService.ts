import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  DEFAULT_BASELINE_MARGIN_PERCENT,
  ScenarioBaseline,
  ScenarioTrend,
  VerdictBaseline,
  loadTestingReadPermission,
  loadTestingReportUpdatePermission,
} from '@internal/plugin-load-testing-common';
import { BaselineStore } from '../../database/BaselineStore';
import { RunRow, Store } from '../../database/Store';
import { AccessControl } from '../access';
import { throwIfInvalid } from '../errors';

/** Most points a trend gives, and how many when not asked. */
export const TREND_MAX_POINTS = 500;
export const TREND_DEFAULT_POINTS = 50;
const MAX_MARGIN_PERCENT = 1000;

/** A scenario's baseline run, its trend, and the baseline a finishing run is judged by. */
export class BaselineService {
  constructor(
    private readonly deps: {
      store: Store;
      baselines: BaselineStore;
      access: AccessControl;
    },
  ) {}

  private async scenario(id: string) {
    const scenario = await this.deps.store.getScenario(id);
    if (!scenario) throw new NotFoundError(`No scenario ${id}`);
    return scenario;
  }

  /** Makes a finished run with a verdict and requests its scenario's baseline. */
  async set(
    scenarioId: string,
    body: unknown,
    credentials: BackstageCredentials,
    userRef: string,
  ): Promise<ScenarioBaseline> {
    const input = (body ?? {}) as Record<string, unknown>;
    const runId = input.runId;
    const margin = input.marginPercent ?? DEFAULT_BASELINE_MARGIN_PERCENT;
    throwIfInvalid([
      ...(typeof runId !== 'string' || !runId
        ? [{ field: 'runId', message: 'is required' }]
        : []),
      ...(typeof margin !== 'number' ||
      !Number.isFinite(margin) ||
      margin < 0 ||
      margin > MAX_MARGIN_PERCENT
        ? [
            {
              field: 'marginPercent',
              message: `must be a number from 0 to ${MAX_MARGIN_PERCENT}`,
            },
          ]
        : []),
    ]);
    const scenario = await this.scenario(scenarioId);
    await this.deps.access.require(
      credentials,
      loadTestingReportUpdatePermission,
      scenario.entityRef,
    );
    const run = await this.deps.store.getRun(runId as string);
    if (!run || run.scenarioId !== scenarioId)
      throwIfInvalid([
        {
          field: 'runId',
          message: run
            ? `is a run of another scenario (${run.scenarioName})`
            : `no run ${runId}`,
        },
      ]);
    if (run!.status !== 'succeeded')
      throw new ConflictError(
        `Run ${run!.id} is ${run!.status}: only a run that completed can be the baseline`,
      );
    if (!run!.verdict)
      throw new ConflictError(
        `Run ${run!.id} has no verdict: only a judged run can be the baseline`,
      );
    if (!run!.requests)
      throw new ConflictError(
        `Run ${run!.id} made no requests: there is nothing to compare later runs with`,
      );
    const baseline: ScenarioBaseline = {
      runId: run!.id,
      marginPercent: margin as number,
      setBy: userRef,
      setAt: new Date().toISOString(),
    };
    await this.deps.baselines.setBaseline(scenarioId, baseline);
    return baseline;
  }

  async clear(scenarioId: string, credentials: BackstageCredentials) {
    const scenario = await this.scenario(scenarioId);
    await this.deps.access.require(
      credentials,
      loadTestingReportUpdatePermission,
      scenario.entityRef,
    );
    await this.deps.baselines.clearBaseline(scenarioId);
  }

  /** The scenario's completed runs, oldest first, with its key figures. */
  async trend(
    scenarioId: string,
    limitParam: unknown,
    credentials: BackstageCredentials,
  ): Promise<ScenarioTrend> {
    let limit = TREND_DEFAULT_POINTS;
    if (limitParam !== undefined) {
      limit = Number(limitParam);
      if (!Number.isInteger(limit) || limit < 1 || limit > TREND_MAX_POINTS)
        throwIfInvalid([
          {
            field: 'limit',
            message: `must be a whole number from 1 to ${TREND_MAX_POINTS}`,
          },
        ]);
    }
    const scenario = await this.scenario(scenarioId);
    await this.deps.access.require(
      credentials,
      loadTestingReadPermission,
      scenario.entityRef,
    );
    const baseline = scenario.baseline;
    const rows = await this.deps.baselines.trend(scenarioId, limit);
    return {
      scenarioId,
      baseline,
      points: rows.map(r => ({
        ...r,
        isBaseline: r.runId === baseline?.runId,
      })),
    };
  }

  /**
   * The baseline a finishing run is compared with: its scenario's, when that is an
   * earlier run with figures. None for the baseline itself, or one with no data.
   */
  async referenceFor(run: RunRow): Promise<VerdictBaseline | undefined> {
    const baseline = await this.deps.baselines.getBaseline(run.scenarioId);
    if (!baseline || baseline.runId === run.id) return undefined;
    const base = await this.deps.store.getRun(baseline.runId);
    if (!base || !base.requests || base.createdAt >= run.createdAt)
      return undefined;
    const p95Ms = base.p95Ms;
    const failureRatio = base.failureRatio;
    if (p95Ms === undefined && failureRatio === undefined) return undefined;
    return {
      runId: base.id,
      marginPercent: baseline.marginPercent,
      p95Ms,
      failureRatio,
    };
  }
}
