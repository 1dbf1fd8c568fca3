import { Knex } from 'knex';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { KnexStore } from './KnexStore';
import { NodeSample, ResourceStore } from './ResourceStore';
import { RunRow, SnapshotWrite } from './Store';
import { storeTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const { databases, ids } = storeTestDatabases();

const RUN = '00000000-0000-4000-8000-000000000501';
const T0 = 1_800_000_000_000;

const run: RunRow = {
  id: RUN,
  scenarioId: '00000000-0000-4000-8000-000000000001',
  scenarioName: 'smoke',
  entityRef: 'component:default/shop-api',
  status: 'running',
  executor: 'local',
  script: 'x',
  parameters: {
    users: 5,
    spawnRate: 5,
    duration: 10,
    workers: 2,
    host: 'http://127.0.0.1:7070',
    executor: 'local',
  },
  thresholds: {},
  createdBy: 'user:default/ann',
  createdAt: '2026-11-01T10:00:00.000Z',
  finalReceived: false,
};

const sample = (
  node: string,
  second: number,
  cpuPercent: number,
  memoryMb = 50,
): NodeSample => ({
  node,
  ts: T0 + second * 1000,
  cpuPercent,
  memoryBytes: memoryMb * 1024 * 1024,
  userCount: 5,
});

const write = (seq: number, nodeSamples: NodeSample[]): SnapshotWrite => ({
  runId: RUN,
  sample: {
    runId: RUN,
    seq,
    ts: T0 + seq * 5000,
    userCount: 10,
    endpoints: { '': { r: 1, f: 0, t: 5, h: { '5': 1 } } },
  },
  seconds: [],
  run: {},
  nodes: [],
  nodeSamples,
});

describe.each(ids)('ResourceStore on %p', (databaseId: TestDatabaseId) => {
  let knex: Knex;
  let store: KnexStore;
  let resources: ResourceStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await KnexStore.migrate(knex);
    store = new KnexStore(knex);
    resources = new ResourceStore(knex);
    await store.createRun(run);
  });

  beforeEach(async () => {
    await knex('lt_node_samples').delete();
    await knex('lt_samples').delete();
  });

  it('stores each node once per snapshot, with the snapshot, and ignores redeliveries', async () => {
    const first = write(1, [sample('master', 5, 3), sample('worker-1', 5, 40)]);
    expect(await store.applySnapshots([first])).toEqual([true]);
    // the same delivery again, and a new one in the same transaction
    expect(
      await store.applySnapshots([
        first,
        write(2, [sample('master', 10, 4), sample('worker-1', 10, 95)]),
      ]),
    ).toEqual([false, true]);
    // a sample already there (same run, node, time) is kept as it was
    await resources.addSamples(RUN, [sample('worker-1', 10, 12)]);
    const all = await resources.listSamples(RUN);
    expect(all.map(s => [s.node, s.ts - T0, s.cpuPercent])).toEqual([
      ['master', 5000, 3],
      ['worker-1', 5000, 40],
      ['master', 10000, 4],
      ['worker-1', 10000, 95],
    ]);
    expect(all[0].memoryBytes).toBe(50 * 1024 * 1024);
    expect(await resources.span(RUN)).toEqual({
      first: T0 + 5000,
      last: T0 + 10000,
    });
  });

  it('downsamples per node to the highest value of each bucket, master first', async () => {
    const rows: NodeSample[] = [];
    for (let s = 0; s < 100; s++) {
      rows.push(sample('worker-10', s, s === 37 ? 99 : 20, 40 + (s % 7)));
      rows.push(sample('worker-2', s, 50));
      rows.push(sample('master', s, 5));
    }
    await resources.addSamples(RUN, rows);
    const series = await resources.series(RUN, {
      from: T0,
      to: T0 + 99_000,
      bucketMs: 10_000,
    });
    expect(series.map(n => [n.name, n.role, n.points.length])).toEqual([
      ['master', 'master', 10],
      ['worker-2', 'worker', 10],
      ['worker-10', 'worker', 10],
    ]);
    const w10 = series[2].points;
    // the one-second peak survives in its bucket; each point is at its bucket's last sample
    expect(w10.map(p => p.cpuPercent)).toEqual([
      20, 20, 20, 99, 20, 20, 20, 20, 20, 20,
    ]);
    expect(w10.map(p => (p.ts - T0) / 1000)).toEqual([
      9, 19, 29, 39, 49, 59, 69, 79, 89, 99,
    ]);
    expect(w10[0].memoryBytes).toBe(46 * 1024 * 1024);
    // a window reads only its samples
    const window = await resources.series(RUN, {
      from: T0 + 30_000,
      to: T0 + 39_000,
      bucketMs: 1000,
    });
    expect(window[2].points).toHaveLength(10);
    expect(Math.max(...window[2].points.map(p => p.cpuPercent))).toBe(99);
  });

  it('puts a warning in place of an older one of the same code', async () => {
    await store.addRunWarning(RUN, {
      code: 'users-capped',
      message: 'capped',
      at: '2026-11-01T10:00:01.000Z',
    });
    const warning = (seconds: number) => ({
      code: 'generator-cpu',
      message: `worker-1's CPU stayed above 90 % for ${seconds} s`,
      at: '2026-11-01T10:00:02.000Z',
    });
    await resources.putWarning(RUN, warning(20));
    await resources.putWarning(RUN, warning(34));
    const { warnings } = (await store.getRun(RUN))!;
    expect(warnings?.map(w => w.code)).toEqual([
      'users-capped',
      'generator-cpu',
    ]);
    expect(warnings?.[1].message).toContain('for 34 s');
  });
});
