import { V1Pod } from '@kubernetes/client-node';
import { ChildProcess } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { PausableProxy } from '../local/testing';
import { spawnInMountNamespace } from './__testUtils__/mountNamespace';
import {
  startKubernetesBackend,
  testCluster,
} from './__testUtils__/testCluster';
import { LABELS, MOUNT } from './values';
import { startTarget } from '../../__testUtils__/target';

// eslint-disable-next-line @typescript-eslint/no-var-requires

// The pods of a Kubernetes run, started the way a kubelet would: the container's env
// (fieldRefs, Secret keys, envFrom) as the API server stored it, the ConfigMap mounted at
// its mount path, /etc/hosts with the Service name and the run's hostAliases, then the
// container command: real Locust, whose monitor reports to the backend.
const cluster = testCluster();
const LOCUST = process.env.LOCUST_BIN;
const canMount = process.getuid?.() === 0;
if (process.env.CI && (!cluster || !LOCUST || !canMount)) {
  throw new Error(
    'CI needs KUBECONFIG (dev/k8s), LOCUST_BIN and root (mount namespaces) for this test',
  );
}
const describeIf = cluster && LOCUST && canMount ? describe : describe.skip;
jest.setTimeout(180_000);

const k8s = cluster!;
const SCRIPT = `
from locust import FastHttpUser, task, between

class Shopper(FastHttpUser):
    wait_time = between(0.01, 0.03)

    @task
    def items(self):
        self.client.get("/api/items")
`;

