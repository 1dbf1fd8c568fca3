import { Knex } from 'knex';
import {
  TestDatabaseId,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { AccessControl } from '../services/access';
import { BaselineService } from '../services/reports/BaselineService';
import { CompareService } from '../services/reports/CompareService';
import { BaselineStore } from './BaselineStore';
import { KnexStore } from './KnexStore';
import { RunRow, ScenarioRow } from './Store';
import { storeTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const { databases, ids } = storeTestDatabases();

const ENTITY = 'component:default/shop-api';
const OTHER = 'component:default/secret-api';
const SCENARIO = '00000000-0000-4000-8000-000000000001';

const scenario = (over: Partial<ScenarioRow> = {}): ScenarioRow => ({
  id: SCENARIO,
  entityRef: ENTITY,
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
  thresholds: {},
  createdBy: 'user:default/ann',
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
  ...over,
});

const runId = (n: number) =>
  `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const run = (n: number, over: Partial<RunRow> = {}): RunRow => ({
  id: runId(n),
  scenarioId: SCENARIO,
  scenarioName: 'smoke',
  entityRef: ENTITY,
  status: 'succeeded',
  executor: 'local',
  script: 'x',
  parameters: scenario().parameters,
  thresholds: {},
  createdBy: 'user:default/ann',
  createdAt: `2026-11-0${n}T10:00:00.000Z`,
  finalReceived: true,
  verdict: 'pass',
  rps: 10 * n,
  p95Ms: 100 + n,
  failureRatio: 0,
  requests: 1000,
  totals: {
    total: {
      method: '',
      name: 'Aggregated',
      requests: 1000,
      failures: 0,
      failureRatio: 0,
      averageMs: 50,
      minMs: 1,
      maxMs: 300,
      averageContentLength: 0,
      rps: 10 * n,
      failuresPerSecond: 0,
      percentiles: { p50: 40 + n, p95: 100 + n },
    },
    endpoints: [],
    durationSeconds: 10,
    peakUsers: 5,
  },
  ...over,
});

const user = mockCredentials.user('user:default/ann');

describe.each(ids)(
  'baselines, trends and comparisons on %p',
  (id: TestDatabaseId) => {
    let knex: Knex;
    let store: KnexStore;
    let baselines: BaselineStore;
    let service: BaselineService;
    let compare: CompareService;

    beforeAll(async () => {
      knex = await databases.init(id);
      await KnexStore.migrate(knex);
      store = new KnexStore(knex);
      baselines = new BaselineStore(store.knex);
      // ann may do anything but read or change the other entity
      const permissions = mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(r => ({
            result:
              (r as { resourceRef?: string }).resourceRef === OTHER
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          })),
      });
      const access = new AccessControl(permissions);
      service = new BaselineService({ store, baselines, access });
      compare = new CompareService({ store, access });
      await store.createScenario(scenario());
      await store.createScenario(
        scenario({ id: runId(900), name: 'other', entityRef: OTHER }),
      );
      for (const n of [1, 2, 3, 4]) await store.createRun(run(n));
      await store.createRun(run(5, { status: 'failed', verdict: undefined }));
      await store.createRun(run(6, { requests: 0, verdict: 'inconclusive' }));
      await store.createRun(run(7, { status: 'running', verdict: undefined }));
      await store.createRun(
        run(8, {
          scenarioId: runId(900),
          entityRef: OTHER,
          scenarioName: 'other',
        }),
      );
    });

    afterAll(async () => {
      await knex.destroy();
    });

    it('sets, reads on the scenario and clears a baseline', async () => {
      const set = await service.set(
        SCENARIO,
        { runId: runId(2) },
        user,
        'user:default/ann',
      );
      expect(set).toMatchObject({
        runId: runId(2),
        marginPercent: 10,
        setBy: 'user:default/ann',
      });
      expect(await baselines.getBaseline(SCENARIO)).toEqual(set);
      expect((await store.getScenario(SCENARIO))!.baseline).toEqual(set);
      // saving the scenario keeps its baseline
      await store.updateScenario(SCENARIO, {
        name: 'smoke',
        updatedAt: new Date().toISOString(),
      });
      expect((await store.getScenario(SCENARIO))!.baseline?.runId).toBe(
        runId(2),
      );
      await service.clear(SCENARIO, user);
      expect(await baselines.getBaseline(SCENARIO)).toBeUndefined();
      expect((await store.getScenario(SCENARIO))!.baseline).toBeUndefined();
    });

    it('takes a margin, fractional too', async () => {
      const set = await service.set(
        SCENARIO,
        { runId: runId(1), marginPercent: 2.5 },
        user,
        'user:default/ann',
      );
      expect((await baselines.getBaseline(SCENARIO))!.marginPercent).toBe(2.5);
      expect(set.marginPercent).toBe(2.5);
    });

    it('refuses runs that cannot be a baseline, saying why', async () => {
      const attempt = (body: unknown, scenarioId = SCENARIO) =>
        service.set(scenarioId, body, user, 'user:default/ann');
      await expect(attempt({ runId: runId(5) })).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringContaining(
          'is failed: only a run that completed',
        ),
      });
      await expect(attempt({ runId: runId(7) })).rejects.toMatchObject({
        name: 'ConflictError',
      });
      await expect(attempt({ runId: runId(6) })).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringContaining('made no requests'),
      });
      await expect(attempt({ runId: runId(8) })).rejects.toMatchObject({
        name: 'InputError',
        fields: [
          { field: 'runId', message: 'is a run of another scenario (other)' },
        ],
      });
      await expect(attempt({ runId: runId(99) })).rejects.toMatchObject({
        fields: [{ field: 'runId', message: `no run ${runId(99)}` }],
      });
      await expect(
        attempt({ runId: runId(1), marginPercent: -1 }),
      ).rejects.toMatchObject({
        fields: [
          {
            field: 'marginPercent',
            message: 'must be a number from 0 to 1000',
          },
        ],
      });
      await expect(attempt({})).rejects.toMatchObject({
        fields: [{ field: 'runId', message: 'is required' }],
      });
      await expect(
        attempt({ runId: runId(1) }, runId(404)),
      ).rejects.toMatchObject({
        name: 'NotFoundError',
      });
      // the update permission on the scenario's entity
      await expect(
        attempt({ runId: runId(8) }, runId(900)),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
      });
    });

    it('gives a later run the baseline to be judged by, and no other run', async () => {
      await service.set(
        SCENARIO,
        { runId: runId(2), marginPercent: 20 },
        user,
        'u',
      );
      expect(await service.referenceFor(run(3))).toEqual({
        runId: runId(2),
        marginPercent: 20,
        p95Ms: 102,
        failureRatio: 0,
      });
      // not the baseline itself, not a run from before it
      expect(await service.referenceFor(run(2))).toBeUndefined();
      expect(await service.referenceFor(run(1))).toBeUndefined();
      // a scenario without a baseline
      expect(
        await service.referenceFor(run(9, { scenarioId: runId(900) })),
      ).toBeUndefined();
    });

    it('gives a baseline that lost its figures no comparison', async () => {
      await store.updateRun(runId(2), { requests: 0 });
      expect(await service.referenceFor(run(3))).toBeUndefined();
      await store.updateRun(runId(2), { requests: 1000 });
    });

    it('lists the trend of completed runs, oldest first, marking the baseline', async () => {
      const trend = await service.trend(SCENARIO, undefined, user);
      expect(trend.baseline?.runId).toBe(runId(2));
      expect(trend.points.map(p => p.runId)).toEqual(
        [1, 2, 3, 4, 6].map(runId),
      );
      expect(trend.points[1]).toEqual({
        runId: runId(2),
        createdAt: '2026-11-02T10:00:00.000Z',
        verdict: 'pass',
        rps: 20,
        p95Ms: 102,
        p50Ms: 42,
        failureRatio: 0,
        requests: 1000,
        isBaseline: true,
      });
      // a run without requests has no percentile
      expect(trend.points[4]).toMatchObject({ requests: 0, p50Ms: undefined });
      const newest = await service.trend(SCENARIO, '2', user);
      expect(newest.points.map(p => p.runId)).toEqual([runId(4), runId(6)]);
    });

    it('refuses a trend limit out of range and a scenario the caller may not read', async () => {
      for (const limit of ['0', '501', 'x', '1.5'])
        await expect(
          service.trend(SCENARIO, limit, user),
        ).rejects.toMatchObject({
          fields: [
            { field: 'limit', message: 'must be a whole number from 1 to 500' },
          ],
        });
      await expect(
        service.trend(runId(900), undefined, user),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
      });
    });

    it('compares stored runs in the order asked', async () => {
      await store.updateRun(runId(4), {
        parameters: { ...scenario().parameters, users: 20 },
      });
      const c = await compare.compare(`${runId(3)},${runId(4)}`, user);
      expect(c.runs.map(r => r.id)).toEqual([runId(3), runId(4)]);
      expect(c.sameConditions).toBe(false);
      expect(c.differences).toEqual(['users 5 → 20']);
      expect(c.endpoints[0].figures.rps).toEqual({
        values: [30, 40],
        changes: [
          null,
          {
            absolute: 10,
            percent: expect.closeTo(33.33, 2),
            direction: 'better',
          },
        ],
      });
    });

    it('compares only runs the caller may read, and names a missing one', async () => {
      await expect(
        compare.compare(`${runId(3)},${runId(8)}`, user),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
      await expect(
        compare.compare(`${runId(3)},${runId(98)}`, user),
      ).rejects.toMatchObject({
        name: 'NotFoundError',
        message: `No run ${runId(98)}`,
      });
      await expect(compare.compare(runId(3), user)).rejects.toMatchObject({
        fields: [{ field: 'runs', message: 'must name 2 to 4 runs, not 1' }],
      });
      await expect(
        compare.compare(`${runId(3)},${runId(3)}`, user),
      ).rejects.toMatchObject({
        fields: [{ field: 'runs', message: 'must not name a run twice' }],
      });
    });
  },
);
