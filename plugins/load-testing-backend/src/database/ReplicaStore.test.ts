import { Knex } from 'knex';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { KnexStore } from './KnexStore';
import { ReplicaStore } from './ReplicaStore';
import { RunLogStore } from './RunLogStore';
import { RunRow, ScenarioRow } from './Store';
import { storeTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const { databases, ids } = storeTestDatabases();

const RUN = '00000000-0000-4000-8000-0000000000a1';

describe.each(ids)(
  'replicas and kept logs on %p',
  (databaseId: TestDatabaseId) => {
    let knex: Knex;
    let replicas: ReplicaStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await KnexStore.migrate(knex);
      const store = new KnexStore(knex);
      replicas = new ReplicaStore(knex);
      const scenario: ScenarioRow = {
        id: '00000000-0000-4000-8000-000000000001',
        entityRef: 'component:default/shop-api',
        name: 'smoke',
        script: 'class U(HttpUser): pass',
        parameters: {
          users: 1,
          spawnRate: 1,
          duration: 10,
          workers: 1,
          host: 'http://127.0.0.1:7070',
          executor: 'kubernetes',
        },
        thresholds: {},
        createdBy: 'user:default/ann',
        createdAt: '2026-11-01T10:00:00.000Z',
        updatedAt: '2026-11-01T10:00:00.000Z',
      };
      await store.createScenario(scenario);
      const run: RunRow = {
        id: RUN,
        scenarioId: scenario.id,
        scenarioName: scenario.name,
        entityRef: scenario.entityRef,
        status: 'running',
        executor: 'kubernetes',
        script: scenario.script,
        parameters: scenario.parameters,
        thresholds: {},
        createdBy: scenario.createdBy,
        createdAt: scenario.createdAt,
        finalReceived: false,
      };
      await store.createRun(run);
    });

    it('keeps heartbeats, and marks a replica that shut down', async () => {
      const row = {
        id: 'replica-a',
        host: 'host-1',
        startedAt: '2026-12-01T10:00:00.000Z',
        heartbeatAt: '2026-12-01T10:00:00.000Z',
      };
      await replicas.heartbeat(row);
      await replicas.heartbeat({
        ...row,
        heartbeatAt: '2026-12-01T10:00:05.000Z',
      });
      expect((await replicas.instances()).get('replica-a')).toEqual({
        ...row,
        heartbeatAt: '2026-12-01T10:00:05.000Z',
        stoppedAt: undefined,
      });
      await replicas.release('replica-a');
      expect(
        (await replicas.instances()).get('replica-a')?.stoppedAt,
      ).toBeDefined();
      // it comes back under the same name
      await replicas.heartbeat({
        ...row,
        heartbeatAt: '2026-12-01T11:00:00.000Z',
      });
      expect(
        (await replicas.instances()).get('replica-a')?.stoppedAt,
      ).toBeUndefined();
      // forgotten once long silent, unless an active run names it
      await replicas.stamp(RUN, 'replica-a');
      expect(
        await replicas.prune('2026-12-02T00:00:00.000Z', ['running']),
      ).toBe(0);
      await replicas.stamp(RUN, 'replica-z');
      expect(
        await replicas.prune('2026-12-01T10:30:00.000Z', ['running']),
      ).toBe(0);
      expect(
        await replicas.prune('2026-12-02T00:00:00.000Z', ['running']),
      ).toBe(1);
      expect((await replicas.instances()).size).toBe(0);
      await knex('lt_runs').where({ id: RUN }).update({ instance: null });
    });

    it('lets one replica only take a run over', async () => {
      expect(await replicas.instanceOf(RUN)).toBeUndefined();
      expect(await replicas.claim(RUN, undefined, 'replica-a')).toBe(true);
      expect(await replicas.instanceOf(RUN)).toBe('replica-a');
      const [b, c] = await Promise.all([
        replicas.claim(RUN, 'replica-a', 'replica-b'),
        replicas.claim(RUN, 'replica-a', 'replica-c'),
      ]);
      expect([b, c].sort()).toEqual([false, true]);
      expect(await replicas.activeRuns(['running'])).toEqual([
        expect.objectContaining({
          id: RUN,
          status: 'running',
          executor: 'kubernetes',
          instance: b ? 'replica-b' : 'replica-c',
        }),
      ]);
    });

    it('keeps logs of finished runs, replaced when kept again, removed with the run', async () => {
      const logs = new RunLogStore(async () => knex);
      await logs.put(RUN, [
        { node: 'master', content: 'started\n', truncated: false },
        { node: 'worker-1', content: `a\u0000b`, truncated: true },
      ]);
      await logs.put(RUN, [
        { node: 'master', content: 'started\nstopped\n', truncated: false },
      ]);
      expect(await logs.get(RUN, 'master')).toEqual({
        node: 'master',
        content: 'started\nstopped\n',
        truncated: false,
      });
      expect(await logs.get(RUN, 'worker-1')).toEqual({
        node: 'worker-1',
        content: 'ab',
        truncated: true,
      });
      expect(await logs.get(RUN, 'worker-2')).toBeUndefined();
      await logs.remove(RUN);
      expect(await logs.get(RUN, 'master')).toBeUndefined();
    });
  },
);
