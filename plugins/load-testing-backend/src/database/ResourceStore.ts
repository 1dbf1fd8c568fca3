import { NodeRole, RunWarning } from '@internal/plugin-load-testing-common';
import { Knex } from 'knex';

/** One node's CPU, memory and users at one moment of a run. */
export interface NodeSample {
  node: string;
  /** epoch ms */
  ts: number;
  cpuPercent: number;
  memoryBytes: number;
  userCount: number;
}

/** A node's resources over a window, at most one point per bucket. */
export interface NodeSeries {
  name: string;
  role: NodeRole;
  points: Array<{ ts: number; cpuPercent: number; memoryBytes: number }>;
}

/**
 * Adds resource samples inside a caller's transaction; a sample already stored (the same
 * run, node and time: a redelivery) is left as it is.
 */
export async function insertNodeSamples(
  tx: Knex | Knex.Transaction,
  runId: string,
  samples: NodeSample[],
): Promise<void> {
  if (samples.length === 0) return;
  // one statement per few hundred rows: SQLite allows 32766 bound values
  for (let i = 0; i < samples.length; i += 500) {
    await tx('lt_node_samples')
      .insert(
        samples.slice(i, i + 500).map(s => ({
          run_id: runId,
          node: s.node,
          ts: s.ts,
          cpu_percent: s.cpuPercent,
          memory_bytes: Math.round(s.memoryBytes),
          user_count: s.userCount,
        })),
      )
      .onConflict(['run_id', 'node', 'ts'])
      .ignore();
  }
}

/** The load generators' resources over time (lt_node_samples). */
export class ResourceStore {
  constructor(private readonly db: Knex) {}

  async addSamples(runId: string, samples: NodeSample[]): Promise<void> {
    await insertNodeSamples(this.db, runId, samples);
  }

  /** Epoch ms of a run's first and last resource sample. */
  async span(
    runId: string,
  ): Promise<{ first: number; last: number } | undefined> {
    const r = await this.db('lt_node_samples')
      .where({ run_id: runId })
      .min({ first: 'ts' })
      .max({ last: 'ts' })
      .first();
    if (!r || r.first === null || r.first === undefined) return undefined;
    return { first: Number(r.first), last: Number(r.last) };
  }

  /** Every sample of a run in time order, `fromTs ≤ ts ≤ toTs` when given. */
  async listSamples(
    runId: string,
    options: { fromTs?: number; toTs?: number } = {},
  ): Promise<NodeSample[]> {
    const q = this.db('lt_node_samples').where({ run_id: runId });
    if (options.fromTs !== undefined) q.where('ts', '>=', options.fromTs);
    if (options.toTs !== undefined) q.where('ts', '<=', options.toTs);
    const rows = await q.orderBy([{ column: 'ts' }, { column: 'node' }]);
    return rows.map(r => ({
      node: r.node,
      ts: Number(r.ts),
      cpuPercent: Number(r.cpu_percent ?? 0),
      memoryBytes: Number(r.memory_bytes ?? 0),
      userCount: Number(r.user_count ?? 0),
    }));
  }

  /**
   * Each node's samples of `from ≤ ts ≤ to` in buckets of `bucketMs`: per bucket the highest
   * CPU and memory (a short peak stays visible) at the time of its last sample.
   */
  async series(
    runId: string,
    window: { from: number; to: number; bucketMs: number },
  ): Promise<NodeSeries[]> {
    const bucketMs = Math.max(1, Math.floor(window.bucketMs));
    const from = Math.floor(window.from);
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(bucketMs))
      throw new Error('A resources window must be in whole milliseconds');
    const rows: Array<{
      node: string;
      ts: number | string;
      cpu: number | null;
      memory: number | string | null;
    }> = (await this.db('lt_node_samples')
      .where({ run_id: runId })
      .whereBetween('ts', [from, window.to])
      .select('node')
      // whole numbers written in: a bound number is a float to SQLite, and so its division
      .select(this.db.raw(`(ts - ${from}) / ${bucketMs} as bucket`))
      .max({ ts: 'ts', cpu: 'cpu_percent', memory: 'memory_bytes' })
      .groupBy('node', 'bucket')
      .orderBy([{ column: 'node' }, { column: 'bucket' }])) as any[];
    const roles = new Map<string, NodeRole>(
      (
        await this.db('lt_nodes')
          .where({ run_id: runId })
          .select('name', 'role')
      ).map(r => [r.name, r.role]),
    );
    const byNode = new Map<string, NodeSeries>();
    for (const r of rows) {
      let s = byNode.get(r.node);
      if (!s) {
        s = {
          name: r.node,
          role:
            roles.get(r.node) ?? (r.node === 'master' ? 'master' : 'worker'),
          points: [],
        };
        byNode.set(r.node, s);
      }
      s.points.push({
        ts: Number(r.ts),
        cpuPercent: Number(r.cpu ?? 0),
        memoryBytes: Number(r.memory ?? 0),
      });
    }
    // the master first, then workers in their natural order (worker-2 before worker-10)
    return [...byNode.values()].sort(
      (a, b) =>
        (a.role === 'master' ? 0 : 1) - (b.role === 'master' ? 0 : 1) ||
        a.name.localeCompare(b.name, undefined, { numeric: true }),
    );
  }

  /**
   * Puts a run's warning of `warning.code` in place, replacing one of the same code: a
   * warning whose figure grew while the run went on.
   */
  async putWarning(runId: string, warning: RunWarning): Promise<void> {
    await this.db.transaction(async tx => {
      const r = await tx('lt_runs').where({ id: runId }).first('warnings');
      if (!r) return;
      let list: RunWarning[] = [];
      try {
        list = r.warnings ? JSON.parse(r.warnings) : [];
      } catch {
        list = [];
      }
      const next = list.some(w => w.code === warning.code)
        ? list.map(w => (w.code === warning.code ? warning : w))
        : [...list, warning];
      await tx('lt_runs')
        .where({ id: runId })
        .update({ warnings: JSON.stringify(next) });
    });
  }
}