describeIf('a Kubernetes run whose pods run real Locust', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-k8s-locust-'));
  const instance = `locust-${process.pid}`;
  const children: ChildProcess[] = [];
  let target: { url: string; close(): Promise<void> };
  let proxy: PausableProxy;
  let backend: Awaited<ReturnType<typeof startKubernetesBackend>>;
  const api = (p: string) => `/api/load-testing${p}`;

  beforeAll(async () => {
    target = await startTarget({ port: 0 });
    let backendPort = 0;
    proxy = new PausableProxy(() => backendPort);
    const proxyPort = await proxy.start();
    backend = await startKubernetesBackend({
      dir,
      kubernetes: {
        instance,
        webhookBaseUrl: `http://127.0.0.1:${proxyPort}/api/load-testing`,
      },
      loadTesting: {
        // the host aliases' address must be one runs may reach
        targets: { allow: ['http://shop.internal:*', 'http://127.0.0.1:*'] },
        limits: { maxUsers: 50 },
      },
    });
    backendPort = backend.server.port();
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await backend?.stop();
    await proxy?.stop();
    await target?.close();
    for (const name of await k8s.runNamespaces(instance))
      await k8s.core.deleteNamespace({ name }).catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Starts the pod's container as a process, as a kubelet would. */
  async function runLikeKubelet(pod: V1Pod): Promise<ChildProcess> {
    const namespace = pod.metadata!.namespace!;
    const spec = pod.spec!;
    const container = spec.containers[0];
    const podDir = path.join(dir, pod.metadata!.name!);
    const mount = path.join(podDir, 'mnt');
    fs.mkdirSync(mount, { recursive: true });
    const volume = spec.volumes!.find(
      v => v.name === container.volumeMounts![0].name,
    )!;
    const cm = await k8s.core.readNamespacedConfigMap({
      name: volume.configMap!.name!,
      namespace,
    });
    for (const [file, text] of Object.entries(cm.data!))
      fs.writeFileSync(path.join(mount, file), text);
    const secret = async (name: string) =>
      (await k8s.core.readNamespacedSecret({ name, namespace })).data ?? {};
    const env: Record<string, string> = {
      PATH: process.env.PATH!,
      HOME: podDir,
    };
    for (const ref of container.envFrom ?? []) {
      for (const [k, v] of Object.entries(await secret(ref.secretRef!.name!)))
        env[k] = Buffer.from(v, 'base64').toString();
    }
    for (const e of container.env ?? []) {
      if (e.value !== undefined) env[e.name] = e.value;
      else if (e.valueFrom?.fieldRef?.fieldPath === 'metadata.name')
        env[e.name] = pod.metadata!.name!;
    }
    const hosts = path.join(podDir, 'hosts');
    fs.writeFileSync(
      hosts,
      [
        '127.0.0.1 localhost master',
        ...(spec.hostAliases ?? []).map(
          a => `${a.ip} ${a.hostnames!.join(' ')}`,
        ),
        '',
      ].join('\n'),
    );
    fs.mkdirSync(MOUNT, { recursive: true });
    const command = [...container.command!, ...(container.args ?? [])];
    const child = spawnInMountNamespace(
      `mount --bind "$0" ${MOUNT} && mount --bind "$1" /etc/hosts`,
      [mount, hosts],
      command,
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const log = fs.createWriteStream(path.join(podDir, 'container.log'));
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    children.push(child);
    return child;
  }

  const exited = (c: ChildProcess) =>
    new Promise<number | null>(resolve =>
      c.exitCode !== null ? resolve(c.exitCode) : c.on('exit', resolve),
    );

  /** A Kubernetes run of the sample service whose pods run, once its charts have points. */
  async function startLocustRun(
    name: string,
    parameters: { users: number; duration: number; workers: number },
    script = SCRIPT,
  ) {
    const port = new URL(target.url).port;
    const scenario = await request(backend.server)
      .post(api('/scenarios'))
      .send({
        entityRef: 'component:default/shop-api',
        name,
        script,
        parameters: {
          executor: 'kubernetes',
          spawnRate: parameters.users,
          ...parameters,
          // resolves only through the run's hostAliases
          host: `http://shop.internal:${port}`,
          hostAliases: [{ ip: '127.0.0.1', hostnames: ['shop.internal'] }],
        },
      });
    expect([scenario.status, scenario.body.error]).toEqual([201, undefined]);
    const created = await request(backend.server)
      .post(api('/runs'))
      .send({ scenarioId: scenario.body.id });
    expect(created.status).toBe(201);
    const runId: string = created.body.id;
    const run = await k8s.until('the run to be running', async () => {
      const r = (await request(backend.server).get(api(`/runs/${runId}`))).body;
      return r.status === 'running' && r;
    });
    const namespace: string = run.kubernetes.namespace;
    const pods = await k8s.pods(namespace);
    expect(pods).toHaveLength(parameters.workers + 1);
    const master = pods.find(
      p => p.metadata!.labels![LABELS.role] === 'master',
    )!;
    const workers = pods.filter(p => p !== master);
    const masterProcess = await runLikeKubelet(master);
    const workerProcesses = await Promise.all(workers.map(runLikeKubelet));
    // chart points arrive while the pods run
    await k8s.until(
      'live samples',
      async () =>
        (await request(backend.server).get(api(`/runs/${runId}`))).body
          .requests > 0,
      30_000,
    );
    return {
      runId,
      namespace,
      pods,
      master,
      workers,
      masterProcess,
      workerProcesses,
    };
  }

  /** The master exits (its code and when), the workers too; the kubelet reports it. */
  async function endLikeKubelet(
    run: Awaited<ReturnType<typeof startLocustRun>>,
  ) {
    const exitCode = await exited(run.masterProcess);
    const exitedAt = Date.now();
    await Promise.all(run.workerProcesses.map(exited));
    await k8s.finishPods(run.pods, 'Succeeded');
    const done = await k8s.until(
      'the run to end',
      async () => {
        const r = (await request(backend.server).get(api(`/runs/${run.runId}`)))
          .body;
        return !['running', 'stopping'].includes(r.status) && r;
      },
      60_000,
    );
    return { exitCode, exitedAt, done };
  }

  it('runs the load through the pods and ends with real statistics', async () => {
    const handle = await startLocustRun('shop on kubernetes', {
      users: 6,
      duration: 8,
      workers: 2,
    });
    const { runId, namespace, workers } = handle;
    const nodes = (
      await request(backend.server).get(api(`/runs/${runId}/nodes`))
    ).body.items;
    // the monitor names workers by their pod, so Locust's view and the pod's meet
    for (const w of workers) {
      expect(nodes.find((n: any) => n.name === w.metadata!.name)).toMatchObject(
        {
          pod: w.metadata!.name,
          role: 'worker',
        },
      );
    }

    const { exitCode, done } = await endLikeKubelet(handle);
    expect(exitCode).toBe(0);
    expect(done.status).toBe('succeeded');
    expect(done.totals.endpoints.map((e: any) => e.name)).toEqual([
      '/api/items',
    ]);
    expect(done.requests).toBeGreaterThan(50);
    expect(done.failureRatio).toBe(0);
    await k8s.until('namespace deleted', () => k8s.namespaceGone(namespace));
  });

  it('stops Locust through its monitor on Stop, keeping the statistics', async () => {
    const handle = await startLocustRun('shop on kubernetes stopped', {
      users: 4,
      duration: 120,
      workers: 1,
    });
    const { runId, namespace, master } = handle;

    const t0 = Date.now();
    const cancel = await request(backend.server).post(
      api(`/runs/${runId}/cancel`),
    );
    expect(cancel.status).toBe(200);
    // no SIGTERM from anywhere: the webhook's answer makes Locust stop
    const { exitCode, exitedAt, done } = await endLikeKubelet(handle);
    expect(exitCode).toBe(0);
    const stoppedAfter = exitedAt - t0;
    const endedAfter = Date.now() - t0;
    // eslint-disable-next-line no-console
    console.log(
      `Stop: Locust stopped ${(stoppedAfter / 1000).toFixed(1)} s after the click, run cancelled after ${(endedAfter / 1000).toFixed(1)} s`,
    );
    expect(done.status).toBe('cancelled');
    expect(stoppedAfter).toBeLessThan(10_000);
    expect(done.totals.endpoints.map((e: any) => e.name)).toEqual([
      '/api/items',
    ]);
    expect(done.requests).toBeGreaterThan(0);
    const log = fs.readFileSync(
      path.join(dir, master.metadata!.name!, 'container.log'),
      'utf8',
    );
    expect(log).toContain('the run was stopped from the portal');
    await k8s.until('namespace deleted', () => k8s.namespaceGone(namespace));
  });

  it('holds the user limit and the time limit of a shape that asks for more, in the pods', async () => {
    const shape = `
from locust import FastHttpUser, LoadTestShape, constant, task

class Shopper(FastHttpUser):
    wait_time = constant(1)

    @task
    def items(self):
        self.client.get("/api/items")

class Greedy(LoadTestShape):
    def tick(self):
        return (80, 80)
`;
    const handle = await startLocustRun(
      'greedy shape on kubernetes',
      { users: 10, duration: 8, workers: 2 },
      shape,
    );
    const job = await k8s.batch.readNamespacedJob({
      name: 'master',
      namespace: handle.namespace,
    });
    // the same rule on the cluster: the default start timeout (600 s) + the run's time
    // limit + the default slack (240 s)
    expect(job.spec!.activeDeadlineSeconds).toBe(600 + 8 + 240);
    let peak = 0;
    const { done } = await Promise.all([
      endLikeKubelet(handle),
      (async () => {
        for (let i = 0; i < 40; i++) {
          const r = (
            await request(backend.server).get(api(`/runs/${handle.runId}`))
          ).body;
          peak = Math.max(peak, r.totals?.peakUsers ?? 0);
          const nodes = (
            await request(backend.server).get(
              api(`/runs/${handle.runId}/nodes`),
            )
          ).body.items;
          peak = Math.max(
            peak,
            nodes
              .filter((n: any) => n.role === 'worker')
              .reduce((sum: number, n: any) => sum + (n.userCount ?? 0), 0),
          );
          if (!['running', 'stopping'].includes(r.status)) break;
          await new Promise(resolve => setTimeout(resolve, 500));
        }
      })(),
    ]).then(([ended]) => ended);
    expect(done.status).toBe('succeeded');
    expect(peak).toBe(50);
    expect(done.totals.peakUsers).toBe(50);
    expect(done.warnings.map((w: any) => w.code).sort()).toEqual([
      'time-limit',
      'users-capped',
    ]);
    expect(done.shape.className).toBe('Greedy');
    await k8s.until('namespace deleted', () =>
      k8s.namespaceGone(handle.namespace),
    );
  });
});
