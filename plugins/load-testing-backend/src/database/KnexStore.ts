import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  ListRunsOptions,
  NodeRow,
  RunPatch,
  RunRow,
  SampleRow,
  ScenarioRow,
  SecondRow,
  SnapshotWrite,
  Store,
} from './Store';
import {
  RunStatus,
  RunWarning,
  ScenarioSourceState,
} from '@internal/plugin-load-testing-common';
import { RollupRow, mergeRollup, rollupKey } from '../services/rollups';
import { insertNodeSamples } from './ResourceStore';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-load-testing-backend',
  'migrations',
);

const json = (v: unknown) => (v === undefined ? undefined : JSON.stringify(v));
const parse = <T>(v: unknown): T | undefined =>
  v === null || v === undefined ? undefined : (JSON.parse(String(v)) as T);
const iso = (v: unknown): string | undefined => {
  if (v === null || v === undefined) return undefined;
  const d =
    v instanceof Date
      ? v
      : new Date(
          typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : (v as string),
        );
  return d.toISOString();
};
const num = (v: unknown): number | undefined =>
  v === null || v === undefined ? undefined : Number(v);
const str = (v: unknown): string | undefined =>
  v === null || v === undefined ? undefined : String(v);

// Column names of the run patch fields; JSON fields are serialized.
const RUN_COLUMNS: Record<string, [string, 'json' | 'plain' | 'bool']> = {
  scenarioName: ['scenario_name', 'plain'],
  status: ['status', 'plain'],
  statusReason: ['status_reason', 'plain'],
  executor: ['executor', 'plain'],
  script: ['script', 'plain'],
  parameters: ['parameters', 'json'],
  thresholds: ['thresholds', 'json'],
  startedAt: ['started_at', 'plain'],
  loadStartedAt: ['load_started_at', 'plain'],
  finishedAt: ['finished_at', 'plain'],
  lastSampleAt: ['last_sample_at', 'plain'],
  exitCode: ['exit_code', 'plain'],
  userCount: ['user_count', 'plain'],
  finalReceived: ['final_received', 'bool'],
  live: ['live', 'json'],
  totals: ['totals', 'json'],
  verdict: ['verdict', 'plain'],
  verdictReason: ['verdict_reason', 'plain'],
  verdictDetails: ['verdict_details', 'json'],
  rps: ['rps', 'plain'],
  p95Ms: ['p95_ms', 'plain'],
  failureRatio: ['failure_ratio', 'plain'],
  requests: ['requests', 'plain'],
  placement: ['placement', 'json'],
  scriptVersion: ['script_version', 'plain'],
  shape: ['shape', 'json'],
  warnings: ['warnings', 'json'],
  rawDroppedAt: ['raw_dropped_at', 'plain'],
  planRunId: ['plan_run_id', 'plain'],
};

function runPatchToColumns(patch: RunPatch): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    const col = RUN_COLUMNS[key];
    if (!col || value === undefined) continue;
    const [name, kind] = col;
    if (value === null) out[name] = null;
    else if (kind === 'json') out[name] = JSON.stringify(value);
    else if (kind === 'bool') out[name] = Boolean(value);
    else out[name] = value;
  }
  return out;
}

