import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { RunStatus } from '@internal/plugin-load-testing-common';
import { RunRow, Store } from '../../database/Store';
import {
  FollowedRun,
  InstanceRow,
  ReplicaStore,
} from '../../database/ReplicaStore';
import { Executor } from '../../executors/types';
import { ReplicaConfig } from './replicaConfig';

const FOLLOWED: RunStatus[] = [
  'pending',
  'provisioning',
  'running',
  'stopping',
];

/** What the replicas need of the run service. */
export interface ReplicaRuns {
  /** Follows a run through its executor; false when the executor no longer has it. */
  follow(run: RunRow): Promise<boolean>;
  /** A stop recorded by another replica, for a run this one follows. */
  stopRequested(runId: string): Promise<void>;
  finish(runId: string, status: RunStatus, reason?: string): Promise<void>;
}

/**
 * Backend replicas on one database: each says it is alive, stamps the runs it follows,
 * stops its runs when another replica recorded a stop, and takes over what a replica
 * that stopped answering left: Kubernetes runs are followed again, local runs (processes
 * on that replica's host) are declared lost after a longer silence.
 */
export class ReplicaService {
  readonly id: string;
  private readonly startedAt = new Date().toISOString();
  private stopped = false;

  constructor(
    private readonly deps: {
      replicas: ReplicaStore;
      store: Store;
      executors: Map<string, Executor>;
      config: ReplicaConfig;
      logger: LoggerService;
    },
  ) {
    this.id = deps.config.instanceId;
  }

  private runs?: ReplicaRuns;

  /** Says this replica is alive; call before recovery. */
  async heartbeat(): Promise<void> {
    if (this.stopped) return;
    await this.deps.replicas.heartbeat({
      id: this.id,
      host: this.deps.config.host,
      startedAt: this.startedAt,
      heartbeatAt: new Date().toISOString(),
    });
  }

  /** Marks a run this replica starts as followed here. */
  stamp(runId: string): Promise<void> {
    return this.deps.replicas.stamp(runId, this.id);
  }

  /** Whether this replica follows the run (a run no replica was stamped on counts as its). */
  async followsHere(runId: string): Promise<boolean> {
    const instance = await this.deps.replicas.instanceOf(runId);
    return instance === undefined || instance === this.id;
  }

  /**
   * Whether the startup recovery of this replica handles a run: its own, one no replica
   * was stamped on, a resumable one of a replica that went silent (claimed now), or a
   * local one of a silent replica of this host (its processes are here).
   */
  async recovers(run: RunRow): Promise<boolean> {
    const instance = await this.deps.replicas.instanceOf(run.id);
    if (instance === undefined || instance === this.id) return true;
    const other = (await this.deps.replicas.instances()).get(instance);
    if (this.silentSeconds(other) < this.deps.config.takeoverAfterSeconds)
      return false;
    const executor = this.deps.executors.get(run.executor);
    // local processes of a replica of another host are not here to stop
    if (!executor?.resume && other && other.host !== this.deps.config.host)
      return false;
    return this.deps.replicas.claim(run.id, instance, this.id);
  }

  private silentSeconds(other: InstanceRow | undefined) {
    if (!other || other.stoppedAt) return Infinity;
    return Math.floor((Date.now() - Date.parse(other.heartbeatAt)) / 1000);
  }

  /** Starts the heartbeat, which also looks at followed runs and silent replicas. */
  async start(runs: ReplicaRuns, scheduler: SchedulerService): Promise<void> {
    this.runs = runs;
    await this.sweepLost();
    // replicas long gone, with no run left to them
    const day = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
    await this.deps.replicas.prune(day, FOLLOWED);
    await scheduler.scheduleTask({
      id: 'load-testing-replica-heartbeat',
      frequency: { seconds: this.deps.config.heartbeatSeconds },
      timeout: { seconds: Math.max(30, this.deps.config.heartbeatSeconds * 4) },
      scope: 'local',
      fn: () => this.tick(),
    });
  }

  /**
   * Runs of this replica that another declared lost while it was silent: what their
   * processes left on this host is stopped, they are not followed again.
   */
  private async sweepLost() {
    const week = new Date(Date.now() - 7 * 24 * 3600 * 1000).toISOString();
    for (const run of await this.deps.replicas.lostRuns(this.id, week)) {
      const executor = this.deps.executors.get(run.executor);
      if (!executor || executor.resume) continue;
      await executor
        .sweep(run.id)
        .catch(e =>
          this.deps.logger.warn(`Run ${run.id}: could not sweep it: ${e}`),
        );
    }
  }

  /** One heartbeat: alive, stops recorded elsewhere, runs of silent replicas. */
  async tick(): Promise<void> {
    if (this.stopped || !this.runs) return;
    await this.heartbeat();
    const active = await this.deps.replicas.activeRuns(FOLLOWED);
    for (const run of active) {
      if (run.instance === this.id && run.status === 'stopping')
        await this.runs
          .stopRequested(run.id)
          .catch(e =>
            this.deps.logger.warn(`Run ${run.id}: could not stop it: ${e}`),
          );
    }
    const others = active.filter(
      r => r.instance !== undefined && r.instance !== this.id,
    );
    if (!others.length) return;
    const instances = await this.deps.replicas.instances();
    for (const run of others) {
      if (this.stopped) return;
      await this.takeOver(run, instances.get(run.instance!)).catch(e =>
        this.deps.logger.warn(`Run ${run.id}: could not take it over: ${e}`),
      );
    }
  }

  private async takeOver(run: FollowedRun, other: InstanceRow | undefined) {
    const { config, replicas, store, executors, logger } = this.deps;
    const silent = this.silentSeconds(other);
    if (silent < config.takeoverAfterSeconds) return;
    let since = 'is gone';
    if (other?.stoppedAt) since = `shut down at ${other.stoppedAt}`;
    else if (other) since = `stopped answering ${silent} s ago`;
    const executor = executors.get(run.executor);
    if (executor?.resume && run.status !== 'pending') {
      if (!(await replicas.claim(run.id, run.instance, this.id))) return;
      const row = await store.getRun(run.id);
      if (!row) return;
      let followed = false;
      try {
        followed = await this.runs!.follow(row);
      } catch (e) {
        logger.warn(`Run ${run.id} could not be followed: ${e}`);
      }
      if (followed) {
        logger.info(
          `Run ${run.id} (${run.status}) taken over from backend replica ${run.instance}, which ${since}`,
        );
        return;
      }
      await this.runs!.finish(
        run.id,
        'lost',
        `Backend replica ${run.instance} ${since}, and the run was gone when another replica took it over`,
      );
      return;
    }
    // local processes live on the silent replica's host: nobody else can follow them
    if (run.status !== 'pending' && silent < config.lostAfterSeconds) return;
    // the run stays marked as the silent replica's: when it returns, it stops what is left
    logger.warn(
      `Run ${run.id} (${run.status}) of backend replica ${run.instance}, which ${since}: marking it lost`,
    );
    await this.runs!.finish(
      run.id,
      'lost',
      run.status === 'pending'
        ? `Backend replica ${run.instance} ${since} before it started the run`
        : `Backend replica ${run.instance} ${since}; its local Locust processes could not be followed`,
    );
  }

  /**
   * Stops the heartbeat and lets the other replicas follow what this one leaves (runs
   * that outlive it, like Kubernetes ones) at once.
   */
  async release(): Promise<void> {
    this.stopped = true;
    await this.deps.replicas
      .release(this.id)
      .catch(e => this.deps.logger.warn(`Could not release replica: ${e}`));
  }
}
