import { Knex } from 'knex';
import { RunStatus } from '@internal/plugin-load-testing-common';

/** A backend replica as the database knows it. */
export interface InstanceRow {
  id: string;
  host: string;
  startedAt: string;
  heartbeatAt: string;
  /** When it shut down; its runs are followed by others at once. */
  stoppedAt?: string;
}

/** An active run and the replica that follows it. */
export interface FollowedRun {
  id: string;
  status: RunStatus;
  executor: string;
  instance?: string;
  statusReason?: string;
}

/** Backend replicas, their heartbeats, and which of them follows each run. */
export class ReplicaStore {
  constructor(private readonly db: Knex) {}

  async heartbeat(row: InstanceRow): Promise<void> {
    await this.db('lt_instances')
      .insert({
        id: row.id,
        host: row.host,
        started_at: row.startedAt,
        heartbeat_at: row.heartbeatAt,
      })
      .onConflict('id')
      .merge({
        heartbeat_at: row.heartbeatAt,
        host: row.host,
        stopped_at: null,
      });
  }

  /** A replica that stops on purpose lets its runs be followed by others at once. */
  async release(id: string): Promise<void> {
    await this.db('lt_instances')
      .where({ id })
      .update({ stopped_at: new Date().toISOString() });
  }

  /** Forgets replicas silent since `before` (ISO time) that no active run names. */
  async prune(before: string, active: RunStatus[]): Promise<number> {
    return this.db('lt_instances')
      .where('heartbeat_at', '<', before)
      .whereNotIn(
        'id',
        this.db('lt_runs')
          .whereIn('status', active)
          .whereNotNull('instance')
          .select('instance'),
      )
      .delete();
  }

  async instances(): Promise<Map<string, InstanceRow>> {
    const rows = await this.db('lt_instances').select();
    return new Map(
      rows.map(r => [
        r.id,
        {
          id: r.id,
          host: r.host,
          startedAt: r.started_at,
          heartbeatAt: r.heartbeat_at,
          stoppedAt: r.stopped_at ?? undefined,
        },
      ]),
    );
  }

  /** Marks the replica following a run. */
  async stamp(runId: string, instance: string): Promise<void> {
    await this.db('lt_runs').where({ id: runId }).update({ instance });
  }

  /** Takes a run over from `from` (undefined: nobody); false when another replica did first. */
  async claim(
    runId: string,
    from: string | undefined,
    to: string,
  ): Promise<boolean> {
    const q = this.db('lt_runs').where({ id: runId });
    if (from === undefined) q.whereNull('instance');
    else q.where({ instance: from });
    return (await q.update({ instance: to })) === 1;
  }

  async activeRuns(statuses: RunStatus[]): Promise<FollowedRun[]> {
    const rows = await this.db('lt_runs')
      .whereIn('status', statuses)
      .select('id', 'status', 'executor', 'instance', 'status_reason')
      .limit(10000);
    return rows.map(r => ({
      id: r.id,
      status: r.status,
      executor: r.executor,
      instance: r.instance ?? undefined,
      statusReason: r.status_reason ?? undefined,
    }));
  }

  /** Runs of a replica another one declared lost since `after` (ISO time). */
  async lostRuns(
    instance: string,
    after: string,
  ): Promise<Array<{ id: string; executor: string }>> {
    return this.db('lt_runs')
      .where({ instance, status: 'lost' })
      .where('finished_at', '>', after)
      .select('id', 'executor');
  }

  async instanceOf(runId: string): Promise<string | undefined> {
    const r = await this.db('lt_runs').where({ id: runId }).first('instance');
    return r?.instance ?? undefined;
  }
}
