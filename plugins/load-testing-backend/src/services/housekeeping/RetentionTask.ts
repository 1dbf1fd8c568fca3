import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { ForwardedError } from '@backstage/errors';
import { HumanDuration, durationToMilliseconds } from '@backstage/types';
import { RetentionStore } from '../../database/RetentionStore';
import { Store } from '../../database/Store';
import { Executor } from '../../executors/types';
import { RollupService } from '../RollupService';
import { RetentionConfig } from './retentionConfig';

/** The scheduler's id of the task. */
export const RETENTION_TASK_ID = 'load-testing-retention';
/** Runs whose raw data one pass drops, and runs one pass deletes: bounded work per tick. */
export const RAW_RUNS_PER_PASS = 20;
export const DELETED_RUNS_PER_PASS = 50;

/** What one pass did. */
export interface RetentionPass {
  rawDropped: number;
  runsDeleted: number;
}

function before(age: HumanDuration, now: number): string {
  return new Date(now - durationToMilliseconds(age)).toISOString();
}

/**
 * Retention on the scheduler: drops the raw data of runs past `rawSamples` (folded into
 * the rollups first, so the 10-minute and whole-run rollups hold all of it), then deletes
 * runs past `runs` with their files, except archived reports and baselines.
 */
export class RetentionTask {
  constructor(
    private readonly deps: {
      config: RetentionConfig;
      store: Store;
      retention: RetentionStore;
      rollups: RollupService;
      executors: Map<string, Executor>;
      logger: LoggerService;
    },
  ) {}

  /** Registers the task; nothing when both ages are `false`. */
  async schedule(scheduler: SchedulerService): Promise<void> {
    const { config, logger } = this.deps;
    if (config.rawSamples === false && config.runs === false) {
      logger.info('Retention is off: raw samples and runs are kept');
      return;
    }
    await scheduler.scheduleTask({
      id: RETENTION_TASK_ID,
      ...config.schedule,
      scope: 'global',
      fn: async () => {
        await this.runOnce();
      },
    });
  }

  /** One pass: a batch of raw drops, then a batch of deletions. */
  async runOnce(now = Date.now()): Promise<RetentionPass> {
    const { config, logger } = this.deps;
    try {
      const rawDropped =
        config.rawSamples === false
          ? 0
          : await this.dropRaw(before(config.rawSamples, now), now);
      const runsDeleted =
        config.runs === false
          ? 0
          : await this.deleteRuns(before(config.runs, now));
      if (rawDropped || runsDeleted)
        logger.info(
          `Retention dropped the raw samples of ${rawDropped} run(s) and deleted ${runsDeleted} run(s)`,
        );
      return { rawDropped, runsDeleted };
    } catch (e) {
      throw new ForwardedError('Retention pass failed', e);
    }
  }

  private async dropRaw(cutoff: string, now: number): Promise<number> {
    const { retention, rollups, logger } = this.deps;
    let dropped = 0;
    for (const runId of await retention.runsWithRawBefore(
      cutoff,
      RAW_RUNS_PER_PASS,
    )) {
      // everything folded into the rollups that stay, then the drop checks it was
      for (let attempt = 0; attempt < 2; attempt++) {
        await rollups.fold(runId, { final: true });
        const outcome = await retention.dropRaw(
          runId,
          new Date(now).toISOString(),
        );
        if (outcome === 'dropped') dropped++;
        if (outcome !== 'unfolded') break;
        if (attempt === 1)
          logger.warn(
            `Retention kept the raw samples of run ${runId}: they could not all be folded`,
          );
      }
    }
    return dropped;
  }

  private async deleteRuns(cutoff: string): Promise<number> {
    const { retention, store, executors, logger } = this.deps;
    let deleted = 0;
    for (const runId of await retention.runsToDeleteBefore(
      cutoff,
      DELETED_RUNS_PER_PASS,
    )) {
      const run = await store.getRun(runId);
      if (!run || !(await retention.deleteRun(runId, cutoff))) continue;
      deleted++;
      // the rows first: a run archived meanwhile keeps its files too
      try {
        await executors.get(run.executor)?.deleteRunFiles?.(run);
      } catch (e) {
        logger.warn(`Could not delete the files of run ${runId}: ${e}`);
      }
    }
    return deleted;
  }
}
