import fs from 'fs';
import knexFactory, { Knex } from 'knex';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import loadTestingBackend from '../..';
import { TEST_ENTITIES } from '../../__testUtils__/startBackend';
import { testCluster } from './__testUtils__/testCluster';
import { finishLikeLocust } from './__testUtils__/monitor';

// Two backends on one PostgreSQL database and the test cluster of dev/k8s:
// `eval "$(dev/k8s/cluster.sh start)"` and the PostgreSQL of dev/scripts/postgres.sh first.
const cluster = testCluster();
const pg = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
if ((!cluster || !pg) && process.env.CI && process.env.LT_K8S_AVAILABLE) {
  throw new Error('KUBECONFIG and PostgreSQL are needed for the replica tests');
}
const describeReplicas = cluster && pg ? describe : describe.skip;
jest.setTimeout(120_000);

const k8s = cluster!;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-replicas-'));
const INSTANCE = `replicas-${process.pid}`;
const PREFIX = `lt_replicas_${process.pid}_`;
const DATABASE = `${PREFIX}load-testing`;
const api = (p: string) => `/api/load-testing${p}`;
const SCRIPT =
  'from locust import HttpUser, task\n\nclass U(HttpUser):\n    @task\n    def t(self):\n        self.client.get("/")\n';

type Backend = Awaited<ReturnType<typeof startTestBackend>>;
type Server = Backend['server'];
const backends: Backend[] = [];
let db: Knex;
let scenarios = 0;

/** A replica: its own instance id, the shared database and cluster. */
async function startReplica(instanceId: string): Promise<Backend> {
  const loadTesting = {
    instanceId,
    replicas: {
      heartbeatSeconds: 1,
      takeoverAfterSeconds: 3,
      lostAfterSeconds: 5,
    },
    targets: { allow: ['http://*'] },
    limits: { maxConcurrentRunsPerEntity: 30 },
    webhook: { signingKey: 'test-key' },
    executors: {
      kubernetes: {
        enabled: true,
        clusters: [
          {
            name: 'test',
            authProvider: 'kubeconfig',
            kubeconfig: process.env.KUBECONFIG,
          },
        ],
        workDir: path.join(dir, instanceId),
        instance: INSTANCE,
        webhookBaseUrl: 'http://backstage.test/api/load-testing',
        engines: [{ name: 'locust', image: 'locustio/locust:2.47.0' }],
        networkPolicy: {
          webhook: {
            namespace: 'backstage',
            podLabels: { app: 'backstage' },
            port: 7007,
          },
        },
        startTimeoutSeconds: 20,
      },
    },
  };
  // the real scheduler: the heartbeat is one of its tasks
  const backend = await startTestBackend({
    features: [
      loadTestingBackend,
      databaseServiceFactory,
      schedulerServiceFactory,
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      catalogServiceMock.factory({ entities: TEST_ENTITIES }),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            database: { client: 'pg', connection: pg!, prefix: PREFIX },
          },
          loadTesting,
        },
      }),
    ],
  });
  backends.push(backend);
  return backend;
}

async function stopReplica(backend: Backend) {
  backends.splice(backends.indexOf(backend), 1);
  await backend.stop();
}

async function startRun(server: Server): Promise<string> {
  const scenario = await request(server)
    .post(api('/scenarios'))
    .send({
      entityRef: 'component:default/shop-api',
      name: `replicas ${++scenarios}`,
      script: SCRIPT,
      parameters: { host: 'http://shop.internal:8080', executor: 'kubernetes' },
    });
  expect(scenario.status).toBe(201);
  const run = await request(server)
    .post(api('/runs'))
    .send({ scenarioId: scenario.body.id, parameters: { workers: 1 } });
  if (run.status !== 201) throw new Error(`run refused: ${run.text}`);
  return run.body.id;
}

const getRun = async (server: Server, id: string) =>
  (await request(server).get(api(`/runs/${id}`))).body;

function waitFor(server: Server, id: string, statuses: string[], ms = 30_000) {
  return k8s.until(
    `run ${id} to be ${statuses.join(' or ')}`,
    async () => {
      const run = await getRun(server, id);
      return statuses.includes(run.status) && run;
    },
    ms,
  );
}

