import { Knex } from 'knex';

/** A node's log as kept when its run ended. */
export interface KeptLog {
  node: string;
  content: string;
  truncated: boolean;
}

/** Logs of finished runs in the database, so that every replica reads them. */
export class RunLogStore {
  constructor(private readonly db: () => Promise<Knex>) {}

  async put(runId: string, logs: KeptLog[]): Promise<void> {
    if (!logs.length) return;
    const db = await this.db();
    for (const log of logs) {
      await db('lt_run_logs')
        .insert({
          run_id: runId,
          node: log.node,
          // PostgreSQL text takes no NUL
          content: log.content.split(String.fromCharCode(0)).join(''),
          truncated: log.truncated,
        })
        .onConflict(['run_id', 'node'])
        .merge();
    }
  }

  async get(runId: string, node: string): Promise<KeptLog | undefined> {
    const db = await this.db();
    const r = await db('lt_run_logs').where({ run_id: runId, node }).first();
    return r
      ? { node: r.node, content: r.content, truncated: Boolean(r.truncated) }
      : undefined;
  }

  async remove(runId: string): Promise<void> {
    const db = await this.db();
    await db('lt_run_logs').where({ run_id: runId }).delete();
  }
}
