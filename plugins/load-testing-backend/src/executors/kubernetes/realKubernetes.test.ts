import { RunParameters } from '@internal/plugin-load-testing-common';
import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { LABELS } from './values';
import { spawnInMountNamespace } from './__testUtils__/mountNamespace';
import {
  startKubernetesBackend,
  testCluster,
} from './__testUtils__/testCluster';
import { deliverAsMonitor, finishLikeLocust } from './__testUtils__/monitor';

// Against the real API server of dev/k8s (kube-apiserver, controller-manager, scheduler,
// etcd, kwok nodes): `eval "$(dev/k8s/cluster.sh start)"` first.
const cluster = testCluster();
if (!cluster && process.env.CI) {
  throw new Error('KUBECONFIG must point at the dev/k8s test cluster in CI');
}
const describeCluster = cluster ? describe : describe.skip;
jest.setTimeout(120_000);

const k8s = cluster!;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-k8s-'));
const INSTANCE = `test-${process.pid}`;
const api = (p: string) => `/api/load-testing${p}`;
const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
/** Tests that start processes in mount namespaces. */
const itAsRoot = process.getuid?.() === 0 ? it : it.skip;
const SCRIPT =
  'from locust import HttpUser, task\n\nclass U(HttpUser):\n    @task\n    def t(self):\n        self.client.get("/")\n';

let scenarios = 0;
const backends: Array<{ stop(): Promise<void> }> = [];

async function startBackend(kubernetes: Record<string, unknown> = {}) {
  const backend = await startKubernetesBackend({
    dir,
    kubernetes: {
      instance: INSTANCE,
      webhookBaseUrl: 'http://backstage.test/api/load-testing',
      engines: [
        { name: 'locust', image: 'locustio/locust:2.47.0' },
        { name: 'no-such-image', image: 'kwok.test/image-pull-backoff:1' },
        { name: 'crashing', image: 'kwok.test/crash-loop-backoff:1' },
        { name: 'out-of-memory', image: 'kwok.test/oom-killed:1' },
      ],
      secretsNamespace: 'lt-test-secrets',
      secrets: [
        { name: 'shop-token', entities: ['component:default/shop-api'] },
      ],
      imagePullSecrets: ['registry'],
      allowedTolerations: [
        { key: 'load', operator: 'Equal', value: 'yes', effect: 'NoSchedule' },
      ],
      allowedNodeSelectorKeys: ['type'],
      // pods would reach the backend through its Service
      networkPolicy: {
        webhook: {
          namespace: 'backstage',
          podLabels: { app: 'backstage' },
          port: 7007,
        },
      },
      startTimeoutSeconds: 20,
      serviceAccountName: 'load-generator',
      serviceAccountAnnotations: { 'example.com/role': 'load' },
      ...kubernetes,
    },
    loadTesting: {
      targets: { allow: ['http://*'] },
      limits: { maxWorkers: 500, maxConcurrentRunsPerEntity: 30 },
    },
  });
  backends.push(backend);
  return backend;
}

type Server = Awaited<ReturnType<typeof startBackend>>['server'] | string;

