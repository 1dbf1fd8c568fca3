import { TestDatabaseId, mockServices } from '@backstage/backend-test-utils';
import fs from 'fs';
import { Knex } from 'knex';
import os from 'os';
import path from 'path';
import { KnexStore } from '../../database/KnexStore';
import { RetentionStore } from '../../database/RetentionStore';
import { LocalExecutor } from '../../executors/local/LocalExecutor';
import { Executor } from '../../executors/types';
import { ResultsService } from '../ResultsService';
import { RollupService } from '../RollupService';
import { RunService } from '../RunService';
import { WHOLE_RUN } from '../rollups';
import { RetentionTask } from './RetentionTask';
import { RetentionConfig } from './retentionConfig';
import {
  SCENARIO,
  T0,
  addReportRows,
  deliveries,
  finishedRun,
  iso,
  rowCounts,
  runId,
  storeRun,
} from './__testUtils__/retentionRuns';
import { storeTestDatabases } from '../../__testUtils__/databases';

jest.setTimeout(120_000);

const { databases, ids } = storeTestDatabases('retention tests');

const DAY = 24 * 3600;
const HOURS = 2;
/** "Now" of the passes: 31 days after the long run ended. */
const NOW = (T0 + HOURS * 3600 + 31 * DAY) * 1000;
const config: RetentionConfig = {
  schedule: { frequency: { hours: 1 }, timeout: { minutes: 5 } },
  rawSamples: { days: 30 },
  runs: { days: 365 },
};
const credentials = {} as any;

