import { Knex } from 'knex';
import { KnexStore } from '../../../database/KnexStore';
import { RunRow, SnapshotWrite } from '../../../database/Store';

/** Epoch seconds of a whole 10 minutes: the runs of the retention tests start there. */
export const T0 = 1_800_000_000;
export const SCENARIO = '00000000-0000-4000-8000-0000000000f0';

export const iso = (epochSeconds: number) =>
  new Date(epochSeconds * 1000).toISOString();

/** A run id from a number. */
export const runId = (n: number) =>
  `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A finished run row of the tests' scenario, `seconds` long from `start`. */
export function finishedRun(
  id: string,
  start: number,
  seconds: number,
  over: Partial<RunRow> = {},
): RunRow {
  return {
    id,
    scenarioId: SCENARIO,
    scenarioName: 'soak',
    entityRef: 'component:default/shop-api',
    status: 'succeeded',
    executor: 'local',
    script: 'x',
    parameters: {
      users: 4,
      spawnRate: 4,
      duration: seconds,
      workers: 1,
      host: 'http://127.0.0.1:1',
      executor: 'local',
    },
    thresholds: {},
    createdBy: 'user:default/ann',
    createdAt: iso(start),
    startedAt: iso(start),
    finishedAt: iso(start + seconds + 5),
    lastSampleAt: iso(start + seconds),
    finalReceived: true,
    totals: { marker: id },
    live: {
      seq: 1,
      state: 'stopped',
      entries: [
        { method: 'GET', name: '/a' },
        { method: 'POST', name: '/b' },
      ],
      total: {},
      errors: [],
      exceptions: [],
    },
    ...over,
  };
}

/**
 * The deliveries of a run: a full sample every 5 s whose response times change with
 * time (so percentiles differ between windows), and each second's counts, with a failure
 * now and then.
 */
export function deliveries(
  id: string,
  start: number,
  seconds: number,
): SnapshotWrite[] {
  const out: SnapshotWrite[] = [];
  for (let seq = 1; seq <= seconds / 5; seq++) {
    const end = start + seq * 5;
    const slow = 20 + ((seq * 37) % 400);
    const fast = 5 + ((seq * 11) % 60);
    const a = { [String(fast)]: 12, [String(slow)]: 3 };
    const b = { [String(slow * 2)]: 4, '30': 1 };
    const all: Record<string, number> = { ...a };
    for (const [k, v] of Object.entries(b)) all[k] = (all[k] ?? 0) + v;
    out.push({
      runId: id,
      sample: {
        runId: id,
        seq,
        ts: end * 1000,
        userCount: 4 + (seq % 3),
        endpoints: {
          '': { r: 20, f: 0, t: 15 * fast + 8 * slow + 30, h: all },
          'GET /a': { r: 15, f: 0, t: 12 * fast + 3 * slow, h: a },
          'POST /b': { r: 5, f: 0, t: 8 * slow + 30, h: b },
        },
      },
      seconds: Array.from({ length: 5 }, (_, i) => {
        const second = end - 5 + i;
        const failed = second % 7 === 0 ? 1 : 0;
        return {
          second,
          requests: 4,
          failures: failed,
          endpoints: {
            'GET /a': [3, 0] as [number, number],
            'POST /b': [1, failed] as [number, number],
          },
        };
      }),
      run: {},
      nodes: [],
    });
  }
  return out;
}

/** Stores a finished run with its deliveries, none of them folded into rollups yet. */
export async function storeRun(
  store: KnexStore,
  run: RunRow,
  seconds: number,
): Promise<void> {
  await store.createRun(run);
  const all = deliveries(run.id, Date.parse(run.startedAt!) / 1000, seconds);
  for (let i = 0; i < all.length; i += 200)
    await store.applySnapshots(all.slice(i, i + 200));
}

/** Rows a run has in each table that holds its data. */
export async function rowCounts(
  knex: Knex,
  id: string,
): Promise<Record<string, number>> {
  const count = async (table: string, where: object = {}) =>
    Number(
      (
        await knex(table)
          .where({ run_id: id, ...where })
          .count({ n: '*' })
      )[0].n,
    );
  return {
    runs: Number((await knex('lt_runs').where({ id }).count({ n: '*' }))[0].n),
    samples: await count('lt_samples'),
    seconds: await count('lt_run_seconds'),
    rollups10s: await count('lt_run_rollups', { resolution: 10 }),
    rollups1min: await count('lt_run_rollups', { resolution: 60 }),
    rollups10min: await count('lt_run_rollups', { resolution: 600 }),
    rollupsWhole: await count('lt_run_rollups', { resolution: 0 }),
    nodes: await count('lt_nodes'),
    nodeSamples: await count('lt_node_samples'),
    reports: await count('lt_reports'),
    conclusions: await count('lt_report_conclusions'),
    issues: await count('lt_report_issues'),
  };
}

/** A report with a conclusion and an issue, archived or not; and the generators' resources. */
export async function addReportRows(
  knex: Knex,
  id: string,
  archived: boolean,
): Promise<void> {
  await knex('lt_reports').insert({
    run_id: id,
    status: 'accepted',
    tags: '[]',
    archived,
    updated_by: 'user:default/ann',
    updated_at: iso(T0),
  });
  await knex('lt_report_conclusions').insert({
    run_id: id,
    body: 'p95 fine',
    author: 'user:default/ann',
    created_at: iso(T0),
  });
  await knex('lt_report_issues').insert({
    id: `${id.slice(0, 24)}f${id.slice(25)}`,
    run_id: id,
    url: 'https://github.com/acme/shop/issues/1',
    title: 'slow',
    added_by: 'user:default/ann',
    added_at: iso(T0),
  });
  await knex('lt_node_samples').insert({
    run_id: id,
    node: 'master',
    ts: T0 * 1000,
    cpu_percent: 12,
    memory_bytes: 1e8,
    user_count: 4,
  });
  await knex('lt_nodes').insert({
    run_id: id,
    name: 'master',
    role: 'master',
    state: 'exited',
    updated_at: iso(T0),
  });
}