async function startRun(
  server: Server,
  parameters: Partial<RunParameters> = {},
): Promise<string> {
  const scenario = await request(server)
    .post(api('/scenarios'))
    .send({
      entityRef: 'component:default/shop-api',
      name: `k8s ${++scenarios}`,
      script: SCRIPT,
      parameters: { host: 'http://shop.internal:8080', executor: 'kubernetes' },
    });
  expect(scenario.status).toBe(201);
  const run = await request(server)
    .post(api('/runs'))
    .send({ scenarioId: scenario.body.id, parameters });
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

/** The monitor's light snapshot between full ones. */
const tick = (seq: number) => ({
  kind: 'tick',
  seq,
  ts: Date.now() / 1000,
  final: false,
  state: 'running',
  userCount: 1,
  perSecond: {},
});

describeCluster('kubernetes executor against a real API server', () => {
  beforeAll(async () => {
    await k8s.core
      .createNamespace({ body: { metadata: { name: 'lt-test-secrets' } } })
      .catch(() => {});
    for (const [name, type, data] of [
      [
        'shop-token',
        'Opaque',
        { token: Buffer.from('s3cret').toString('base64') },
      ],
      [
        'registry',
        'kubernetes.io/dockerconfigjson',
        { '.dockerconfigjson': Buffer.from('{"auths":{}}').toString('base64') },
      ],
    ] as const) {
      await k8s.core
        .createNamespacedSecret({
          namespace: 'lt-test-secrets',
          body: { metadata: { name }, type, data },
        })
        .catch(() => {});
    }
  });

  // a failed test leaves neither a backend nor namespaces to the next one
  afterEach(async () => {
    await Promise.all(backends.splice(0).map(b => b.stop().catch(() => {})));
    for (const name of await k8s.runNamespaces(INSTANCE))
      await k8s.core.deleteNamespace({ name }).catch(() => {});
  });

  afterAll(async () => {
    for (const name of await k8s.runNamespaces(INSTANCE))
      await k8s.core.deleteNamespace({ name }).catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates the run objects exactly as asked, mirrors pods as nodes, reads logs and ends with the master Job', async () => {
    const backend = await startBackend();
    const { server } = backend;
    const runId = await startRun(server, {
      workers: 3,
      hostAliases: [{ ip: '10.1.2.3', hostnames: ['shop.internal'] }],
      resources: {
        worker: {
          requests: { cpu: '250m', memory: '256Mi' },
          limits: { memory: '300Mi' },
        },
        master: { limits: { cpu: '1' } },
      },
      tolerations: [
        { key: 'load', operator: 'Equal', value: 'yes', effect: 'NoSchedule' },
      ],
      nodeSelector: { type: 'kwok' },
      secretEnv: [{ name: 'API_TOKEN', secret: 'shop-token', key: 'token' }],
      env: { SHOP_MODE: 'kubernetes' },
    });
    const run = await waitFor(server, runId, ['running']);
    const ns = run.kubernetes.namespace;
    expect(run.kubernetes).toMatchObject({
      cluster: 'test',
      namespace: `load-test-${runId}`,
      image: 'locustio/locust:2.47.0',
    });
    expect(run.kubernetes.workersReadySeconds).toBeGreaterThan(0);

    // what the API server stored, not what we rendered
    const namespace = await k8s.core.readNamespace({ name: ns });
    expect(namespace.metadata!.labels).toMatchObject({
      [LABELS.run]: runId,
      [LABELS.instance]: INSTANCE,
      [LABELS.entity]: 'component.default.shop-api',
      [LABELS.scenario]: run.scenarioId,
      'app.kubernetes.io/managed-by': 'backstage-load-testing',
    });
    const account = await k8s.core.readNamespacedServiceAccount({
      name: 'load-generator',
      namespace: ns,
    });
    expect(account.metadata!.annotations).toEqual({
      'example.com/role': 'load',
    });
    expect(
      namespace.metadata!.annotations!['load-testing.dev/entity-ref'],
    ).toBe('component:default/shop-api');
    const cm = await k8s.core.readNamespacedConfigMap({
      name: 'load-test',
      namespace: ns,
    });
    expect(Object.keys(cm.data!).sort()).toEqual([
      'guard.py',
      'locustfile.py',
      'monitor.py',
      'shape.py',
      'start.sh',
    ]);
    expect(cm.data!['locustfile.py']).toBe(SCRIPT);
    expect(cm.data!['start.sh']).toContain('--expect-workers 3');
    expect(cm.data!['start.sh']).toContain('--master-host master');
    const svc = await k8s.core.readNamespacedService({
      name: 'master',
      namespace: ns,
    });
    expect(svc.spec!.ports![0].port).toBe(5557);
    // copied Secrets, and nothing else readable from the secrets namespace
    const secrets = (
      await k8s.core.listNamespacedSecret({ namespace: ns })
    ).items
      .map(s => s.metadata!.name)
      .sort();
    expect(secrets).toEqual(['registry', 'shop-token', 'webhook']);

    const master = await k8s.batch.readNamespacedJob({
      name: 'master',
      namespace: ns,
    });
    const workers = await k8s.batch.readNamespacedJob({
      name: 'workers',
      namespace: ns,
    });
    expect(workers.spec).toMatchObject({ parallelism: 3, completions: 3 });
    expect(master.spec).toMatchObject({
      parallelism: 1,
      completions: 1,
      backoffLimit: 0,
    });
    expect(master.spec!.activeDeadlineSeconds).toBe(20 + 60 + 240);
    expect(master.spec!.ttlSecondsAfterFinished).toBe(600);
    for (const job of [master, workers]) {
      const pod = job.spec!.template.spec!;
      expect(pod.hostAliases).toEqual([
        { ip: '10.1.2.3', hostnames: ['shop.internal'] },
      ]);
      expect(pod.tolerations).toEqual([
        { key: 'load', operator: 'Equal', value: 'yes', effect: 'NoSchedule' },
      ]);
      expect(pod.nodeSelector).toEqual({ type: 'kwok' });
      expect(pod.imagePullSecrets).toEqual([{ name: 'registry' }]);
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 1000,
      });
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.serviceAccountName).toBe('load-generator');
      const c = pod.containers[0];
      expect(c.image).toBe('locustio/locust:2.47.0');
      expect(c.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
      });
      expect(c.env!.find(e => e.name === 'API_TOKEN')).toEqual({
        name: 'API_TOKEN',
        valueFrom: { secretKeyRef: { name: 'shop-token', key: 'token' } },
      });
      expect(c.env!.find(e => e.name === 'LT_WEBHOOK_SECRET')).toBeUndefined();
      expect(c.env!.find(e => e.name === 'SHOP_MODE')!.value).toBe(
        'kubernetes',
      );
      // only the master reports: only its pod reads the run's webhook secret
      expect(c.envFrom).toEqual(
        job === master ? [{ secretRef: { name: 'webhook' } }] : undefined,
      );
      expect(c.env!.find(e => e.name === 'LT_WEBHOOK_URL')!.value).toBe(
        `http://backstage.test/api/load-testing/webhooks/runs/${runId}`,
      );
    }
    expect(workers.spec!.template.spec!.containers[0].resources).toEqual({
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { memory: '300Mi' },
    });
    expect(master.spec!.template.spec!.containers[0].resources).toEqual({
      requests: { cpu: '500m', memory: '512Mi' },
      limits: { cpu: '1', memory: '1Gi' },
    });

    // nodes mirror the pods the Jobs created and kwok runs
    const pods = await k8s.pods(ns);
    expect(pods).toHaveLength(4);
    const nodes = await k8s.until('four ready nodes', async () => {
      const list = (await request(server).get(api(`/runs/${runId}/nodes`))).body
        .items;
      return list.length === 4 && list.every((n: any) => n.readyAt) && list;
    });
    const byName = new Map(nodes.map((n: any) => [n.name, n]));
    const masterPod = pods.find(
      p => p.metadata!.labels![LABELS.role] === 'master',
    )!;
    expect(byName.get('master')).toMatchObject({
      role: 'master',
      pod: masterPod.metadata!.name,
      phase: 'Running',
      host: masterPod.spec!.nodeName,
      restarts: 0,
      state: 'ready',
    });
    for (const p of pods.filter(
      x => x.metadata!.labels![LABELS.role] === 'worker',
    )) {
      expect(byName.get(p.metadata!.name!)).toMatchObject({
        role: 'worker',
        pod: p.metadata!.name,
        phase: 'Running',
        host: expect.stringMatching(/^kwok-node-/),
      });
    }

    // logs through the API while the pods exist
    const log = await request(server).get(api(`/runs/${runId}/logs/master`));
    expect(log.status).toBe(200);
    expect(log.body.text).toContain('fake container log served by kwok');

    // the master Job completes after the final snapshot: the run succeeds, the namespace goes
    await finishLikeLocust(k8s, server, runId, ns);
    const done = await waitFor(server, runId, ['succeeded', 'failed']);
    expect(done).toMatchObject({ status: 'succeeded', requests: 100 });
    await k8s.until('namespace deleted', () => k8s.namespaceGone(ns));
    // logs are kept after the namespace is gone
    const kept = await request(server).get(api(`/runs/${runId}/logs/master`));
    expect(kept.body.text).toContain('fake container log served by kwok');
    await backend.stop();
  });

  it('deletes the namespace on cancel', async () => {
    const backend = await startBackend();
    const runId = await startRun(backend.server, { workers: 2 });
    const run = await waitFor(backend.server, runId, ['running']);
    const res = await request(backend.server).post(
      api(`/runs/${runId}/cancel`),
    );
    expect(res.status).toBe(200);
    const done = await waitFor(backend.server, runId, ['cancelled']);
    expect(done.statusReason).toMatch(/^Stopped by /);
    // the master had stopped when the run was cancelled; the namespace follows
    expect(await k8s.pods(run.kubernetes.namespace, 'master')).toEqual([]);
    await k8s.until('namespace deleted', () =>
      k8s.namespaceGone(run.kubernetes.namespace),
    );
    await backend.stop();
  });

  it('tells a reporting monitor to stop, and deletes the namespace when Locust does not', async () => {
    const { server } = await startBackend({ stopGraceSeconds: 2 });
    const runId = await startRun(server, { workers: 1 });
    const run = await waitFor(server, runId, ['running']);
    const ns = run.kubernetes.namespace;
    const live = await deliverAsMonitor(k8s, server, runId, ns, tick(1));
    expect(live.body.stop).toBeUndefined();
    const t0 = Date.now();
    await request(server).post(api(`/runs/${runId}/cancel`));
    // the monitor's next delivery is answered with the stop
    const told = await deliverAsMonitor(k8s, server, runId, ns, tick(2));
    expect(told.body).toMatchObject({ stored: true, stop: true });
    expect((await getRun(server, runId)).status).toBe('stopping');
    // these pods run no Locust: nothing stops, so the namespace goes after the grace
    const done = await waitFor(server, runId, ['cancelled', 'failed']);
    expect(done.status).toBe('cancelled');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2000);
    await k8s.until('namespace deleted', () => k8s.namespaceGone(ns));
  });

  it('follows a run again after a backend restart', async () => {
    const first = await startBackend();
    const runId = await startRun(first.server, { workers: 2 });
    const run = await waitFor(first.server, runId, ['running']);
    await first.stop();
    // the run goes on without a backend
    expect((await k8s.pods(run.kubernetes.namespace)).length).toBe(3);

    const second = await startBackend();
    const again = await getRun(second.server, runId);
    expect(again.status).toBe('running');
    expect(again.kubernetes.workersReadySeconds).toBe(
      run.kubernetes.workersReadySeconds,
    );
    await finishLikeLocust(k8s, second.server, runId, run.kubernetes.namespace);
    expect(
      (await waitFor(second.server, runId, ['succeeded', 'failed'])).status,
    ).toBe('succeeded');
    await k8s.until('namespace deleted', () =>
      k8s.namespaceGone(run.kubernetes.namespace),
    );
    await second.stop();
  });

  it('finishes a stop asked of a backend that went away', async () => {
    const first = await startBackend({ stopGraceSeconds: 600 });
    const runId = await startRun(first.server, { workers: 1 });
    const run = await waitFor(first.server, runId, ['running']);
    const ns = run.kubernetes.namespace;
    await deliverAsMonitor(k8s, first.server, runId, ns, tick(1));
    await request(first.server).post(api(`/runs/${runId}/cancel`));
    await first.stop();

    const second = await startBackend();
    const done = await waitFor(second.server, runId, ['cancelled', 'failed']);
    expect(done).toMatchObject({
      status: 'cancelled',
      statusReason: expect.stringMatching(/^Stopped by /),
    });
    await k8s.until('namespace deleted', () => k8s.namespaceGone(ns));
  });

  it('fails a run whose master exits with an error, naming its exit code', async () => {
    const backend = await startBackend();
    const runId = await startRun(backend.server, { workers: 1 });
    const run = await waitFor(backend.server, runId, ['running']);
    await k8s.finishPods(
      await k8s.pods(run.kubernetes.namespace, 'master'),
      'Failed',
    );
    const done = await waitFor(backend.server, runId, ['failed', 'succeeded']);
    expect(done).toMatchObject({ status: 'failed', exitCode: 1 });
    expect(done.statusReason).toMatch(
      /^The Locust master exited with code 1 before reporting final statistics/,
    );
    await k8s.until('namespace deleted', () =>
      k8s.namespaceGone(run.kubernetes.namespace),
    );
  });

  it('names why a run could not run', async () => {
    const backend = await startBackend({
      startTimeoutSeconds: 4,
      deadlineSlackSeconds: 1,
    });
    const { server } = backend;
    const cases: Array<[Partial<RunParameters>, RegExp]> = [
      [
        { nodeSelector: { type: 'gpu' } },
        /^Unschedulable: 0\/\d+ nodes are available.*node affinity\/selector.*pods not ready after 4 s/,
      ],
      [
        { engine: 'no-such-image' },
        /^ImagePullBackOff: .* pod .*: Back-off pulling image "kwok.test\/image-pull-backoff:1"/,
      ],
      [
        { engine: 'crashing' },
        /^CrashLoopBackOff: .* pod .*: the container keeps exiting: restarted 5 times; last exit code 1 \(Error\)/,
      ],
      [
        { engine: 'out-of-memory' },
        /^OOMKilled: .* pod .*: the container ran out of memory \(limit of 1Gi\)/,
      ],
      [
        { duration: 1 },
        /^DeadlineExceeded: the run went past its deadline of 6 s/,
      ],
    ];
    const ids = await Promise.all(
      cases.map(([p]) => startRun(server, { workers: 1, ...p })),
    );
    for (const [i, id] of ids.entries()) {
      const run = await waitFor(
        server,
        id,
        ['failed', 'succeeded', 'cancelled'],
        60_000,
      );
      expect(run.status).toBe('failed');
      expect(run.statusReason).toMatch(cases[i][1]);
      await k8s.until('namespace deleted', () =>
        k8s.namespaceGone(run.kubernetes.namespace),
      );
    }
    // the stuck pod's reason is on its node too
    const nodes = (await request(server).get(api(`/runs/${ids[0]}/nodes`))).body
      .items;
    expect(nodes.find((n: any) => n.role === 'master')).toMatchObject({
      phase: 'Unschedulable',
      message: expect.stringMatching(/^Unschedulable: /),
    });
    await backend.stop();
  });

  const leastPrivilegeToken = () => k8s.leastPrivilegeToken(INSTANCE);

  it('runs with nothing but the documented least-privilege service account', async () => {
    const apiServer = k8s.kc.getCurrentCluster()!;
    // the test cluster reached with that token only
    const clusters = [
      {
        name: 'test',
        url: apiServer.server,
        serviceAccountToken: await leastPrivilegeToken(),
        caData: apiServer.caData,
        caFile: apiServer.caFile,
      },
    ];
    const backend = await startBackend({
      clusters,
      secretsNamespace: 'load-testing',
      imagePullSecrets: [],
    });
    const { server } = backend;
    const runId = await startRun(server, {
      workers: 2,
      secretEnv: [{ name: 'API_TOKEN', secret: 'shop-token', key: 'token' }],
    });
    const run = await waitFor(server, runId, ['running']);
    const nodes = (await request(server).get(api(`/runs/${runId}/nodes`))).body
      .items;
    expect(nodes).toHaveLength(3);
    expect(
      (await request(server).get(api(`/runs/${runId}/logs/master`))).status,
    ).toBe(200);
    await finishLikeLocust(k8s, server, runId, run.kubernetes.namespace);
    expect((await waitFor(server, runId, ['succeeded', 'failed'])).status).toBe(
      'succeeded',
    );
    const cancelled = await startRun(server, { workers: 1 });
    await waitFor(server, cancelled, ['running']);
    await request(server).post(api(`/runs/${cancelled}/cancel`));
    expect((await waitFor(server, cancelled, ['cancelled'])).status).toBe(
      'cancelled',
    );
    await k8s.until(
      'namespaces deleted',
      async () => (await k8s.runNamespaces(INSTANCE)).length === 0,
    );
    // and no more than that: Secrets elsewhere stay out of reach
    const outsider = await startBackend({
      clusters,
      secretsNamespace: 'lt-test-secrets',
      imagePullSecrets: [],
    });
    const refused = await startRun(outsider.server, {
      workers: 1,
      secretEnv: [{ name: 'API_TOKEN', secret: 'shop-token', key: 'token' }],
    });
    const failed = await waitFor(outsider.server, refused, ['failed']);
    expect(failed.statusReason).toMatch(
      /Could not start: Secret shop-token could not be read from namespace lt-test-secrets: .*forbidden/,
    );
    // refused before anything was created: no namespace, no request left in flight
    expect(await k8s.runNamespaces(INSTANCE)).toEqual([]);
  });

  // As a backend deployed in a pod: the API server from KUBERNETES_SERVICE_HOST/PORT, the
  // token and CA from the service account directory, nothing else (no kubeconfig).
  itAsRoot(
    'runs in a pod with authProvider inCluster, on the mounted service account token',
    async () => {
      const sa = fs.mkdtempSync(path.join(dir, 'serviceaccount-'));
      const apiServer = k8s.kc.getCurrentCluster()!;
      fs.writeFileSync(path.join(sa, 'token'), await leastPrivilegeToken());
      fs.writeFileSync(
        path.join(sa, 'ca.crt'),
        apiServer.caData
          ? Buffer.from(apiServer.caData, 'base64')
          : fs.readFileSync(apiServer.caFile!),
      );
      fs.writeFileSync(path.join(sa, 'namespace'), 'backstage');
      const url = new URL(apiServer.server);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        KUBERNETES_SERVICE_HOST: url.hostname,
        KUBERNETES_SERVICE_PORT: url.port,
        LT_DIR: fs.mkdtempSync(path.join(dir, 'in-cluster-')),
        LT_INSTANCE: INSTANCE,
        LT_SECRETS_NAMESPACE: 'load-testing',
      };
      delete env.KUBECONFIG;
      // /run (= /var/run) private to the process, holding the service account files
      const child = spawnInMountNamespace(
        `mount -t tmpfs tmpfs /run && mkdir -p ${SA_DIR} && cp "$0"/* ${SA_DIR}/`,
        [sa],
        [
          process.execPath,
          '--require',
          require.resolve('@backstage/cli/config/nodeTransform.cjs'),
          path.join(__dirname, '__testUtils__', 'inClusterBackend.ts'),
        ],
        { env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      child.stdout!.on('data', d => (output += d));
      child.stderr!.on('data', d => (output += d));
      const exited = new Promise(r => child.once('exit', r));
      try {
        const port = await k8s.until(
          'the in-cluster backend to listen',
          async () => {
            if (child.exitCode !== null)
              throw new Error(`backend exited: ${output}`);
            return /^port (\d+)$/m.exec(output)?.[1];
          },
          60_000,
        );
        const server = `http://127.0.0.1:${port}`;
        const runId = await startRun(server, {
          workers: 2,
          secretEnv: [
            { name: 'API_TOKEN', secret: 'shop-token', key: 'token' },
          ],
        });
        const run = await waitFor(server, runId, ['running', 'failed']);
        expect(run.statusReason ?? '').toBe('');
        expect(run.kubernetes.cluster).toBe('test');
        const nodes = (await request(server).get(api(`/runs/${runId}/nodes`)))
          .body.items;
        expect(nodes.map((n: { pod?: string }) => !!n.pod)).toEqual([
          true,
          true,
          true,
        ]);
        await request(server).post(api(`/runs/${runId}/cancel`));
        expect((await waitFor(server, runId, ['cancelled'])).status).toBe(
          'cancelled',
        );
        await k8s.until('its namespace deleted', () =>
          k8s.namespaceGone(run.kubernetes.namespace),
        );
      } finally {
        child.kill('SIGTERM');
        await exited;
      }
    },
  );

  it('refuses unknown clusters, engines and secrets by field', async () => {
    const backend = await startBackend();
    const scenario = await request(backend.server)
      .post(api('/scenarios'))
      .send({
        entityRef: 'component:default/shop-api',
        name: 'refused',
        script: SCRIPT,
        parameters: { host: 'http://shop.internal', executor: 'kubernetes' },
      });
    const res = await request(backend.server)
      .post(api('/runs'))
      .send({
        scenarioId: scenario.body.id,
        parameters: {
          cluster: 'prod',
          engine: 'jmeter',
          resources: {
            worker: { requests: { memory: '2Gi' }, limits: { memory: '1Gi' } },
          },
          secretEnv: [{ name: 'X', secret: 'db-password', key: 'k' }],
        },
      });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((d: any) => d.field)).toEqual([
      'parameters.cluster',
      'parameters.engine',
      'parameters.resources.worker.requests.memory',
      'parameters.secretEnv[0].secret',
    ]);
    await backend.stop();
  });

  it('leaves no namespace behind after 20 runs, and sweeps those of unknown runs', async () => {
    const backend = await startBackend();
    const { server } = backend;
    const namespaces: string[] = [];
    const t0 = Date.now();
    for (let i = 0; i < 20; i++) {
      const runId = await startRun(server, { workers: 1 });
      const run = await waitFor(server, runId, ['running']);
      await finishLikeLocust(k8s, server, runId, run.kubernetes.namespace);
      const done = await waitFor(server, runId, ['succeeded', 'failed']);
      expect(done.status).toBe('succeeded');
      namespaces.push(run.kubernetes.namespace);
    }
    const t1 = Date.now();
    await k8s.until(
      'no run namespaces',
      async () => (await k8s.runNamespaces(INSTANCE)).length === 0,
    );
    // eslint-disable-next-line no-console
    console.log(
      `20 runs: ${((t1 - t0) / 20000).toFixed(2)} s each from Run to succeeded; all 20 namespaces gone ${((Date.now() - t1) / 1000).toFixed(1)} s after the last run`,
    );
    await backend.stop();

    // a namespace of a run this backend does not know: removed by the startup sweep
    const stray = `load-test-${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`;
    await k8s.core.createNamespace({
      body: {
        metadata: {
          name: stray,
          labels: {
            'app.kubernetes.io/managed-by': 'backstage-load-testing',
            [LABELS.instance]: INSTANCE,
            [LABELS.run]: '00000000-0000-4000-8000-000000000000',
          },
        },
      },
    });
    const next = await startBackend();
    await k8s.until('stray namespace swept', () => k8s.namespaceGone(stray));
    await next.stop();
  });
});