describe.each(ids)('Retention on %p', (databaseId: TestDatabaseId) => {
  let knex: Knex;
  let store: KnexStore;
  let workDir: string;
  let executors: Map<string, Executor>;

  const task = () =>
    new RetentionTask({
      config,
      store,
      retention: new RetentionStore(knex),
      // each task its own rollups, as two replicas have
      rollups: new RollupService({ store, logger: mockServices.logger.mock() }),
      executors,
      logger: mockServices.logger.mock(),
    });
  const results = () =>
    new ResultsService({
      store,
      rollups: new RollupService({ store, logger: mockServices.logger.mock() }),
      executors,
      runs: {
        get: async (id: string) => (await store.getRun(id))!,
      } as unknown as RunService,
    });

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await KnexStore.migrate(knex);
    store = new KnexStore(knex);
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-retention-'));
    executors = new Map([
      [
        'local',
        new LocalExecutor({
          locustCommand: 'locust',
          workDir,
          stopGraceSeconds: 1,
          maxLogBytes: 1e6,
          keepRunFilesDays: 7,
          logger: mockServices.logger.mock(),
        }),
      ],
    ]);
    await store.createScenario({
      id: SCENARIO,
      entityRef: 'component:default/shop-api',
      name: 'soak',
      script: 'x',
      parameters: finishedRun(runId(1), T0, 1).parameters,
      thresholds: {},
      createdBy: 'user:default/ann',
      createdAt: iso(T0),
      updatedAt: iso(T0),
    });
  });

  afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

  it('drops raw data past its age, and windows aligned to 10 minutes keep their exact figures', async () => {
    const LONG = runId(1);
    await storeRun(store, finishedRun(LONG, T0, HOURS * 3600), HOURS * 3600);
    // a run that finished 10 days ago keeps everything
    const RECENT = runId(2);
    const recentStart = NOW / 1000 - 10 * DAY;
    await storeRun(store, finishedRun(RECENT, recentStart, 300), 300);

    expect((await rowCounts(knex, LONG)).rollupsWhole).toBe(0);
    // folded whole, as the end of a run does (a run folded in part: the next test)
    await new RollupService({ store, logger: mockServices.logger.mock() }).fold(
      LONG,
      { final: true },
    );
    const read = results();
    const windows: Array<[number, number]> = [
      [0, 600], // 10 min: read from the raw samples before
      [1800, 3600], // 30 min: raw samples before
      [600, 1200],
      [600, 5400], // 1 h 20: rollups before
      [0, HOURS * 3600], // the whole run
    ];
    const before = [];
    for (const [a, b] of windows)
      before.push(
        await read.endpoints(
          LONG,
          { from: String((T0 + a) * 1000), to: String((T0 + b) * 1000) },
          credentials,
        ),
      );
    const seriesBefore = await read.series(
      LONG,
      { points: '12', endpoint: 'POST /b', percentiles: 'p50,p95,p99' },
      credentials,
    );
    expect(seriesBefore.resolutionSeconds).toBe(600);
    const kept = await rowCounts(knex, LONG);

    const pass = await task().runOnce(NOW);
    expect(pass).toEqual({ rawDropped: 1, runsDeleted: 0 });

    const after = await rowCounts(knex, LONG);
    expect(after).toMatchObject({
      runs: 1,
      samples: 0,
      seconds: 0,
      rollups10s: 0,
      rollups1min: 0,
      rollups10min: kept.rollups10min,
      rollupsWhole: kept.rollupsWhole,
    });
    expect(kept.rollups10min).toBe(HOURS * 6 * 3);
    const run = (await store.getRun(LONG))!;
    expect(run.rawDroppedAt).toBe(new Date(NOW).toISOString());
    expect(run.totals).toEqual({ marker: LONG });
    // the recent run is untouched
    expect((await rowCounts(knex, RECENT)).samples).toBe(60);

    for (const [i, [a, b]] of windows.entries()) {
      const table = (await read.endpoints(
        LONG,
        { from: String((T0 + a) * 1000), to: String((T0 + b) * 1000) },
        credentials,
      ))!;
      const was = before[i]!;
      expect(table.resolutionSeconds).toBe(600);
      expect(table.from).toBe((T0 + a) * 1000);
      expect(table.to).toBe((T0 + b) * 1000);
      expect(table.total.requests).toBe((b - a) * 4);
      // every figure the same but min and max, which the raw read takes from the samples
      const figures = (e: any) => ({
        name: e.name,
        requests: e.requests,
        failures: e.failures,
        rps: e.rps,
        averageMs: e.averageMs,
        percentiles: e.percentiles,
      });
      expect(table.total.percentiles.p95).toBeGreaterThan(0);
      expect(figures(table.total)).toEqual(figures(was.total));
      expect(table.endpoints.map(figures)).toEqual(was.endpoints.map(figures));
    }
    // a window that is not aligned goes out to whole 10 minutes, and says so
    const snapped = (await read.endpoints(
      LONG,
      {
        from: String((T0 + 700) * 1000),
        to: String((T0 + 1100) * 1000),
      },
      credentials,
    ))!;
    expect([snapped.from, snapped.to]).toEqual([
      (T0 + 600) * 1000,
      (T0 + 1200) * 1000,
    ]);
    expect(snapped.total.requests).toBe(600 * 4);
    expect(snapped.total.percentiles).toEqual(before[2]!.total.percentiles);

    const seriesAfter = await read.series(
      LONG,
      { points: '12', endpoint: 'POST /b', percentiles: 'p50,p95,p99' },
      credentials,
    );
    expect(seriesAfter.resolutionSeconds).toBe(600);
    expect(seriesAfter.points).toEqual(seriesBefore.points);
    // a short window: 10-minute points still, where the raw read gave seconds
    const zoomed = await read.series(
      LONG,
      {
        from: String((T0 + 1200) * 1000),
        to: String((T0 + 1500) * 1000),
        points: '300',
      },
      credentials,
    );
    expect(zoomed.resolutionSeconds).toBe(600);
    expect(zoomed.points.map(p => [p.t, p.requests])).toEqual([
      [(T0 + 1800) * 1000, 2400],
    ]);

    // a second pass finds nothing to do
    expect(await task().runOnce(NOW)).toEqual({
      rawDropped: 0,
      runsDeleted: 0,
    });
  });

  it('folds a run whose rollups are behind before dropping it, so its whole-run rollup holds everything', async () => {
    const PARTLY = runId(3);
    const start = T0 - 3 * DAY;
    await store.createRun(finishedRun(PARTLY, start, 600));
    const all = deliveries(PARTLY, start, 600);
    // the first half folded, as a backend that stopped mid-run leaves it
    await store.applySnapshots(all.slice(0, 60));
    const rollups = new RollupService({
      store,
      logger: mockServices.logger.mock(),
    });
    await rollups.fold(PARTLY, { newestSecond: start + 300 });
    await store.applySnapshots(all.slice(60));
    const unrolled = await knex('lt_samples')
      .where({ run_id: PARTLY, rolled: false })
      .count({ n: '*' });
    expect(Number(unrolled[0].n)).toBe(60);
    expect(await store.getRolledSecond(PARTLY)).toBeLessThan(start + 300);
    expect(await task().runOnce(NOW)).toEqual({
      rawDropped: 1,
      runsDeleted: 0,
    });
    const [whole] = await store.listRollups(PARTLY, {
      resolution: WHOLE_RUN,
      endpoint: '',
    });
    expect(whole.requests).toBe(600 * 4);
    expect(whole.timed).toBe(120 * 20);
    expect((await rowCounts(knex, PARTLY)).samples).toBe(0);
  });

  it('deletes runs past their age with every row and their files, except archived reports and baselines', async () => {
    const old = T0 - 400 * DAY;
    const [PLAIN, ARCHIVED, BASELINE, REPORTED, RUNNING] = [
      10, 11, 12, 13, 14,
    ].map(runId);
    for (const id of [PLAIN, ARCHIVED, BASELINE, REPORTED])
      await storeRun(store, finishedRun(id, old, 60), 60);
    await store.createRun(
      finishedRun(RUNNING, old, 60, {
        status: 'running',
        finishedAt: undefined,
      }),
    );
    await addReportRows(knex, PLAIN, false);
    await addReportRows(knex, ARCHIVED, true);
    await addReportRows(knex, REPORTED, false);
    await knex('lt_scenarios')
      .where({ id: SCENARIO })
      .update({ baseline_run_id: BASELINE });
    for (const id of [PLAIN, ARCHIVED]) {
      fs.mkdirSync(path.join(workDir, 'runs', id, 'logs'), {
        recursive: true,
      });
      fs.writeFileSync(
        path.join(workDir, 'runs', id, 'logs', 'master.log'),
        'x',
      );
    }
    const pass = await task().runOnce(NOW);
    // the raw data of the kept ones goes first, then the others go whole
    expect(pass).toEqual({ rawDropped: 4, runsDeleted: 2 });
    for (const id of [PLAIN, REPORTED])
      expect(Object.values(await rowCounts(knex, id)).every(n => n === 0)).toBe(
        true,
      );
    expect(fs.existsSync(path.join(workDir, 'runs', PLAIN))).toBe(false);
    expect(fs.existsSync(path.join(workDir, 'runs', ARCHIVED))).toBe(true);
    expect(await rowCounts(knex, ARCHIVED)).toMatchObject({
      runs: 1,
      samples: 0,
      rollupsWhole: 3,
      reports: 1,
      conclusions: 1,
      issues: 1,
      nodeSamples: 1,
    });
    expect((await rowCounts(knex, BASELINE)).runs).toBe(1);
    expect((await rowCounts(knex, RUNNING)).runs).toBe(1);
    // a baseline no longer is one: the next pass deletes it
    await knex('lt_scenarios')
      .where({ id: SCENARIO })
      .update({ baseline_run_id: null });
    expect((await task().runOnce(NOW)).runsDeleted).toBe(1);
    expect((await rowCounts(knex, BASELINE)).runs).toBe(0);
  });

  it('two passes at once change each run once and do not fail', async () => {
    const start = T0 - 5 * DAY;
    const fresh = [20, 21, 22, 23, 24, 25].map(runId);
    for (const id of fresh)
      await storeRun(store, finishedRun(id, start, 120), 120);
    const gone = [30, 31, 32, 33].map(runId);
    for (const id of gone)
      await storeRun(store, finishedRun(id, T0 - 400 * DAY, 60), 60);
    const passes = await Promise.all([
      task().runOnce(NOW),
      task().runOnce(NOW),
      task().runOnce(NOW),
    ]);
    const sum = (k: 'rawDropped' | 'runsDeleted') =>
      passes.reduce((n, p) => n + p[k], 0);
    // a run deleted by one pass before another dropped its raw data is not dropped at all
    expect(sum('rawDropped')).toBeGreaterThanOrEqual(fresh.length);
    expect(sum('rawDropped')).toBeLessThanOrEqual(fresh.length + gone.length);
    expect(sum('runsDeleted')).toBe(gone.length);
    for (const id of fresh) {
      const counts = await rowCounts(knex, id);
      expect(counts).toMatchObject({ samples: 0, seconds: 0, rollupsWhole: 3 });
      const [whole] = await store.listRollups(id, {
        resolution: WHOLE_RUN,
        endpoint: '',
      });
      // folded once: no request counted twice
      expect(whole.requests).toBe(120 * 4);
      expect(whole.timed).toBe(24 * 20);
    }
  });

  it('keeps everything when both ages are off', async () => {
    const id = runId(40);
    await storeRun(store, finishedRun(id, T0 - 800 * DAY, 60), 60);
    const off = new RetentionTask({
      config: { ...config, rawSamples: false, runs: false },
      store,
      retention: new RetentionStore(knex),
      rollups: new RollupService({ store, logger: mockServices.logger.mock() }),
      executors,
      logger: mockServices.logger.mock(),
    });
    expect(await off.runOnce(NOW)).toEqual({ rawDropped: 0, runsDeleted: 0 });
    expect((await rowCounts(knex, id)).samples).toBe(12);
  });
});
