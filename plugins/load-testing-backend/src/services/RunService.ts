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
  RunShape,
  Verdict,
  VerdictBaseline,
  RunStatus,
  RunSummaryRow,
  isTerminalStatus,
  loadTestingReadPermission,
  loadTestingRunCancelPermission,
  loadTestingRunCreatePermission,
  normalizeEntityRef,
  scriptLineOf,
  stagesShape,
} from '@internal/plugin-load-testing-common';
import crypto from 'crypto';
import { LoadTestingConfig } from '../config';
import { RunRow, Store } from '../database/Store';
import {
  Executor,
  ExecutorExit,
  ExecutorListener,
  NodeEvent,
} from '../executors/types';
import { AccessControl } from './access';
import type { ApprovalService } from './approvals/ApprovalService';
import { Admission } from './admission';
import { throwIfInvalid } from './errors';
import { NodeTracker } from './NodeTracker';
import { LATE_DELIVERY_MS } from './IngestService';
import { runOutcome } from './runOutcome';
import { RollupService } from './RollupService';
import { contentVersion } from '../sources/RepositorySync';
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
    verdictReason: r.verdictReason,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    loadStartedAt: r.loadStartedAt,
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
    scriptVersion: r.scriptVersion,
    kubernetes: r.placement,
    shape: r.shape,
    warnings: r.warnings,
    baselineRunId: (r.verdictDetails as Verdict | undefined)?.baseline?.runId,
    rawDroppedAt: r.rawDroppedAt,
  };
}

/** Starting, following, stopping and finishing runs. */
export class RunService implements ExecutorListener {
  private readonly finalWaiters = new Map<string, () => void>();
  /** Runs whose executor was asked to stop for a cancel, by this replica. */
  private readonly stopsAsked = new Set<string>();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly deps: {
      store: Store;
      rollups: RollupService;
      executors: Map<string, Executor>;
      access: AccessControl;
      admission: Admission;
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
      /** Backend replicas on one database: which follows a run. */
      replicas?: {
        stamp(runId: string): Promise<void>;
        followsHere(runId: string): Promise<boolean>;
        recovers(run: RunRow): Promise<boolean>;
      };
      /** The report status and conclusions marker of listed runs. */
      reportSummaries?: (
        runIds: string[],
      ) => Promise<
        Map<
          string,
          { status?: RunSummaryRow['reportStatus']; hasConclusions: boolean }
        >
      >;
      /** The baseline a finishing run of a scenario is compared with. */
      baselines?: {
        referenceFor(run: RunRow): Promise<VerdictBaseline | undefined>;
      };
      /** Quotas and approval rules: a run may be refused, or wait for an approval. */
      approvals?: Pick<ApprovalService, 'admit' | 'admitted'>;
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
    /** A plan's step: the plan run it belongs to. */
    options?: {
      planRunId?: string;
      /** A plan's step: the approved plan version that covers it, so it does not wait. */
      planApprovalId?: string;
    },
  ): Promise<Run> {
    const { store, config, admission } = this.deps;
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
    await admission.requireEntity(scenario!.entityRef, credentials);
    // the script as it will run: a scenario saved before a check existed is checked now
    const script = await admission.checkScript(scenario!.script);
    throwIfInvalid(script.errors);
    const params = admission.checkParameters(
      scenario!.parameters,
      body.parameters,
      script.shapeClass,
      scenario!.entityRef,
    );
    const limits = config.settings.limits;
    const active = await store.countRuns({
      entityRef: scenario!.entityRef,
      statuses: ACTIVE,
    });
    if (active >= limits.maxConcurrentRunsPerEntity) {
      throw new NotAllowedError(
        `${scenario!.entityRef} already has ${active} active run(s); the limit is ${limits.maxConcurrentRunsPerEntity} (loadTesting.limits.maxConcurrentRunsPerEntity). Wait for one to finish or stop it.`,
      );
    }

    // a quota refuses the run; an approval rule makes it wait
    const approval = await this.deps.approvals?.admit({
      entityRef: scenario!.entityRef,
      parameters: params,
      credentials,
      planApprovalId: options?.planApprovalId,
      planRunId: options?.planRunId,
    });
    const waits = Boolean(approval?.reasons.length && !approval.coveredBy);

    let shape: RunShape | undefined;
    if (script.shapeClass) shape = { className: script.shapeClass };
    else if (params.stages?.length) shape = stagesShape(params.stages);
    const row: RunRow = {
      id: crypto.randomUUID(),
      scenarioId: scenario!.id,
      scenarioName: scenario!.name,
      entityRef: scenario!.entityRef,
      status: waits ? 'awaiting-approval' : 'pending',
      executor: params.executor,
      script: scenario!.script,
      parameters: params,
      thresholds: scenario!.thresholds,
      createdBy: userRef,
      createdAt: new Date().toISOString(),
      finalReceived: false,
      shape,
      // what compared runs are compared on: the repository's version, or the script's hash
      scriptVersion:
        scenario!.source?.version ?? contentVersion(scenario!.script),
      planRunId: options?.planRunId,
    };
    await store.createRun(row);
    if (approval) await this.deps.approvals!.admitted(row, approval);
    if (!waits)
      this.track(this.launch(row, this.deps.executors.get(params.executor)!));
    return toRun(row);
  }

