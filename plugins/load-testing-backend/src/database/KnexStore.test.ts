import { Knex } from 'knex';
import path from 'path';
import { TestDatabaseId, mockServices } from '@backstage/backend-test-utils';
import { RollupService } from '../services/RollupService';
import { KnexStore } from './KnexStore';
import { RunRow, ScenarioRow, SnapshotWrite } from './Store';
import { storeTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const { databases, ids } = storeTestDatabases();

const scenario = (over: Partial<ScenarioRow> = {}): ScenarioRow => ({
  id: '00000000-0000-4000-8000-000000000001',
  entityRef: 'component:default/shop-api',
  name: 'smoke',
  script: 'class U(HttpUser): pass',
  parameters: {
    users: 5,
    spawnRate: 5,
    duration: 10,
    workers: 1,
    host: 'http://127.0.0.1:7070',
    executor: 'local',
  },
  thresholds: { percentiles: { p95: 300 } },
  createdBy: 'user:default/ann',
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
  ...over,
});

const run = (
  id: string,
  createdAt: string,
  over: Partial<RunRow> = {},
): RunRow => ({
  id,
  scenarioId: scenario().id,
  scenarioName: 'smoke',
  entityRef: 'component:default/shop-api',
  status: 'pending',
  executor: 'local',
  script: 'x',
  parameters: scenario().parameters,
  thresholds: {},
  createdBy: 'user:default/ann',
  createdAt,
  finalReceived: false,
  ...over,
});

const snapshot = (
  seq: number,
  seconds: SnapshotWrite['seconds'],
): SnapshotWrite => ({
  runId: '00000000-0000-4000-8000-000000000102',
  sample: {
    runId: 'r',
    seq,
    ts: 1_800_000_000_000 + seq * 5000,
    userCount: 10,
    endpoints: { '': { r: 10, f: 1, t: 100, h: { '10': 9, '250': 1 } } },
  },
  seconds,
  run: { userCount: 10 },
  nodes: [
    {
      name: 'master',
      role: 'master',
      state: 'running',
      updatedAt: '2026-11-01T10:00:00.000Z',
    },
  ],
});

describe.each(ids)('KnexStore on %p', (databaseId: TestDatabaseId) => {
  let knex: Knex;
  let store: KnexStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await KnexStore.migrate(knex);
    store = new KnexStore(knex);
  });

  it('migrates down and up again', async () => {
    await KnexStore.rollback(knex);
    expect(await knex.schema.hasTable('lt_runs')).toBe(false);
    await KnexStore.migrate(knex);
    expect(await knex.schema.hasTable('lt_runs')).toBe(true);
  });

  it('migrates entity refs to the catalog form, keeping clashing scenarios apart', async () => {
    await KnexStore.rollback(knex);
    const directory = path.resolve(__dirname, '../../migrations');
    // the migrations before the one that normalizes refs
    await knex.migrate.up({ directory, name: '20261127000000_init.js' });
    await knex.migrate.up({ directory });
    await knex.migrate.up({ directory });
    const at = (d: number) => `2026-11-0${d}T10:00:00.000Z`;
    const row = (id: number, ref: string, name: string) => ({
      id: `00000000-0000-4000-8000-00000000090${id}`,
      entity_ref: ref,
      name,
      script: 'x',
      parameters: '{}',
      thresholds: '{}',
      created_by: 'user:default/ann',
      created_at: at(id),
      updated_at: at(id),
    });
    await knex('lt_scenarios').insert([
      row(1, 'component:default/shop-api', 'browse'),
      row(2, 'Component:default/SHOP-API', 'browse'),
      row(3, 'component:Default/shop-api', 'checkout'),
    ]);
    await KnexStore.migrate(knex);
    const rows = await knex('lt_scenarios')
      .select('entity_ref', 'name')
      .orderBy('created_at');
    expect(rows.map(r => [r.entity_ref, r.name])).toEqual([
      ['component:default/shop-api', 'browse'],
      ['component:default/shop-api', 'browse (2)'],
      ['component:default/shop-api', 'checkout'],
    ]);
    await knex('lt_scenarios').delete();
  });

  it('stores scenarios and enforces one name per entity', async () => {
    await store.createScenario(scenario());
    expect(await store.getScenario(scenario().id)).toEqual(scenario());
    // the driver's error class may come from another test realm: match its message
    const duplicate = await store
      .createScenario(scenario({ id: '00000000-0000-4000-8000-000000000002' }))
      .then(
        () => 'stored',
        (e: unknown) => String(e),
      );
    expect(duplicate).toMatch(/unique/i);
    await store.updateScenario(scenario().id, {
      script: 'y',
      updatedAt: '2026-11-02T10:00:00.000Z',
    });
    expect(
      (await store.listScenarios('component:default/shop-api'))[0],
    ).toMatchObject({
      script: 'y',
      updatedAt: '2026-11-02T10:00:00.000Z',
    });
  });

  it('pages runs newest first and finds the latest per scenario', async () => {
    for (let i = 1; i <= 5; i++) {
      await store.createRun(
        run(
          `00000000-0000-4000-8000-00000000010${i}`,
          `2026-11-0${i}T10:00:00.000Z`,
        ),
      );
    }
    const page = await store.listRuns({
      entityRef: 'component:default/shop-api',
      offset: 1,
      limit: 2,
    });
    expect(page.totalCount).toBe(5);
    expect(page.items.map(r => r.id.slice(-1))).toEqual(['4', '3']);
    const latest = await store.latestRuns([scenario().id]);
    expect(latest.get(scenario().id)?.id.slice(-1)).toBe('5');
  });

  it('changes a status only from the expected ones', async () => {
    const id = '00000000-0000-4000-8000-000000000101';
    expect(await store.updateRun(id, { status: 'running' }, ['pending'])).toBe(
      true,
    );
    expect(
      await store.updateRun(id, { status: 'provisioning' }, ['pending']),
    ).toBe(false);
    expect(await store.getRunStatus(id)).toBe('running');
    expect(
      await store.getRunStatus('00000000-0000-4000-8000-0000000001ff'),
    ).toBeUndefined();
    expect(
      await store.countRuns({
        entityRef: 'component:default/shop-api',
        statuses: ['running'],
      }),
    ).toBe(1);
    await store.updateRun(id, {
      live: {
        seq: 2,
        state: 'running',
        entries: [],
        errors: [],
        exceptions: [],
      },
    });
    expect((await store.getRun(id))?.live?.seq).toBe(2);
    expect(await store.getRunState(id)).toEqual({
      status: 'running',
      finalReceived: false,
      finishedAt: undefined,
      liveSeq: 2,
    });
  });

  it('keeps an inconclusive verdict with its reason, and each warning once', async () => {
    const id = '00000000-0000-4000-8000-000000000103';
    await store.updateRun(id, {
      status: 'succeeded',
      finishedAt: '2026-11-03T10:01:00.000Z',
      verdict: 'inconclusive',
      verdictReason: 'no requests were made',
    });
    const warning = {
      code: 'users-capped',
      message: 'capped at 500',
      at: '2026-11-03T10:00:30.000Z',
    };
    await store.addRunWarning(id, warning);
    await store.addRunWarning(id, { ...warning, message: 'again' });
    const row = await store.getRun(id);
    expect(row).toMatchObject({
      verdict: 'inconclusive',
      verdictReason: 'no requests were made',
      warnings: [warning],
    });
    expect((await store.getRunState(id))?.finishedAt).toBe(
      '2026-11-03T10:01:00.000Z',
    );
  });

  it('stores a snapshot once and merges per-second counts by their maximum', async () => {
    const id = '00000000-0000-4000-8000-000000000102';
    const first = snapshot(1, [
      {
        second: 100,
        requests: 5,
        failures: 0,
        endpoints: { 'GET /a': [5, 0] },
      },
    ]);
    expect(await store.applySnapshots([first])).toEqual([true]);
    expect(await store.applySnapshots([first])).toEqual([false]);
    // second 100 completed later; an older, smaller count arriving late changes nothing
    const third = snapshot(3, [
      {
        second: 100,
        requests: 9,
        failures: 1,
        endpoints: { 'GET /a': [9, 1] },
      },
      {
        second: 101,
        requests: 4,
        failures: 0,
        endpoints: { 'GET /a': [4, 0] },
      },
    ]);
    const second = snapshot(2, [
      {
        second: 100,
        requests: 7,
        failures: 0,
        endpoints: { 'GET /a': [7, 0] },
      },
    ]);
    // one batch: a duplicate, the newest and a late one
    expect(await store.applySnapshots([first, third, second])).toEqual([
      false,
      true,
      true,
    ]);
    expect(await store.listSeconds(id)).toEqual([
      {
        second: 100,
        requests: 9,
        failures: 1,
        endpoints: { 'GET /a': [9, 1] },
      },
      {
        second: 101,
        requests: 4,
        failures: 0,
        endpoints: { 'GET /a': [4, 0] },
      },
    ]);
    const samples = await store.listSamples(id);
    expect(samples.map(s => s.seq)).toEqual([1, 2, 3]);
    expect(samples[0].endpoints[''].h).toEqual({ '10': 9, '250': 1 });
    expect(await store.listNodes(id)).toHaveLength(1);
  });

  it('folds samples and seconds into rollups once, and reads a window of them', async () => {
    const id = '00000000-0000-4000-8000-000000000199';
    await store.createRun(run(id, '2026-11-01T11:00:00.000Z'));
    const rollups = new RollupService({
      store,
      logger: mockServices.logger.mock(),
    });
    const writes = Array.from({ length: 250 }, (_, i) => ({
      ...snapshot(i + 1, [
        {
          second: 1_800_000_000 + i * 5,
          requests: 10,
          failures: 1,
          endpoints: { 'GET /a': [10, 1] as [number, number] },
        },
      ]),
      runId: id,
    }));
    for (let i = 0; i < writes.length; i += 50)
      await store.applySnapshots(writes.slice(i, i + 50));
    await rollups.fold(id, { final: true });
    // folded once: a second fold finds nothing, a fold of folded samples is refused
    await rollups.fold(id, { final: true });
    expect(await store.listUnrolledSamples(id, 10)).toEqual([]);
    expect(await store.addRollups(id, { rows: [], sampleSeqs: [1] })).toBe(
      false,
    );
    const [whole] = await store.listRollups(id, {
      resolution: 0,
      endpoint: '',
    });
    expect(whole).toMatchObject({
      requests: 2500,
      failures: 250,
      timed: 2500,
      totalMs: 25000,
      histogram: { '10': 2250, '250': 250 },
      users: 10,
    });
    const minutes = await store.listRollups(id, {
      resolution: 60,
      endpoint: 'GET /a',
      from: 1_800_000_060,
      to: 1_800_000_180,
    });
    expect(minutes.map(r => [r.bucket, r.requests])).toEqual([
      [1_800_000_060, 120],
      [1_800_000_120, 120],
    ]);
    expect(await store.getRolledSecond(id)).toBe(1_800_000_000 + 249 * 5);
    expect(await store.getSampleSpan(id)).toEqual({
      first: 1_800_000_005_000,
      last: 1_800_000_000_000 + 250 * 5000,
    });
    expect(
      (
        await store.listSamples(id, {
          fromTs: 1_800_000_010_000,
          toTs: 1_800_000_020_000,
        })
      ).map(s => s.seq),
    ).toEqual([3, 4]);
  });
});
