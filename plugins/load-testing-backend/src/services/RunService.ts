import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  CreateRunRequest,
  KubernetesPlacement,
  Page,
  Run,
  RunStatus,
  RunSummaryRow,
  isTargetAllowed,
  isTerminalStatus,
  loadTestingReadPermission,
  loadTestingRunCancelPermission,
  loadTestingRunCreatePermission,
  resolveRunParameters,
} from '@internal/plugin-load-testing-common';
import crypto from 'crypto';
import { LoadTestingConfig } from '../config';
import { RunRow, Store } from '../database/Store';
import { MonitorEntry } from '../engines/locust/protocol';
import {
  Executor,
  ExecutorExit,
  ExecutorListener,
  NodeEvent,
} from '../executors/types';
import { AccessControl } from './access';
import { RefusedError, throwIfInvalid } from './errors';
import { NodeTracker } from './NodeTracker';
import {
  TOTAL_KEY,
  computeTotals,
  computeVerdict,
  mergeSampleHistograms,
} from './results';
import { WebhookSigner } from './signatures';

/** A monitor that delivered this recently hears of a cancel in the webhook's answer. */
const MONITOR_LIVE_MS = 5000;

const ACTIVE: RunStatus[] = [
  'pending',
  'awaiting-approval',
  'provisioning',
  'running',
  'stopping',
];

/** What the API shows of a run row. */
export function toRunSummary(r: RunRow): RunSummaryRow {
  return {
    id: r.id,
    scenarioId: r.scenarioId,
    scenarioName: r.scenarioName,
    entityRef: r.entityRef,
    status: r.status,
    statusReason: r.statusReason,
    verdict: r.verdict,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    executor: r.executor,
    rps: r.rps,
    p95Ms: r.p95Ms,
    failureRatio: r.failureRatio,
    requests: r.requests,
  };
}

export function toRun(r: RunRow): Run {
  return {
    ...toRunSummary(r),
    parameters: r.parameters,
    thresholds: r.thresholds,
    script: r.script,
    totals: r.totals as Run['totals'],
    verdictDetails: r.verdictDetails as Run['verdictDetails'],
    exitCode: r.exitCode,
    lastSampleAt: r.lastSampleAt,
    kubernetes: r.placement,
  };
}