  /** An approved run moves on to start as any run does; false if it no longer waited. */
  async startApproved(runId: string): Promise<boolean> {
    const moved = await this.deps.store.updateRun(
      runId,
      { status: 'pending' },
      ['awaiting-approval'],
    );
    if (!moved) return false;
    const row = (await this.deps.store.getRun(runId))!;
    const executor = this.deps.executors.get(row.executor);
    if (!executor) {
      await this.finish(
        runId,
        'failed',
        `Could not start: the ${row.executor} executor is not configured on this backend`,
      );
      return false;
    }
    this.track(this.launch(row, executor));
    return true;
  }

  async getStatus(runId: string): Promise<RunStatus | undefined> {
    return this.deps.store.getRunStatus(runId);
  }

  private async launch(row: RunRow, executor: Executor) {
    const { store, logger } = this.deps;
    try {
      // only a pending run starts: never one that waits for its approval
      const claimed = await store.updateRun(
        row.id,
        { status: 'provisioning' },
        ['pending'],
      );
      if (!claimed) {
        logger.warn(
          `Run ${row.id} was not started: it is no longer pending (${await store.getRunStatus(row.id)})`,
        );
        return;
      }
      // this replica follows the run
      await this.deps.replicas?.stamp(row.id);
      const base =
        executor.webhookBaseUrl ?? (await this.deps.webhookBaseUrl());
      await executor.start(
        {
          run: row,
          webhookUrl: `${base.replace(/\/+$/, '')}/webhooks/runs/${row.id}`,
          secret: this.deps.signer.secretFor(row.id),
          intervalSeconds: this.deps.config.settings.sampleIntervalSeconds,
          limits: {
            ...(row.shape
              ? {
                  maxUsers: this.deps.config.settings.limits.maxUsers,
                  maxUsersSetting: 'loadTesting.limits.maxUsers',
                }
              : {
                  maxUsers: row.parameters.users,
                  maxUsersSetting: "the run's users parameter",
                }),
            allowedTargets: this.deps.config.settings.targets.allow,
          },
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
    let entityRef: string | undefined;
    if (query.entityRef !== undefined) {
      entityRef = normalizeEntityRef(query.entityRef);
      if (!entityRef)
        throwIfInvalid([
          {
            field: 'entityRef',
            message:
              'must be an entity reference like component:default/my-service',
          },
        ]);
    }
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
    const reports = await this.deps.reportSummaries?.(items.map(r => r.id));
    return {
      items: items.map(r => {
        const report = reports?.get(r.id);
        return report
          ? {
              ...toRunSummary(r),
              reportStatus: report.status,
              hasConclusions: report.hasConclusions,
            }
          : toRunSummary(r);
      }),
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
    const executor = this.deps.executors.get(run.executor);
    const changed = await this.deps.store.updateRun(
      runId,
      { status: 'stopping', statusReason: `Stop requested by ${userRef}` },
      ['provisioning', 'running'],
    );
    // another replica follows the run: it sees the stop recorded here at its heartbeat
    const here =
      !changed || (await this.deps.replicas?.followsHere(runId)) !== false;
    if (changed && !here) {
      this.deps.onStopping?.(runId);
    } else if (changed && executor) {
      this.askStop(run, executor);
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

  /**
   * Called by ingest when the final snapshot is stored. A run that already ended (stopped
   * by a shutdown, or its final statistics arrived late) gets its results from it again.
   */
  onFinalSnapshot(runId: string) {
    const waiter = this.finalWaiters.get(runId);
    if (waiter) waiter();
    else this.track(this.refinish(runId));
  }

  private async waitForFinal(runId: string, ms: number): Promise<boolean> {
    const run = await this.deps.store.getRun(runId);
    if (!run || run.finalReceived) return Boolean(run);
    await new Promise<void>(resolve => {
      const timers: { poll?: NodeJS.Timeout; end?: NodeJS.Timeout } = {};
      const done = () => {
        clearTimeout(timers.end);
        clearInterval(timers.poll);
        resolve();
      };
      // the final snapshot may reach another replica: its arrival shows in the database
      timers.poll = setInterval(() => {
        this.deps.store
          .getRunState(runId)
          .then(r => r?.finalReceived && done())
          .catch(() => {});
      }, 250);
      timers.end = setTimeout(done, ms);
      this.finalWaiters.set(runId, done);
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
    // who asked for the stop is in the database: any replica may have received the cancel
    const current = await this.deps.store.getRun(runId);
    const stopAsked =
      current?.status === 'stopping'
        ? /^Stop requested by (.+)$/.exec(current.statusReason ?? '')
        : null;
    if (exit.stoppedBy === 'cancel' || (!exit.stoppedBy && stopAsked)) {
      status = 'cancelled';
      reason = `Stopped by ${stopAsked?.[1] ?? 'a user'}`;
    } else if (exit.stoppedBy === 'shutdown') {
      status = 'cancelled';
      reason = 'Stopped because the backend shut down';
    } else if (exit.stoppedBy === 'limit') {
      status = 'failed';
      reason = `The run went past its time limit of ${(await this.deps.store.getRun(runId))?.parameters.duration ?? '?'} s and the grace after it, and was stopped`;
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
    this.stopsAsked.delete(runId);
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
      const where = scriptLineOf(text);
      return (
        line && `${line.slice(0, 300)}${where ? ` (script line ${where})` : ''}`
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
    const outcome = await runOutcome(
      this.deps.rollups,
      { ...run, exitCode: exitCode ?? run.exitCode, status },
      await this.baselineFor(run),
    );
    await store.updateRun(
      runId,
      {
        status,
        statusReason: reason,
        finishedAt: new Date().toISOString(),
        exitCode: exitCode ?? run.exitCode,
        ...outcome,
      },
      ACTIVE,
    );
    this.deps.nodes.forget(runId);
    this.deps.onFinished?.(runId);
  }

  /** The baseline to judge a run against; a run is judged without one if it cannot be read. */
  private async baselineFor(run: RunRow): Promise<VerdictBaseline | undefined> {
    try {
      return await this.deps.baselines?.referenceFor(run);
    } catch (e) {
      this.deps.logger.warn(`Run ${run.id}: could not read its baseline: ${e}`);
      return undefined;
    }
  }

  /** A run that ended before its final snapshot arrived: its results, from all it sent. */
  private async refinish(runId: string) {
    const { store, logger } = this.deps;
    const run = await store.getRun(runId);
    if (!run || !isTerminalStatus(run.status) || !run.finalReceived) return;
    const outcome = await runOutcome(
      this.deps.rollups,
      run,
      await this.baselineFor(run),
    );
    await store.updateRun(runId, outcome, [run.status]);
    logger.info(
      `Run ${runId} (${run.status}): final statistics received after it ended; results updated`,
    );
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
      // another replica's run, while it answers (or its local processes elsewhere)
      if (this.deps.replicas && !(await this.deps.replicas.recovers(run)))
        continue;
      const executor = this.deps.executors.get(run.executor);
      try {
        if (await this.follow(run)) {
          logger.info(`Run ${run.id} (${run.status}) followed again`);
          continue;
        }
      } catch (e) {
        logger.warn(`Run ${run.id} could not be followed again: ${e}`);
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

  /**
   * Follows a run through its executor (after a restart, or taken over from a replica
   * that stopped answering); false when the executor cannot.
   */
  async follow(run: RunRow): Promise<boolean> {
    const executor = this.deps.executors.get(run.executor);
    if (!executor?.resume || run.status === 'pending') return false;
    if (!(await executor.resume(run, this))) return false;
    // the stop was asked of a backend that went away: finish it
    if (run.status === 'stopping') {
      this.stopsAsked.add(run.id);
      this.track(executor.stop(run.id, 'cancel'));
    }
    return true;
  }

  /** A stop another replica recorded, for a run this one follows: its executor stops it. */
  async stopRequested(runId: string): Promise<void> {
    if (this.stopsAsked.has(runId)) return;
    const run = await this.deps.store.getRun(runId);
    const executor = run && this.deps.executors.get(run.executor);
    if (!run || run.status !== 'stopping' || !executor) return;
    this.askStop(run, executor);
  }

  /**
   * Asks the executor to stop a run this replica follows, once: whether its monitor still
   * delivers (a sample within MONITOR_LIVE_MS) decides how the executor stops it.
   */
  private askStop(run: RunRow, executor: Executor) {
    this.stopsAsked.add(run.id);
    this.deps.onStopping?.(run.id);
    const lastSample = run.lastSampleAt ? Date.parse(run.lastSampleAt) : 0;
    this.track(
      executor.stop(run.id, 'cancel', {
        monitorLive: Date.now() - lastSample < MONITOR_LIVE_MS,
      }),
    );
  }

  /** Removes what executors hold for runs that are over or unknown. */
  async sweep(): Promise<number> {
    let removed = 0;
    // a run that ended without its final snapshot may still be delivering it
    const isActive = async (runId: string) => {
      const run = await this.deps.store.getRunState(runId);
      if (!run) return false;
      if (!isTerminalStatus(run.status)) return true;
      return (
        !run.finalReceived &&
        run.finishedAt !== undefined &&
        Date.now() - Date.parse(run.finishedAt) < LATE_DELIVERY_MS
      );
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

  /**
   * Runs no backend watches past their time limit and its grace (a script that blocked
   * its monitor, a lost Kubernetes deadline) are stopped.
   */
  async enforceTimeLimits(now = Date.now()): Promise<number> {
    const { store, executors, logger } = this.deps;
    const { items } = await store.listRuns({
      statuses: ['running'],
      limit: 1000,
    });
    let stopped = 0;
    for (const run of items) {
      const executor = executors.get(run.executor);
      if (!executor || !run.startedAt) continue;
      const deadline =
        Date.parse(run.startedAt) +
        (run.parameters.duration + executor.limitGraceSeconds(run)) * 1000;
      if (now < deadline) continue;
      logger.warn(
        `Run ${run.id} went past its time limit of ${run.parameters.duration} s; stopping it`,
      );
      stopped++;
      await store.addRunWarning(run.id, {
        code: 'time-limit-exceeded',
        message: `The run went past its time limit of ${run.parameters.duration} s and ${executor.limitGraceSeconds(run)} s of grace; the platform stopped it`,
        at: new Date(now).toISOString(),
      });
      this.track(executor.stop(run.id, 'limit'));
    }
    return stopped;
  }

  /** Stops (or lets go of) every run, while the backend still takes their final snapshots. */
  async shutdown(): Promise<void> {
    await Promise.all([...this.deps.executors.values()].map(e => e.shutdown()));
    await Promise.allSettled([...this.pending]);
  }

  /** Resolves when background work started so far is done (tests). */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }
}
