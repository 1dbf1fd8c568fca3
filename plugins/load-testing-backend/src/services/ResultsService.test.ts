import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { KnexStore } from '../database/KnexStore';
import { RunRow, SnapshotWrite } from '../database/Store';
import { ResultsService } from './ResultsService';
import { RollupService } from './RollupService';
import { RunService } from './RunService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const RUN = '00000000-0000-4000-8000-0000000000aa';
const T0 = 1_800_000_000; // epoch seconds, a whole 10 min
const HOURS = 2;

// a run of 2 h: a full sample every 5 s, each second 3 requests to GET /a and 1 to GET /b
function deliveries(): SnapshotWrite[] {
  const out: SnapshotWrite[] = [];
  for (let seq = 1; seq <= (HOURS * 3600) / 5; seq++) {
    const end = T0 + seq * 5;
    out.push({
      runId: RUN,
      sample: {
        runId: RUN,
        seq,
        ts: end * 1000,
        userCount: 4,
        endpoints: {
          '': { r: 20, f: 0, t: 200, h: { '10': 20 } },
          'GET /a': { r: 15, f: 0, t: 150, h: { '10': 15 } },
          'GET /b': { r: 5, f: 0, t: 50, h: { '10': 5 } },
        },
      },
      seconds: Array.from({ length: 5 }, (_, i) => ({
        second: end - 5 + i,
        requests: 4,
        failures: 0,
        endpoints: {
          'GET /a': [3, 0] as [number, number],
          'GET /b': [1, 0] as [number, number],
        },
      })),
      run: {},
      nodes: [],
    });
  }
  return out;
}

describe('ResultsService windows of a long run', () => {
  let results: ResultsService;

  beforeAll(async () => {
    const knex = await databases.init('SQLITE_3');
    await KnexStore.migrate(knex);
    const store = new KnexStore(knex);
    const run: RunRow = {
      id: RUN,
      scenarioId: 's',
      scenarioName: 's',
      entityRef: 'component:default/shop-api',
      status: 'succeeded',
      executor: 'local',
      script: 'x',
      parameters: {
        users: 4,
        spawnRate: 4,
        duration: HOURS * 3600,
        workers: 1,
        host: 'http://127.0.0.1:1',
        executor: 'local',
      },
      thresholds: {},
      createdBy: 'user:default/ann',
      createdAt: new Date(T0 * 1000).toISOString(),
      startedAt: new Date(T0 * 1000).toISOString(),
      lastSampleAt: new Date((T0 + HOURS * 3600) * 1000).toISOString(),
      finalReceived: true,
      live: {
        seq: 1,
        state: 'stopped',
        entries: [
          { method: 'GET', name: '/a' },
          { method: 'GET', name: '/b' },
        ],
        total: {},
        errors: [],
        exceptions: [],
      },
    };
    await store.createRun(run);
    const all = deliveries();
    for (let i = 0; i < all.length; i += 200)
      await store.applySnapshots(all.slice(i, i + 200));
    const rollups = new RollupService({
      store,
      logger: mockServices.logger.mock(),
    });
    await rollups.fold(RUN, { final: true });
    results = new ResultsService({
      store,
      rollups,
      executors: new Map(),
      runs: {
        get: async () => (await store.getRun(RUN))!,
      } as unknown as RunService,
    });
  });

  const credentials = {} as any;

  it('gives the endpoint table of exactly the window asked, at any offset', async () => {
    // 1 h 20 min from 0:07:30: rollups of 1 min in the middle, 10 s at the edges
    const from = (T0 + 450) * 1000;
    const to = (T0 + 450 + 4800) * 1000;
    const table = (await results.endpoints(
      RUN,
      { from: String(from), to: String(to) },
      credentials,
    ))!;
    expect(table.total.requests).toBe(4800 * 4);
    expect(table.endpoints.map(e => [e.name, e.requests, e.rps])).toEqual([
      ['/a', 4800 * 3, 3],
      ['/b', 4800, 1],
    ]);
    expect(table.durationSeconds).toBe(4800);
  });

  it('reads a window of the series only, from the rollups beyond 30 minutes', async () => {
    const from = (T0 + 3600) * 1000;
    const to = (T0 + 7200) * 1000;
    const series = await results.series(
      RUN,
      { from: String(from), to: String(to), points: '60', endpoint: 'GET /a' },
      credentials,
    );
    expect(series.resolutionSeconds).toBe(60);
    expect(series.points).toHaveLength(60);
    expect(series.points.every(p => p.t > from && p.t <= to)).toBe(true);
    expect(series.points.every(p => p.rps === 3)).toBe(true);
    expect(series.points.reduce((n, p) => n + p.requests, 0)).toBe(3600 * 3);
    // the whole run, coarsest rollup that still gives the points: 10 min × 12
    const whole = await results.series(RUN, { points: '12' }, credentials);
    expect(whole.resolutionSeconds).toBe(600);
    expect(whole.points.reduce((n, p) => n + p.requests, 0)).toBe(
      HOURS * 3600 * 4,
    );
  });
});
