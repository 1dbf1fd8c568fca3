/**
 * Kubernetes executor benchmark against the dev/k8s test cluster (real kube-apiserver,
 * controller-manager, scheduler and etcd; kwok nodes). For runs of 500 workers (and 50
 * for scale) it prints:
 *   - ours: rendering the run's objects and the API calls creating them (namespace,
 *     Secret, ConfigMap, Service, master Job, worker Job), until the last is accepted;
 *   - cluster: from then until every pod is Running and ready as our watch sees it,
 *     as our watch sees it.
 * Then the same through a whole backend (SQLite): POST /runs until the run is `running`,
 * with the time to all workers ready the run page shows.
 *
 *   eval "$(dev/k8s/cluster.sh start)"
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/kubernetes.ts
 *
 * Env: BENCH_K8S_WORKERS (default "500,50"), BENCH_K8S_REPEAT (default 3).
 */
import { ConfigReader } from '@backstage/config';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { LoggerService } from '@backstage/backend-plugin-api';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import crypto from 'crypto';
import { RunRow } from '../plugins/load-testing-backend/src/database/Store';
import { readKubernetesConfig } from '../plugins/load-testing-backend/src/executors/kubernetes/config';
import { KubernetesExecutor } from '../plugins/load-testing-backend/src/executors/kubernetes/KubernetesExecutor';
import { startKubernetesBackend } from '../plugins/load-testing-backend/src/executors/kubernetes/__testUtils__/testCluster';
import { ExecutorListener } from '../plugins/load-testing-backend/src/executors/types';

const WORKERS = (process.env.BENCH_K8S_WORKERS ?? '500,50')
  .split(',')
  .map(Number);
const REPEAT = Number(process.env.BENCH_K8S_REPEAT ?? 3);

const kubernetes = {
  enabled: true,
  clusters: [
    {
      name: 'bench',
      authProvider: 'kubeconfig',
      kubeconfig: process.env.KUBECONFIG,
    },
  ],
  instance: 'bench',
  // small pods: 500 of them fit the two kwok nodes
  resources: {
    master: { requests: { cpu: '100m', memory: '64Mi' } },
    worker: { requests: { cpu: '10m', memory: '16Mi' } },
  },
};
const config = readKubernetesConfig(
  new ConfigReader({ loadTesting: { executors: { kubernetes } } }),
)!;

const kc = new KubeConfig();
kc.loadFromFile(process.env.KUBECONFIG!);
const core = kc.makeApiClient(CoreV1Api);

function run(workers: number): RunRow {
  return {
    id: crypto.randomUUID(),
    scenarioId: crypto.randomUUID(),
    scenarioName: 'bench',
    entityRef: 'component:default/bench',
    status: 'provisioning',
    executor: 'kubernetes',
    script: 'from locust import HttpUser\n',
    parameters: {
      users: workers * 10,
      spawnRate: 100,
      duration: 60,
      workers,
      host: 'http://127.0.0.1:7070',
      executor: 'kubernetes',
    },
    thresholds: {},
    createdBy: 'user:default/bench',
    createdAt: new Date().toISOString(),
    finalReceived: false,
  };
}

async function once(executor: KubernetesExecutor, workers: number) {
  const row = run(workers);
  let allReady!: () => void;
  const ready = new Promise<void>(r => {
    allReady = r;
  });
  const listener: ExecutorListener = {
    onNodes: () => {},
    onPlacement: () => {},
    onRunning: () => allReady(),
    onExit: () => {},
  };
  const t0 = performance.now();
  await executor.start(
    {
      run: row,
      webhookUrl: 'http://127.0.0.1:1/',
      secret: 's',
      intervalSeconds: 5,
      limits: {
        maxUsers: 1000,
        maxUsersSetting: 'bench',
        allowedTargets: ['http://127.0.0.1:*'],
      },
    },
    listener,
  );
  const created = performance.now();
  await ready;
  const running = performance.now();
  const namespace = `load-test-${row.id}`;
  const pods = (await core.listNamespacedPod({ namespace })).items;
  await executor.stop(row.id, 'cancel');
  return { ours: created - t0, cluster: running - created, pods: pods.length };
}

/** POST /runs on a whole backend until the run is running, then cancel. */
async function throughBackend(workers: number, repeat: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-bench-k8s-'));
  const backend = await startKubernetesBackend({
    dir,
    kubernetes,
    loadTesting: {
      targets: { allow: ['http://*'] },
      limits: { maxWorkers: 1000 },
    },
  });
  const base = `http://127.0.0.1:${backend.server.port()}/api/load-testing`;
  const call = async (method: string, p: string, body?: object) =>
    (
      await fetch(base + p, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body && JSON.stringify(body),
      })
    ).json();
  const scenario = await call('POST', '/scenarios', {
    entityRef: 'component:default/bench',
    name: `bench ${Date.now()}`,
    script: 'from locust import HttpUser\n',
    parameters: { executor: 'kubernetes', host: 'http://bench.internal' },
  });
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    const run = await call('POST', '/runs', {
      scenarioId: scenario.id,
      parameters: { workers },
    });
    let now = run;
    while (now.status !== 'running' && now.status !== 'failed') {
      await new Promise(r => setTimeout(r, 50));
      now = await call('GET', `/runs/${run.id}`);
    }
    const ms = performance.now() - t0;
    // eslint-disable-next-line no-console
    console.log(
      `${workers} workers through the backend: POST /runs → running ${(ms / 1000).toFixed(2)} s; the run page shows "Workers ready in ${now.kubernetes?.workersReadySeconds} s"`,
    );
    await call('POST', `/runs/${run.id}/cancel`);
    while (!['cancelled', 'failed'].includes(now.status)) {
      await new Promise(r => setTimeout(r, 200));
      now = await call('GET', `/runs/${run.id}`);
    }
  }
  await backend.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

async function main() {
  const quiet: LoggerService = {
    info: () => {},
    debug: () => {},
    warn: m => console.warn(m), // eslint-disable-line no-console
    error: m => console.error(m), // eslint-disable-line no-console
    child: () => quiet,
  };
  const executor = new KubernetesExecutor(config, quiet);
  const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  for (const workers of WORKERS) {
    for (let i = 0; i < REPEAT; i++) {
      const r = await once(executor, workers);
      // eslint-disable-next-line no-console
      console.log(
        `${workers} workers (${r.pods} pods): Run → all pods Running ${f(r.ours + r.cluster)} = ours ${f(r.ours)} (render + creating 6 objects) + cluster ${f(r.cluster)}`,
      );
    }
  }
  await executor.shutdown();
  for (const workers of WORKERS) await throughBackend(workers, REPEAT);
}

main().catch(e => {
  // eslint-disable-next-line no-console
  console.error(e);
  process.exit(1);
});
