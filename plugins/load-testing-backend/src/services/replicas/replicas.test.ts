import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { loadTestingExecutorsExtensionPoint } from '@internal/plugin-load-testing-node';
import knexFactory from 'knex';
import request from 'supertest';
import { loadTestingPlugin } from '../../plugin';
import { TEST_ENTITIES } from '../../__testUtils__/startBackend';
import {
  Executor,
  ExecutorListener,
  ExecutorRunSpec,
  StopReason,
} from '../../executors/types';

// Two backends on one PostgreSQL database, each with the real scheduler (the heartbeat
// is one of its tasks), and an executor of this test whose runs live on one host like
// local Locust processes: no other replica can follow them.
const pg = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
if (!pg && process.env.CI)
  throw new Error('The replica tests need PostgreSQL in CI');
const describePg = pg ? describe : describe.skip;
jest.setTimeout(60_000);

const PREFIX = `lt_replicas_local_${process.pid}_`;
const DATABASE = `${PREFIX}load-testing`;
const api = (p: string) => `/api/load-testing${p}`;
const SCRIPT =
  'from locust import HttpUser, task\n\nclass U(HttpUser):\n    @task\n    def t(self):\n        self.client.get("/")\n';

/** Processes of one host: they outlive a backend that dies, until swept. */
class HostProcesses implements Executor {
  readonly name = 'host';
  readonly processes = new Set<string>();
  readonly killed: string[] = [];
  private readonly listeners = new Map<string, ExecutorListener>();

  async start(spec: ExecutorRunSpec, listener: ExecutorListener) {
    this.processes.add(spec.run.id);
    this.listeners.set(spec.run.id, listener);
    listener.onRunning(spec.run.id);
  }
  async stop(runId: string, reason: StopReason) {
    this.processes.delete(runId);
    this.listeners.get(runId)?.onExit(runId, { stoppedBy: reason });
  }
  async readLog(runId: string, node: string) {
    return { node, offset: 0, nextOffset: 0, size: 0, text: runId };
  }
  async sweep(runId: string) {
    if (this.processes.delete(runId)) this.killed.push(runId);
  }
  async sweepAll(isActive: (runId: string) => Promise<boolean>) {
    let removed = 0;
    for (const runId of [...this.processes]) {
      if (await isActive(runId)) continue;
      await this.sweep(runId);
      removed++;
    }
    return removed;
  }
  /** The backend dies: nothing stops, nobody is told. */
  async shutdown() {
    this.listeners.clear();
  }
  limitGraceSeconds() {
    return 60;
  }
}

function startReplica(instanceId: string, host?: HostProcesses) {
  const features = [
    loadTestingPlugin,
    databaseServiceFactory,
    schedulerServiceFactory,
    mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
    catalogServiceMock.factory({ entities: TEST_ENTITIES }),
    mockServices.rootConfig.factory({
      data: {
        backend: {
          database: { client: 'pg', connection: pg!, prefix: PREFIX },
        },
        loadTesting: {
          instanceId,
          replicas: {
            heartbeatSeconds: 1,
            takeoverAfterSeconds: 3,
            lostAfterSeconds: 5,
          },
          targets: { allow: ['http://*'] },
          webhook: { signingKey: 'test-key' },
        },
      },
    }),
  ];
  const module = createBackendModule({
    pluginId: 'load-testing',
    moduleId: 'host-processes',
    register(env) {
      env.registerInit({
        deps: { executors: loadTestingExecutorsExtensionPoint },
        async init({ executors }) {
          if (host) executors.addExecutor(host);
        },
      });
    },
  });
  return startTestBackend({ features: [...features, module] });
}

describePg('local runs of a backend replica that stopped answering', () => {
  const shared = () =>
    knexFactory({ client: 'pg', connection: `${pg}/${DATABASE}` });

  afterAll(async () => {
    const admin = knexFactory({ client: 'pg', connection: pg });
    await admin
      .raw(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`)
      .catch(() => {});
    await admin.destroy();
  });

  it('are left to their replica while it answers, declared lost with the reason after it went silent, and not resurrected when it returns', async () => {
    const hostA = new HostProcesses();
    let a = await startReplica('replica-a', hostA);
    const b = await startReplica('replica-b');
    const db = shared();
    try {
      const scenario = await request(a.server)
        .post(api('/scenarios'))
        .send({
          entityRef: 'component:default/shop-api',
          name: 'on one host',
          script: SCRIPT,
          parameters: { host: 'http://shop.internal:8080', executor: 'host' },
        });
      expect(scenario.status).toBe(201);
      const created = await request(a.server)
        .post(api('/runs'))
        .send({ scenarioId: scenario.body.id });
      expect(created.status).toBe(201);
      const runId = created.body.id;
      const until = async (what: string, fn: () => Promise<boolean>) => {
        const deadline = Date.now() + 20_000;
        while (!(await fn())) {
          if (Date.now() > deadline) throw new Error(`Timed out: ${what}`);
          await new Promise(r => setTimeout(r, 200));
        }
      };
      const runOn = async (server: typeof b.server) =>
        (await request(server).get(api(`/runs/${runId}`))).body;
      await until(
        'running',
        async () => (await runOn(b.server)).status === 'running',
      );
      expect(
        (await db('lt_runs').where({ id: runId }).first('instance')).instance,
      ).toBe('replica-a');

      // while A answers, B leaves its run alone, past the lost threshold
      await new Promise(r => setTimeout(r, 6000));
      expect((await runOn(b.server)).status).toBe('running');

      // A dies: its heartbeat stops, its processes stay on its host
      const last = await db('lt_instances').where({ id: 'replica-a' }).first();
      await a.stop();
      await db('lt_instances').insert(last).onConflict('id').merge();
      expect(hostA.processes.has(runId)).toBe(true);
      const t0 = Date.now();
      await until(
        'lost',
        async () => (await runOn(b.server)).status === 'lost',
      );
      const silent = Date.now() - Date.parse(last.heartbeat_at);
      expect(silent).toBeGreaterThanOrEqual(5000);
      expect(Date.now() - t0).toBeLessThan(15_000);
      const lost = await runOn(b.server);
      expect(lost.statusReason).toMatch(
        /^Backend replica replica-a stopped answering \d+ s ago; its local Locust processes could not be followed$/,
      );

      // A returns: its run stays lost, and the processes it left are killed
      a = await startReplica('replica-a', hostA);
      await until('swept', async () => hostA.killed.includes(runId));
      expect(hostA.processes.has(runId)).toBe(false);
      expect((await runOn(a.server)).status).toBe('lost');
      await a.stop();
    } finally {
      await db.destroy();
      await b.stop();
    }
  });
});
