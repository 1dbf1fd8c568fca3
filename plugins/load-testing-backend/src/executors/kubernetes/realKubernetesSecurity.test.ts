import fs from 'fs';
import os from 'os';
import path from 'path';
import { LABELS, MANAGED_BY } from './values';
import {
  startKubernetesBackend,
  testCluster,
} from './__testUtils__/testCluster';

// What a run may reach and choose, and what the cluster refuses the backend, against
// the real API server of dev/k8s: `eval "$(dev/k8s/cluster.sh start)"` first.
const cluster = testCluster();
if (!cluster && process.env.CI) {
  throw new Error('KUBECONFIG must point at the dev/k8s test cluster in CI');
}
const describeCluster = cluster ? describe : describe.skip;
jest.setTimeout(120_000);

const k8s = cluster!;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-k8s-security-'));
const INSTANCE = `sec-${process.pid}`;
const backends: Array<{ stop(): Promise<void> }> = [];

async function startBackend(kubernetes: Record<string, unknown> = {}) {
  const backend = await startKubernetesBackend({
    dir,
    kubernetes: {
      instance: INSTANCE,
      ...kubernetes,
    },
  });
  backends.push(backend);
  return backend.server;
}

describeCluster('the security of Kubernetes runs, on a real API server', () => {
  afterEach(async () => {
    await Promise.all(backends.splice(0).map(b => b.stop().catch(() => {})));
    for (const name of await k8s.runNamespaces(INSTANCE))
      await k8s.core.deleteNamespace({ name }).catch(() => {});
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('sweeps only namespaces with both the prefix and the instance label', async () => {
    const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
    const labels = (runId: string) => ({
      [LABELS.managedBy]: MANAGED_BY,
      [LABELS.instance]: INSTANCE,
      [LABELS.run]: runId,
    });
    const namespaces = {
      stray: { name: `load-test-${id(1)}`, labels: labels(id(1)) },
      // someone else's namespace, labelled like ours
      labelledOnly: { name: `team-db-${process.pid}`, labels: labels(id(2)) },
      // ours by name, but not by label
      prefixOnly: {
        name: `load-test-${id(3)}`,
        labels: { ...labels(id(3)), [LABELS.instance]: 'other' },
      },
    };
    for (const metadata of Object.values(namespaces))
      await k8s.core.createNamespace({ body: { metadata } });
    try {
      await startBackend();
      await k8s.until('the stray namespace swept', () =>
        k8s.namespaceGone(namespaces.stray.name),
      );
      for (const n of [namespaces.labelledOnly, namespaces.prefixOnly]) {
        const ns = await k8s.core.readNamespace({ name: n.name });
        expect(ns.status?.phase).toBe('Active');
      }
    } finally {
      for (const n of Object.values(namespaces))
        await k8s.core.deleteNamespace({ name: n.name }).catch(() => {});
    }
  });
});
