import { TERMINAL_RUN_STATUSES } from '@internal/plugin-load-testing-common';
import { Knex } from 'knex';

/** Rollup levels dropped with the raw samples; the 10-minute and whole-run ones stay. */
export const FINE_ROLLUP_RESOLUTIONS = [10, 60];

/** What became of one run's raw data on a drop. */
export type DropOutcome =
  /** raw samples, per-second counts and fine rollups are gone */
  | 'dropped'
  /** something was not folded into the rollups yet: nothing changed */
  | 'unfolded'
  /** dropped already (another replica), not finished, or deleted */
  | 'skipped';

/** Tables holding rows of a run, deleted with it; `lt_runs` last. */
const RUN_TABLES: Array<[table: string, column: string]> = [
  ['lt_samples', 'run_id'],
  ['lt_run_seconds', 'run_id'],
  ['lt_run_rollups', 'run_id'],
  ['lt_nodes', 'run_id'],
  ['lt_node_samples', 'run_id'],
  ['lt_report_conclusions', 'run_id'],
  ['lt_report_issues', 'run_id'],
  ['lt_reports', 'run_id'],
];

class Unfolded extends Error {}

/**
 * The SQL of retention: which finished runs are past their ages, dropping their raw
 * data, deleting them. Every change is conditional on the state it was chosen in, so two
 * replicas working at once change each run once.
 */
export class RetentionStore {
  constructor(private readonly db: Knex) {}

  /** Finished runs, oldest first, whose raw data is still there and which finished before `before`. */
  async runsWithRawBefore(before: string, limit: number): Promise<string[]> {
    const rows = await this.db('lt_runs')
      .whereIn('status', TERMINAL_RUN_STATUSES as string[])
      .whereNull('raw_dropped_at')
      .whereNotNull('finished_at')
      .where('finished_at', '<', before)
      .orderBy('finished_at')
      .limit(limit)
      .select('id');
    return rows.map(r => r.id);
  }

  /**
   * Drops a finished run's samples, per-second counts and 10 s / 1 min rollups, and marks
   * it, at once; only when every sample and second is folded into the rollups kept.
   */
  async dropRaw(runId: string, at: string): Promise<DropOutcome> {
    try {
      return await this.db.transaction(async tx => {
        // the claim locks the run: a fold elsewhere waits for the outcome
        const claimed = await tx('lt_runs')
          .where({ id: runId })
          .whereNull('raw_dropped_at')
          .whereNotNull('finished_at')
          .update({ raw_dropped_at: at });
        if (Number(claimed) !== 1) return 'skipped' as const;
        const unrolled = await tx('lt_samples')
          .where({ run_id: runId, rolled: false })
          .first('seq');
        const run = await tx('lt_runs')
          .where({ id: runId })
          .first('rolled_second');
        const seconds = tx('lt_run_seconds').where({ run_id: runId });
        if (run?.rolled_second !== null && run?.rolled_second !== undefined)
          seconds.where('second', '>', run.rolled_second);
        const unfoldedSecond = await seconds.first('second');
        if (unrolled || unfoldedSecond) throw new Unfolded();
        await tx('lt_samples').where({ run_id: runId }).delete();
        await tx('lt_run_seconds').where({ run_id: runId }).delete();
        await tx('lt_run_rollups')
          .where({ run_id: runId })
          .whereIn('resolution', FINE_ROLLUP_RESOLUTIONS)
          .delete();
        return 'dropped' as const;
      });
    } catch (e) {
      if (e instanceof Unfolded) return 'unfolded';
      throw e;
    }
  }

  /**
   * Finished runs, oldest first, that finished before `before` (or were created before
   * it, when they never recorded an end), unless their report is archived or they are a
   * scenario's baseline.
   */
  async runsToDeleteBefore(before: string, limit: number): Promise<string[]> {
    const rows = await this.deletable(this.db('lt_runs'), before)
      .orderBy('created_at')
      .limit(limit)
      .select('id');
    return rows.map((r: { id: string }) => r.id);
  }

  /**
   * Deletes a run with every row of it, if it is still deletable by the same rule;
   * returns whether it was.
   */
  async deleteRun(runId: string, before: string): Promise<boolean> {
    return this.db.transaction(async tx => {
      const deleted = await this.deletable(
        tx('lt_runs').where('lt_runs.id', runId),
        before,
      ).delete();
      if (Number(deleted) !== 1) return false;
      for (const [table, column] of RUN_TABLES)
        await tx(table).where(column, runId).delete();
      return true;
    });
  }

  private deletable(q: Knex.QueryBuilder, before: string): Knex.QueryBuilder {
    const db = this.db;
    return q
      .whereIn('lt_runs.status', TERMINAL_RUN_STATUSES as string[])
      .where(w =>
        w
          .where('lt_runs.finished_at', '<', before)
          .orWhere(n =>
            n
              .whereNull('lt_runs.finished_at')
              .where('lt_runs.created_at', '<', before),
          ),
      )
      .whereNotExists(
        db('lt_reports')
          .whereRaw('lt_reports.run_id = lt_runs.id')
          .where('lt_reports.archived', true)
          .select(db.raw('1')),
      )
      .whereNotExists(
        db('lt_scenarios')
          .whereRaw('lt_scenarios.baseline_run_id = lt_runs.id')
          .select(db.raw('1')),
      );
  }
}