/** Starting, following, stopping and finishing runs. */
export class RunService implements ExecutorListener {
  private readonly finalWaiters = new Map<string, () => void>();
  private readonly cancelledBy = new Map<string, string>();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly deps: {
      store: Store;
      executors: Map<string, Executor>;
      access: AccessControl;
      config: LoadTestingConfig;
      signer: WebhookSigner;
      nodes: NodeTracker;
      logger: LoggerService;
      webhookBaseUrl: () => Promise<string>;
      /** How long to wait for the final snapshot once the master exited. */
      finalSnapshotWaitMs?: number;
      /** Told when a run reached a terminal status. */
      onFinished?: (runId: string) => void;
      /** Told when a stop was requested (the webhook answers the monitor with it). */
      onStopping?: (runId: string) => void;
    },
  ) {}

  private track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    p.finally(() => this.pending.delete(p)).catch(() => {});
    return p;
  }

  async create(
    body: CreateRunRequest,
    credentials: BackstageCredentials,
    userRef: string,
  ): Promise<Run> {
    const { store, config } = this.deps;
    if (typeof body?.scenarioId !== 'string' || !body.scenarioId) {
      throwIfInvalid([{ field: 'scenarioId', message: 'is required' }]);
    }
    const scenario = await store.getScenario(body.scenarioId);
    if (!scenario)
      throwIfInvalid([
        { field: 'scenarioId', message: `no scenario ${body.scenarioId}` },
      ]);
    await this.deps.access.require(
      credentials,
      loadTestingRunCreatePermission,
      scenario!.entityRef,
    );

    const { value: params, errors } = resolveRunParameters(
      scenario!.parameters,
      body.parameters,
    );
    throwIfInvalid(errors);
    const limits = config.settings.limits;
    const over = (field: string, max: number, what: string, key: string) =>
      errors.push({
        field: `parameters.${field}`,
        message: `exceeds the limit of ${max} ${what} (loadTesting.limits.${key})`,
      });
    if (params.users > limits.maxUsers)
      over('users', limits.maxUsers, 'users', 'maxUsers');
    if (params.workers > limits.maxWorkers)
      over('workers', limits.maxWorkers, 'workers', 'maxWorkers');
    if (params.duration > limits.maxDurationSeconds) {
      over(
        'duration',
        limits.maxDurationSeconds,
        'seconds',
        'maxDurationSeconds',
      );
    }
    const executor = this.deps.executors.get(params.executor);
    if (executor?.validate) errors.push(...executor.validate(params));
    if (!executor) {
      errors.push({
        field: 'parameters.executor',
        message:
          params.executor === 'local'
            ? 'the local executor is disabled on this backend (loadTesting.executors.local.enabled)'
            : `the ${params.executor} executor is not configured on this backend`,
      });
    }
    throwIfInvalid(errors);
    if (!isTargetAllowed(params.host, config.settings.targets.allow)) {
      const allowed =
        config.settings.targets.allow.join(', ') || 'no targets are allowed';
      throw new RefusedError(
        `Target ${params.host} is not in the allowlist (loadTesting.targets.allow): ${allowed}`,
        [
          {
            field: 'parameters.host',
            message: `is not an allowed target; allowed: ${allowed}`,
          },
        ],
      );
    }
    const active = await store.countRuns({
      entityRef: scenario!.entityRef,
      statuses: ACTIVE,
    });
    if (active >= limits.maxConcurrentRunsPerEntity) {
      throw new NotAllowedError(
        `${scenario!.entityRef} already has ${active} active run(s); the limit is ${limits.maxConcurrentRunsPerEntity} (loadTesting.limits.maxConcurrentRunsPerEntity). Wait for one to finish or stop it.`,
      );
    }

    const row: RunRow = {
      id: crypto.randomUUID(),
      scenarioId: scenario!.id,
      scenarioName: scenario!.name,
      entityRef: scenario!.entityRef,
      status: 'pending',
      executor: params.executor,
      script: scenario!.script,
      parameters: params,
      thresholds: scenario!.thresholds,
      createdBy: userRef,
      createdAt: new Date().toISOString(),
      finalReceived: false,
    };
    await store.createRun(row);
    this.track(this.launch(row, executor!));
    return toRun(row);
  }

  private async launch(row: RunRow, executor: Executor) {
    const { store, logger } = this.deps;
    try {
      await store.updateRun(row.id, { status: 'provisioning' }, ['pending']);
      const base =
        executor.webhookBaseUrl ?? (await this.deps.webhookBaseUrl());
      await executor.start(
        {
          run: row,
          webhookUrl: `${base.replace(/\/+$/, '')}/webhooks/runs/${row.id}`,
          secret: this.deps.signer.secretFor(row.id),
          intervalSeconds: this.deps.config.settings.sampleIntervalSeconds,
        },
        this,
      );
    } catch (e) {
      logger.error(`Run ${row.id} could not start: ${e}`);
      await this.finish(
        row.id,
        'failed',
        `Could not start: ${(e as Error).message}`,
      );
    }
  }

  async get(runId: string, credentials: BackstageCredentials): Promise<RunRow> {
    const run = await this.deps.store.getRun(runId);
    if (!run) throw new NotFoundError(`No run ${runId}`);
    await this.deps.access.require(
      credentials,
      loadTestingReadPermission,
      run.entityRef,
    );
    return run;
  }

  async list(
    query: {
      entityRef?: string;
      scenarioId?: string;
      offset: number;
      limit: number;
    },
    credentials: BackstageCredentials,
  ): Promise<Page<RunSummaryRow>> {
    let entityRef = query.entityRef;
    if (query.scenarioId) {
      const scenario = await this.deps.store.getScenario(query.scenarioId);
      if (!scenario) throw new NotFoundError(`No scenario ${query.scenarioId}`);
      entityRef = scenario.entityRef;
    }
    if (!entityRef)
      throwIfInvalid([
        { field: 'entityRef', message: 'is required (or scenarioId)' },
      ]);
    await this.deps.access.require(
      credentials,
      loadTestingReadPermission,
      entityRef!,
    );
    const { items, totalCount } = await this.deps.store.listRuns({
      entityRef,
      scenarioId: query.scenarioId,
      offset: query.offset,
      limit: query.limit,
    });
    return {
      items: items.map(toRunSummary),
      totalCount,
      offset: query.offset,
      limit: query.limit,
    };
  }

  async cancel(
    runId: string,
    credentials: BackstageCredentials,
    userRef: string,
  ): Promise<Run> {
    const run = await this.deps.store.getRun(runId);
    if (!run) throw new NotFoundError(`No run ${runId}`);
    await this.deps.access.require(
      credentials,
      loadTestingRunCancelPermission,
      run.entityRef,
    );
    if (isTerminalStatus(run.status)) {
      throw new ConflictError(`Run ${runId} already ended (${run.status})`);
    }
    this.cancelledBy.set(runId, userRef);
    const executor = this.deps.executors.get(run.executor);
    const changed = await this.deps.store.updateRun(
      runId,
      { status: 'stopping', statusReason: `Stop requested by ${userRef}` },
      ['provisioning', 'running'],
    );
    if (changed && executor) {
      this.deps.onStopping?.(runId);
      const lastSample = run.lastSampleAt ? Date.parse(run.lastSampleAt) : 0;
      this.track(
        executor.stop(runId, 'cancel', {
          monitorLive: Date.now() - lastSample < MONITOR_LIVE_MS,
        }),
      );
    } else {
      await this.finish(runId, 'cancelled', `Stopped by ${userRef}`);
    }
    return toRun((await this.deps.store.getRun(runId))!);
  }

  // ---- executor listener ------------------------------------------------------------

  onNodes(runId: string, events: NodeEvent[]): void {
    this.track(
      this.deps.nodes
        .fromExecutor(runId, events)
        .then(rows => this.deps.store.upsertNodes(runId, rows))
        .catch(e =>
          this.deps.logger.warn(`Run ${runId}: could not store nodes: ${e}`),
        ),
    );
  }

  onRunning(runId: string): void {
    this.track(
      this.deps.store.updateRun(
        runId,
        { status: 'running', startedAt: new Date().toISOString() },
        ['pending', 'provisioning'],
      ),
    );
  }

  onPlacement(runId: string, placement: KubernetesPlacement): void {
    this.track(
      this.deps.store
        .updateRun(runId, { placement })
        .catch(e =>
          this.deps.logger.warn(
            `Run ${runId}: could not store placement: ${e}`,
          ),
        ),
    );
  }

  onExit(runId: string, exit: ExecutorExit): void {
    this.track(this.afterExit(runId, exit));
  }

  /** Called by ingest when the final snapshot is stored. */
  onFinalSnapshot(runId: string) {
    this.finalWaiters.get(runId)?.();
  }

  private async waitForFinal(runId: string, ms: number): Promise<boolean> {
    const run = await this.deps.store.getRun(runId);
    if (!run || run.finalReceived) return Boolean(run);
    await new Promise<void>(resolve => {
      const timer = setTimeout(resolve, ms);
      this.finalWaiters.set(runId, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.finalWaiters.delete(runId);
    return Boolean((await this.deps.store.getRun(runId))?.finalReceived);
  }

  private async afterExit(runId: string, exit: ExecutorExit) {
    // the monitor delivers before the master exits; allow for a slow commit
    const hasFinal = await this.waitForFinal(
      runId,
      this.deps.finalSnapshotWaitMs ?? 3000,
    );
    let status: RunStatus;
    let reason: string | undefined;
    if (exit.stoppedBy === 'cancel') {
      status = 'cancelled';
      reason = `Stopped by ${this.cancelledBy.get(runId) ?? 'a user'}`;
    } else if (exit.stoppedBy === 'shutdown') {
      status = 'cancelled';
      reason = 'Stopped because the backend shut down';
    } else if (exit.error) {
      status = 'failed';
      reason = `${exit.error}; the workers were stopped`;
    } else if (!hasFinal) {
      status = 'failed';
      const cause = await this.lastErrorLine(runId);
      reason = `The Locust master exited with code ${exit.exitCode ?? '?'} before reporting final statistics${
        cause ? `: ${cause}` : '; see the master log'
      }`;
    } else {
      status = 'succeeded';
    }
    this.cancelledBy.delete(runId);
    await this.finish(runId, status, reason, exit.exitCode);
  }

  /** The last error the master logged, e.g. a syntax error in the script. */
  private async lastErrorLine(runId: string): Promise<string | undefined> {
    const run = await this.deps.store.getRun(runId);
    const executor = run && this.deps.executors.get(run.executor);
    if (!executor) return undefined;
    try {
      const { text } = await executor.readLog(runId, 'master', { tail: 8192 });
      const lines = text
        .split('\n')
        .map(l => l.trim())
        .filter(Boolean);
      const line = [...lines]
        .reverse()
        .find(l => /(Error|Exception)\b|error:/i.test(l));
      // where in the user's script, when the traceback says
      const where = [...lines]
        .reverse()
        .map(l => /locustfile\.py", line (\d+)/.exec(l))
        .find(Boolean);
      return (
        line &&
        `${line.slice(0, 300)}${where ? ` (script line ${where[1]})` : ''}`
      );
    } catch {
      return undefined;
    }
  }

  /** Moves a run to a terminal status once, with its totals and verdict. */
  async finish(
    runId: string,
    status: RunStatus,
    reason?: string,
    exitCode?: number,
  ) {
    const { store } = this.deps;
    const run = await store.getRun(runId);
    if (!run || isTerminalStatus(run.status)) return;
    const samples = await store.listSamples(runId);
    const live = run.live;
    const totals = computeTotals(
      samples,
      (live?.entries ?? []) as MonitorEntry[],
      live?.total as MonitorEntry | undefined,
    );
    const verdict =
      totals && status === 'succeeded'
        ? computeVerdict(
            run.thresholds,
            totals,
            mergeSampleHistograms(samples).get(TOTAL_KEY) ?? {},
          )
        : undefined;
    await store.updateRun(
      runId,
      {
        status,
        statusReason: reason,
        finishedAt: new Date().toISOString(),
        exitCode: exitCode ?? run.exitCode,
        totals,
        verdict: verdict?.result,
        verdictDetails: verdict,
        rps: totals?.total.rps,
        p95Ms: totals?.total.percentiles.p95,
        failureRatio: totals?.total.failureRatio,
        requests: totals?.total.requests,
      },
      ACTIVE,
    );
    this.deps.nodes.forget(runId);
    this.deps.onFinished?.(runId);
  }

  /**
   * Runs a previous backend left active: followed again when their executor still has
   * them (Kubernetes), else marked lost and their leftovers removed.
   */
  async recoverOnStartup(): Promise<void> {
    const { store, logger } = this.deps;
    const { items } = await store.listRuns({
      statuses: ['pending', 'provisioning', 'running', 'stopping'],
      limit: 10000,
    });
    for (const run of items) {
      const executor = this.deps.executors.get(run.executor);
      if (executor?.resume && run.status !== 'pending') {
        try {
          if (await executor.resume(run, this)) {
            logger.info(`Run ${run.id} (${run.status}) followed again`);
            if (run.status === 'stopping') {
              // the stop was asked of the backend that went away: finish it
              const by = /^Stop requested by (.+)$/.exec(
                run.statusReason ?? '',
              );
              if (by) this.cancelledBy.set(run.id, by[1]);
              this.track(executor.stop(run.id, 'cancel'));
            }
            continue;
          }
        } catch (e) {
          logger.warn(`Run ${run.id} could not be followed again: ${e}`);
        }
      }
      if (executor) await executor.sweep(run.id);
      logger.warn(
        `Run ${run.id} was ${run.status} when the backend stopped; marking it lost`,
      );
      await this.finish(
        run.id,
        'lost',
        `The backend stopped while this run was ${run.status}`,
      );
    }
  }

  /** Removes what executors hold for runs that are over or unknown. */
  async sweep(): Promise<number> {
    let removed = 0;
    const isActive = async (runId: string) => {
      const run = await this.deps.store.getRun(runId);
      return Boolean(run && !isTerminalStatus(run.status));
    };
    for (const executor of this.deps.executors.values()) {
      if (!executor.sweepAll) continue;
      try {
        removed += await executor.sweepAll(isActive);
      } catch (e) {
        this.deps.logger.warn(`Sweep of ${executor.name} runs failed: ${e}`);
      }
    }
    return removed;
  }

  async shutdown(): Promise<void> {
    await Promise.all([...this.deps.executors.values()].map(e => e.shutdown()));
    await Promise.allSettled([...this.pending]);
  }

  /** Resolves when background work started so far is done (tests). */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }
}
