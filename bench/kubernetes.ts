/**
 * Kubernetes executor benchmark against the dev/k8s test cluster (real kube-apiserver,
 * controller-manager, scheduler and etcd; kwok nodes). For runs of 500 workers (and 50
 * for scale) it prints:
 *   - ours: rendering the run's objects and the API calls creating them (namespace,
 *     Secret, ConfigMap, Service, master Job, worker Job), until the last is accepted;
 *   - cluster: from then until every pod is Running and ready as our watch sees it,
 *     split into the Job controller creating the pods and the rest (scheduling, kwok).
 *
 *   eval "$(dev/k8s/cluster.sh start)"
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/kubernetes.ts
 *
 * Env: BENCH_K8S_WORKERS (default "500,50"), BENCH_K8S_REPEAT (default 3).
 */
import { ConfigReader } from '@backstage/config';
import { LoggerService } from '@backstage/backend-plugin-api';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import crypto from 'crypto';
import { RunRow } from '../plugins/load-testing-backend/src/database/Store';
import { readKubernetesConfig } from '../plugins/load-testing-backend/src/executors/kubernetes/config';
import { KubernetesExecutor } from '../plugins/load-testing-backend/src/executors/kubernetes/KubernetesExecutor';
import { ExecutorListener } from '../plugins/load-testing-backend/src/executors/types';

const WORKERS = (process.env.BENCH_K8S_WORKERS ?? '500,50')
  .split(',')
  .map(Number);
const REPEAT = Number(process.env.BENCH_K8S_REPEAT ?? 3);

const config = readKubernetesConfig(
  new ConfigReader({
    loadTesting: {
      executors: {
        kubernetes: {
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
        },
      },
    },
  }),
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
}

main().catch(e => {
  // eslint-disable-next-line no-console
  console.error(e);
  process.exit(1);
});