function toScenario(r: any): ScenarioRow {
  return {
    id: r.id,
    entityRef: r.entity_ref,
    name: r.name,
    description: str(r.description),
    script: r.script,
    parameters: parse(r.parameters)!,
    thresholds: parse(r.thresholds) ?? {},
    shapeClass: str(r.shape_class),
    source: r.source_url
      ? {
          url: r.source_url,
          descriptorUrl: str(r.source_descriptor) ?? '',
          version: str(r.source_version) ?? '',
        }
      : undefined,
    baseline: r.baseline_run_id
      ? {
          runId: r.baseline_run_id,
          marginPercent: Number(r.baseline_margin_percent ?? 10),
          setBy: str(r.baseline_set_by),
          setAt: iso(r.baseline_set_at),
        }
      : undefined,
    createdBy: r.created_by,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

function sourceColumns(source: ScenarioRow['source']) {
  return {
    source_url: source?.url ?? null,
    source_descriptor: source?.descriptorUrl ?? null,
    source_version: source?.version ?? null,
  };
}

function toRun(r: any): RunRow {
  return {
    id: r.id,
    scenarioId: r.scenario_id,
    scenarioName: r.scenario_name,
    entityRef: r.entity_ref,
    status: r.status,
    statusReason: str(r.status_reason),
    executor: r.executor,
    script: r.script,
    parameters: parse(r.parameters)!,
    thresholds: parse(r.thresholds) ?? {},
    createdBy: r.created_by,
    createdAt: iso(r.created_at)!,
    startedAt: iso(r.started_at),
    loadStartedAt: iso(r.load_started_at),
    finishedAt: iso(r.finished_at),
    lastSampleAt: iso(r.last_sample_at),
    exitCode: num(r.exit_code),
    userCount: num(r.user_count),
    finalReceived: Boolean(r.final_received),
    live: parse(r.live),
    totals: parse(r.totals),
    verdict: str(r.verdict) as RunRow['verdict'],
    verdictReason: str(r.verdict_reason),
    verdictDetails: parse(r.verdict_details),
    rps: num(r.rps),
    p95Ms: num(r.p95_ms),
    failureRatio: num(r.failure_ratio),
    requests: num(r.requests),
    placement: parse(r.placement),
    scriptVersion: str(r.script_version),
    shape: parse(r.shape),
    warnings: parse(r.warnings),
    rawDroppedAt: iso(r.raw_dropped_at),
    planRunId: str(r.plan_run_id),
  };
}

function toNode(r: any): NodeRow {
  return {
    name: r.name,
    role: r.role,
    state: r.state,
    pid: num(r.pid),
    host: str(r.host),
    cpuPercent: num(r.cpu_percent),
    memoryBytes: num(r.memory_bytes),
    userCount: num(r.user_count),
    exitCode: num(r.exit_code),
    message: str(r.message),
    pod: str(r.pod),
    phase: str(r.phase),
    restarts: num(r.restarts),
    readyAt: iso(r.ready_at),
    updatedAt: iso(r.updated_at)!,
  };
}

function nodeColumns(runId: string, n: NodeRow) {
  return {
    run_id: runId,
    name: n.name,
    role: n.role,
    state: n.state,
    pid: n.pid ?? null,
    host: n.host ?? null,
    cpu_percent: n.cpuPercent ?? null,
    memory_bytes: n.memoryBytes ?? null,
    user_count: n.userCount ?? null,
    exit_code: n.exitCode ?? null,
    message: n.message ?? null,
    pod: n.pod ?? null,
    phase: n.phase ?? null,
    restarts: n.restarts ?? null,
    ready_at: n.readyAt ?? null,
    updated_at: n.updatedAt,
  };
}

function maxPair(
  a: [number, number] | undefined,
  b: [number, number],
): [number, number] {
  return a ? [Math.max(a[0], b[0]), Math.max(a[1], b[1])] : b;
}

/** Several deliveries may carry the same second: keep the largest counts. */
function combineSeconds(rows: SecondRow[]): SecondRow[] {
  const out = new Map<number, SecondRow>();
  for (const r of rows) {
    const old = out.get(r.second);
    if (!old) {
      out.set(r.second, { ...r, endpoints: { ...r.endpoints } });
      continue;
    }
    old.requests = Math.max(old.requests, r.requests);
    old.failures = Math.max(old.failures, r.failures);
    for (const [k, v] of Object.entries(r.endpoints))
      old.endpoints[k] = maxPair(old.endpoints[k], v);
  }
  return [...out.values()];
}

function sameSecond(a: SecondRow, b: SecondRow): boolean {
  if (a.requests !== b.requests || a.failures !== b.failures) return false;
  const keys = Object.keys(b.endpoints);
  if (keys.length !== Object.keys(a.endpoints).length) return false;
  return keys.every(k => {
    const x = a.endpoints[k];
    const y = b.endpoints[k];
    return x !== undefined && x[0] === y[0] && x[1] === y[1];
  });
}

/** Knex implementation of the store, for SQLite and PostgreSQL. */
export class KnexStore implements Store {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<KnexStore> {
    const knex = await options.database.getClient();
    if (knex.client.config.client === 'better-sqlite3') {
      // samples arrive many times a second: no fsync per commit, readers never block the writer
      await knex.raw('PRAGMA journal_mode = WAL').catch(() => {});
      await knex.raw('PRAGMA synchronous = NORMAL');
    }
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await KnexStore.migrate(knex);
    }
    return new KnexStore(knex);
  }

  static async migrate(knex: Knex): Promise<void> {
    await knex.migrate.latest({ directory: migrationsDir });
  }

  static async rollback(knex: Knex): Promise<void> {
    await knex.migrate.rollback({ directory: migrationsDir }, true);
  }

  constructor(private readonly db: Knex) {}

  /** The client, for the stores of other rooms (reports, resources, retention). */
  get knex(): Knex {
    return this.db;
  }

  async createScenario(row: ScenarioRow): Promise<void> {
    await this.db('lt_scenarios').insert({
      id: row.id,
      entity_ref: row.entityRef,
      name: row.name,
      description: row.description ?? null,
      script: row.script,
      parameters: json(row.parameters),
      thresholds: json(row.thresholds),
      shape_class: row.shapeClass ?? null,
      ...sourceColumns(row.source),
      created_by: row.createdBy,
      created_at: row.createdAt,
      updated_at: row.updatedAt,
    });
  }

  async getScenario(id: string): Promise<ScenarioRow | undefined> {
    const r = await this.db('lt_scenarios').where({ id }).first();
    return r ? toScenario(r) : undefined;
  }

  async listScenarios(entityRef: string): Promise<ScenarioRow[]> {
    const rows = await this.db('lt_scenarios')
      .where({ entity_ref: entityRef })
      .orderBy('name');
    return rows.map(toScenario);
  }

  async getSourceState(entityRef: string) {
    const r = await this.db('lt_scenario_sources')
      .where({ entity_ref: entityRef })
      .first();
    if (!r) return undefined;
    return {
      entityRef: r.entity_ref,
      url: r.url,
      syncedAt: iso(r.synced_at),
      error: str(r.error),
      errorAt: iso(r.error_at),
    };
  }

  async replaceSourceScenarios(
    rows: ScenarioRow[],
    removedIds: string[],
  ): Promise<void> {
    await this.db.transaction(async tx => {
      if (removedIds.length)
        await tx('lt_scenarios').whereIn('id', removedIds).delete();
      for (const row of rows) {
        const cols = {
          id: row.id,
          entity_ref: row.entityRef,
          name: row.name,
          description: row.description ?? null,
          script: row.script,
          parameters: json(row.parameters),
          thresholds: json(row.thresholds),
          shape_class: row.shapeClass ?? null,
          ...sourceColumns(row.source),
          created_by: row.createdBy,
          created_at: row.createdAt,
          updated_at: row.updatedAt,
        };
        await tx('lt_scenarios').insert(cols).onConflict('id').merge();
      }
    });
  }

  async putSourceState(state: ScenarioSourceState): Promise<void> {
    const row = {
      entity_ref: state.entityRef,
      url: state.url,
      synced_at: state.syncedAt ?? null,
      error: state.error ?? null,
      error_at: state.errorAt ?? null,
    };
    await this.db('lt_scenario_sources')
      .insert(row)
      .onConflict('entity_ref')
      .merge();
  }

  async updateScenario(id: string, patch: Partial<ScenarioRow>): Promise<void> {
    const cols: Record<string, unknown> = {};
    if (patch.name !== undefined) cols.name = patch.name;
    if (patch.description !== undefined) cols.description = patch.description;
    if (patch.script !== undefined) cols.script = patch.script;
    if (patch.parameters !== undefined)
      cols.parameters = json(patch.parameters);
    if (patch.thresholds !== undefined)
      cols.thresholds = json(patch.thresholds);
    if (patch.updatedAt !== undefined) cols.updated_at = patch.updatedAt;
    if ('shapeClass' in patch) cols.shape_class = patch.shapeClass ?? null;
    if ('source' in patch) Object.assign(cols, sourceColumns(patch.source));
    await this.db('lt_scenarios').where({ id }).update(cols);
  }

  async deleteScenario(id: string): Promise<void> {
    await this.db('lt_scenarios').where({ id }).delete();
  }

  async createRun(row: RunRow): Promise<void> {
    await this.db('lt_runs').insert({
      id: row.id,
      scenario_id: row.scenarioId,
      entity_ref: row.entityRef,
      created_by: row.createdBy,
      created_at: row.createdAt,
      ...runPatchToColumns(row),
    });
  }

  async getRun(id: string): Promise<RunRow | undefined> {
    const r = await this.db('lt_runs').where({ id }).first();
    return r ? toRun(r) : undefined;
  }

  async getRunStatus(id: string): Promise<RunStatus | undefined> {
    const r = await this.db('lt_runs').where({ id }).first('status');
    return r?.status;
  }

  async getRunState(id: string) {
    const r = await this.db('lt_runs')
      .where({ id })
      .first('status', 'final_received', 'finished_at', 'live');
    if (!r) return undefined;
    // the live view's seq sits at the start of its JSON: no need to parse the rest
    const seq = /^\{"seq":(\d+)/.exec(String(r.live ?? ''));
    return {
      status: r.status as RunStatus,
      finalReceived: Boolean(r.final_received),
      finishedAt: iso(r.finished_at),
      liveSeq: seq ? Number(seq[1]) : 0,
    };
  }

  async addRunWarning(id: string, warning: RunWarning): Promise<void> {
    await this.db.transaction(async tx => {
      const r = await tx('lt_runs').where({ id }).first('warnings');
      if (!r) return;
      const list = parse<RunWarning[]>(r.warnings) ?? [];
      if (list.some(w => w.code === warning.code)) return;
      await tx('lt_runs')
        .where({ id })
        .update({ warnings: JSON.stringify([...list, warning]) });
    });
  }

  async listRuns(options: ListRunsOptions) {
    const q = this.db('lt_runs');
    if (options.entityRef) q.where('entity_ref', options.entityRef);
    if (options.scenarioId) q.where('scenario_id', options.scenarioId);
    if (options.statuses) q.whereIn('status', options.statuses);
    const [{ count }] = await q.clone().count({ count: '*' });
    const rows = await q
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .offset(options.offset ?? 0)
      .limit(options.limit ?? 20);
    return { items: rows.map(toRun), totalCount: Number(count) };
  }

  async latestRuns(scenarioIds: string[]): Promise<Map<string, RunRow>> {
    const out = new Map<string, RunRow>();
    if (scenarioIds.length === 0) return out;
    const latest = this.db('lt_runs')
      .select('scenario_id')
      .max({ created_at: 'created_at' })
      .whereIn('scenario_id', scenarioIds)
      .groupBy('scenario_id')
      .as('latest');
    const rows = await this.db('lt_runs')
      .join(latest, function join() {
        this.on('lt_runs.scenario_id', '=', 'latest.scenario_id').andOn(
          'lt_runs.created_at',
          '=',
          'latest.created_at',
        );
      })
      .select('lt_runs.*');
    for (const r of rows) out.set(r.scenario_id, toRun(r));
    return out;
  }

  async updateRun(
    id: string,
    patch: RunPatch,
    onlyFrom?: RunStatus[],
  ): Promise<boolean> {
    const q = this.db('lt_runs').where({ id });
    if (onlyFrom) q.whereIn('status', onlyFrom);
    const changed = await q.update(runPatchToColumns(patch));
    return Number(changed) > 0;
  }

  async countRuns(options: { entityRef: string; statuses: RunStatus[] }) {
    const [{ count }] = await this.db('lt_runs')
      .where('entity_ref', options.entityRef)
      .whereIn('status', options.statuses)
      .count({ count: '*' });
    return Number(count);
  }

  async applySnapshots(writes: SnapshotWrite[]): Promise<boolean[]> {
    if (writes.length === 0) return [];
    return this.db.transaction(async tx => {
      const inserted = await tx('lt_samples')
        .insert(
          writes.map(w => ({
            run_id: w.runId,
            seq: w.sample.seq,
            ts: w.sample.ts,
            user_count: w.sample.userCount,
            endpoints:
              w.sample.endpointsJson ?? JSON.stringify(w.sample.endpoints),
          })),
        )
        .onConflict(['run_id', 'seq'])
        .ignore()
        .returning(['run_id', 'seq']);
      const storedKeys = new Set(
        inserted.map((r: any) => `${r.run_id}/${Number(r.seq)}`),
      );
      const stored = writes.map(w =>
        storedKeys.has(`${w.runId}/${w.sample.seq}`),
      );
      // per run, in seq order: seconds merge by maximum, later patches and nodes win
      const byRun = new Map<string, SnapshotWrite[]>();
      writes.forEach((w, i) => {
        if (!stored[i]) return;
        const list = byRun.get(w.runId) ?? [];
        list.push(w);
        byRun.set(w.runId, list);
      });
      const seconds = new Map<string, SecondRow[]>();
      const nodes: Array<ReturnType<typeof nodeColumns>> = [];
      for (const [runId, list] of byRun) {
        list.sort((a, b) => a.sample.seq - b.sample.seq);
        seconds.set(runId, combineSeconds(list.flatMap(w => w.seconds)));
        const cols = runPatchToColumns(
          Object.assign({}, ...list.map(w => w.run)),
        );
        if (Object.keys(cols).length)
          await tx('lt_runs').where({ id: runId }).update(cols);
        const latest = new Map<string, NodeRow>();
        for (const w of list) for (const n of w.nodes) latest.set(n.name, n);
        for (const n of latest.values()) nodes.push(nodeColumns(runId, n));
      }
      await this.mergeSeconds(tx, seconds);
      if (nodes.length) await this.upsertNodeRows(tx, nodes);
      for (const [runId, list] of byRun)
        await insertNodeSamples(
          tx,
          runId,
          list.flatMap(w => w.nodeSamples ?? []),
        );
      return stored;
    });
  }

  // Locust's count for a second only grows as workers report it, so deliveries in any
  // order merge by taking the larger count. One read and one write for all runs.
  private async mergeSeconds(tx: Knex, byRun: Map<string, SecondRow[]>) {
    const wanted = [...byRun.entries()].filter(([, rows]) => rows.length > 0);
    if (wanted.length === 0) return;
    const existing = await tx('lt_run_seconds').where(q => {
      for (const [runId, rows] of wanted) {
        q.orWhere(w =>
          w
            .where('run_id', runId)
            .whereBetween('second', [
              Math.min(...rows.map(r => r.second)),
              Math.max(...rows.map(r => r.second)),
            ]),
        );
      }
    });
    const old = new Map<string, SecondRow>();
    for (const r of existing) {
      old.set(`${r.run_id}/${Number(r.second)}`, {
        second: Number(r.second),
        requests: Number(r.requests),
        failures: Number(r.failures),
        endpoints: JSON.parse(r.endpoints),
      });
    }
    const out = [];
    for (const [runId, rows] of wanted) {
      for (const row of rows) {
        const before = old.get(`${runId}/${row.second}`);
        const merged = before ? combineSeconds([before, row])[0] : row;
        if (before && sameSecond(before, merged)) continue;
        out.push({
          run_id: runId,
          second: merged.second,
          requests: merged.requests,
          failures: merged.failures,
          endpoints: JSON.stringify(merged.endpoints),
        });
      }
    }
    // SQLite takes at most 500 rows in one multi-row insert
    for (let i = 0; i < out.length; i += 200) {
      await tx('lt_run_seconds')
        .insert(out.slice(i, i + 200))
        .onConflict(['run_id', 'second'])
        .merge(['requests', 'failures', 'endpoints']);
    }
  }

  async listSamples(
    runId: string,
    options: { fromTs?: number; toTs?: number } = {},
  ): Promise<SampleRow[]> {
    const q = this.db('lt_samples').where({ run_id: runId });
    if (options.fromTs !== undefined) q.where('ts', '>', options.fromTs);
    if (options.toTs !== undefined) q.where('ts', '<=', options.toTs);
    return (await q.orderBy('seq')).map(r => toSample(runId, r));
  }

  async listSeconds(
    runId: string,
    options: { from?: number; to?: number } = {},
  ): Promise<SecondRow[]> {
    const q = this.db('lt_run_seconds').where({ run_id: runId });
    if (options.from !== undefined) q.where('second', '>=', options.from);
    if (options.to !== undefined) q.where('second', '<', options.to);
    return (await q.orderBy('second')).map(toSecond);
  }

  async getSampleSpan(runId: string) {
    // seq order is delivery order: the first and the last by the primary key, not a scan
    const [first, last] = await Promise.all(
      ['asc', 'desc'].map(order =>
        this.db('lt_samples')
          .where({ run_id: runId })
          .orderBy('seq', order)
          .first('ts'),
      ),
    );
    if (!first || !last) return undefined;
    return { first: Number(first.ts), last: Number(last.ts) };
  }

  async listUnrolledSamples(runId: string, limit: number) {
    const rows = await this.db('lt_samples')
      .where({ run_id: runId, rolled: false })
      .orderBy('seq')
      .limit(limit);
    return rows.map(r => toSample(runId, r));
  }

  async listSecondsAfter(
    runId: string,
    after: number | null,
    until: number,
    limit: number,
  ) {
    const q = this.db('lt_run_seconds')
      .where({ run_id: runId })
      .where('second', '<=', until);
    if (after !== null) q.where('second', '>', after);
    return (await q.orderBy('second').limit(limit)).map(toSecond);
  }

  async getRolledSecond(runId: string) {
    const r = await this.db('lt_runs')
      .where({ id: runId })
      .first('rolled_second');
    return r?.rolled_second === null || r?.rolled_second === undefined
      ? null
      : Number(r.rolled_second);
  }

  async addRollups(
    runId: string,
    fold: {
      rows: RollupRow[];
      sampleSeqs: number[];
      seconds?: { from: number | null; to: number };
    },
  ): Promise<boolean> {
    const taken = new Error('folded elsewhere');
    try {
      await this.db.transaction(async tx => {
        for (let i = 0; i < fold.sampleSeqs.length; i += 500) {
          const seqs = fold.sampleSeqs.slice(i, i + 500);
          const changed = await tx('lt_samples')
            .where({ run_id: runId, rolled: false })
            .whereIn('seq', seqs)
            .update({ rolled: true });
          if (Number(changed) !== seqs.length) throw taken;
        }
        if (fold.seconds) {
          const q = tx('lt_runs').where({ id: runId });
          if (fold.seconds.from === null) q.whereNull('rolled_second');
          else q.where('rolled_second', fold.seconds.from);
          const changed = await q.update({ rolled_second: fold.seconds.to });
          if (Number(changed) !== 1) throw taken;
        }
        const merged = new Map(fold.rows.map(r => [rollupKey(r), { ...r }]));
        const rows = [...merged.values()];
        for (let i = 0; i < rows.length; i += 100) {
          const part = rows.slice(i, i + 100);
          const existing = await tx('lt_run_rollups')
            .where({ run_id: runId })
            .whereIn(
              ['resolution', 'endpoint', 'bucket'],
              part.map(r => [r.resolution, r.endpoint, r.bucket]),
            );
          for (const e of existing) {
            const old = toRollup(e);
            const add = merged.get(rollupKey(old))!;
            merged.set(rollupKey(old), mergeRollup(old, add));
          }
        }
        const out = [...merged.values()].map(r => ({
          run_id: runId,
          resolution: r.resolution,
          endpoint: r.endpoint,
          bucket: r.bucket,
          requests: r.requests,
          failures: r.failures,
          timed: r.timed,
          total_ms: r.totalMs,
          histogram: JSON.stringify(r.histogram),
          users: r.users ?? null,
        }));
        for (let i = 0; i < out.length; i += 100) {
          await tx('lt_run_rollups')
            .insert(out.slice(i, i + 100))
            .onConflict(['run_id', 'resolution', 'endpoint', 'bucket'])
            .merge();
        }
      });
    } catch (e) {
      if (e === taken) return false;
      throw e;
    }
    return true;
  }

  async listRollups(
    runId: string,
    query: {
      resolution: number;
      endpoint?: string;
      from?: number;
      to?: number;
    },
  ): Promise<RollupRow[]> {
    const q = this.db('lt_run_rollups').where({
      run_id: runId,
      resolution: query.resolution,
    });
    if (query.endpoint !== undefined) q.where('endpoint', query.endpoint);
    if (query.from !== undefined) q.where('bucket', '>=', query.from);
    if (query.to !== undefined) q.where('bucket', '<', query.to);
    return (await q.orderBy('bucket')).map(toRollup);
  }

  async upsertNodes(runId: string, nodes: NodeRow[]): Promise<void> {
    if (nodes.length === 0) return;
    await this.upsertNodeRows(
      this.db,
      nodes.map(n => nodeColumns(runId, n)),
    );
  }

  private async upsertNodeRows(
    db: Knex,
    rows: Array<ReturnType<typeof nodeColumns>>,
  ) {
    // a few hundred rows per statement stay under every database's parameter limit
    for (let i = 0; i < rows.length; i += 200) {
      await db('lt_nodes')
        .insert(rows.slice(i, i + 200))
        .onConflict(['run_id', 'name'])
        .merge();
    }
  }

  async listNodes(runId: string): Promise<NodeRow[]> {
    const rows = await this.db('lt_nodes')
      .where({ run_id: runId })
      .orderBy('name');
    return rows.map(toNode);
  }
}

function toSample(runId: string, r: any): SampleRow {
  return {
    runId,
    seq: Number(r.seq),
    ts: Number(r.ts),
    userCount: Number(r.user_count),
    endpoints: JSON.parse(r.endpoints),
  };
}

function toSecond(r: any): SecondRow {
  return {
    second: Number(r.second),
    requests: Number(r.requests),
    failures: Number(r.failures),
    endpoints: JSON.parse(r.endpoints),
  };
}

function toRollup(r: any): RollupRow {
  return {
    resolution: Number(r.resolution),
    endpoint: r.endpoint,
    bucket: Number(r.bucket),
    requests: Number(r.requests),
    failures: Number(r.failures),
    timed: Number(r.timed),
    totalMs: Number(r.total_ms),
    histogram: JSON.parse(r.histogram),
    users:
      r.users === null || r.users === undefined ? undefined : Number(r.users),
  };
}