describeReplicas(
  'two backend replicas on one PostgreSQL (test cluster)',
  () => {
    beforeAll(async () => {
      db = knexFactory({ client: 'pg', connection: pg });
    });

    afterEach(async () => {
      await Promise.all(backends.splice(0).map(b => b.stop().catch(() => {})));
      for (const name of await k8s.runNamespaces(INSTANCE))
        await k8s.core.deleteNamespace({ name }).catch(() => {});
    });

    afterAll(async () => {
      await db?.destroy();
      // the plugin database the replicas shared
      const admin = knexFactory({ client: 'pg', connection: pg });
      await admin
        .raw(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`)
        .catch(() => {});
      await admin.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('takes over a Kubernetes run of a replica that stopped answering, and finishes it with its verdict', async () => {
      const a = await startReplica('replica-a');
      const b = await startReplica('replica-b');
      const runId = await startRun(a.server);
      const run = await waitFor(a.server, runId, ['running']);
      const ns = run.kubernetes.namespace;
      // the database the replicas share
      const shared = knexFactory({
        client: 'pg',
        connection: `${pg}/${DATABASE}`,
      });
      try {
        expect(
          (await shared('lt_runs').where({ id: runId }).first('instance'))
            .instance,
        ).toBe('replica-a');
        const alive = await shared('lt_instances')
          .where({ id: 'replica-a' })
          .first();
        expect(alive).toBeDefined();
        // A dies: no more heartbeats, nobody watches its pods; its last heartbeat stays
        await stopReplica(a);
        await shared('lt_instances').insert(alive).onConflict('id').merge();
        const t0 = Date.now();
        await k8s.until(
          'replica-b to take the run over',
          async () =>
            (await shared('lt_runs').where({ id: runId }).first('instance'))
              .instance === 'replica-b',
          20_000,
        );
        // not before A's silence passed the threshold (3 s)
        expect(Date.now() - Date.parse(alive.heartbeat_at)).toBeGreaterThan(
          3000,
        );
        expect(Date.now() - t0).toBeLessThan(15_000);
        expect((await getRun(b.server, runId)).status).toBe('running');
        await finishLikeLocust(k8s, b.server, runId, ns);
        const done = await waitFor(b.server, runId, ['succeeded', 'failed']);
        expect(done).toMatchObject({
          status: 'succeeded',
          verdict: expect.any(String),
          requests: 100,
        });
        await k8s.until('namespace deleted', () => k8s.namespaceGone(ns));
      } finally {
        await shared.destroy();
      }
    });

    it('ends a run cancelled on the replica that does not follow it as cancelled', async () => {
      const a = await startReplica('replica-a');
      const b = await startReplica('replica-b');
      const runId = await startRun(a.server);
      const run = await waitFor(a.server, runId, ['running']);
      const res = await request(b.server).post(api(`/runs/${runId}/cancel`));
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('stopping');
      const done = await waitFor(b.server, runId, [
        'cancelled',
        'failed',
        'succeeded',
      ]);
      expect(done.status).toBe('cancelled');
      expect(done.statusReason).toMatch(/^Stopped by user:/);
      expect((await getRun(a.server, runId)).status).toBe('cancelled');
      await k8s.until('namespace deleted', () =>
        k8s.namespaceGone(run.kubernetes.namespace),
      );
    });

    it("takes the final snapshot on either replica, and reads a finished Kubernetes run's logs from either", async () => {
      const a = await startReplica('replica-a');
      const b = await startReplica('replica-b');
      const runId = await startRun(a.server);
      const run = await waitFor(a.server, runId, ['running']);
      // behind a load balancer the final snapshot reaches B, while A follows the run
      await finishLikeLocust(k8s, b.server, runId, run.kubernetes.namespace);
      expect(
        await waitFor(a.server, runId, ['succeeded', 'failed']),
      ).toMatchObject({ status: 'succeeded', requests: 100 });
      await k8s.until('namespace deleted', () =>
        k8s.namespaceGone(run.kubernetes.namespace),
      );
      for (const server of [a.server, b.server]) {
        const log = await request(server).get(
          api(`/runs/${runId}/logs/master`),
        );
        expect(log.status).toBe(200);
        expect(log.body.text).toContain('fake container log served by kwok');
      }
      // not on either replica's disk: in the database
      expect(
        fs.existsSync(path.join(dir, 'replica-a', 'runs', runId, 'logs')),
      ).toBe(false);
      const shared = knexFactory({
        client: 'pg',
        connection: `${pg}/${DATABASE}`,
      });
      try {
        const rows = await shared('lt_run_logs').where({ run_id: runId });
        expect(rows.map(r => r.node)).toContain('master');
      } finally {
        await shared.destroy();
      }
    });
  },
);
