import {
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  V1Pod,
  setHeaderOptions,
} from '@kubernetes/client-node';
import fs from 'fs';
import path from 'path';
import YAML from 'yaml';
import { startLoadTestingBackend } from '../../../__testUtils__/startBackend';
import { LABELS, MANAGED_BY } from '../values';

/**
 * A backend with the Load Tests plugin on a SQLite file in `dir` and the kubernetes
 * executor on the test cluster; `kubernetes` and `loadTesting` add to its config.
 */
export function startKubernetesBackend(options: {
  dir: string;
  kubernetes?: Record<string, unknown>;
  loadTesting?: Record<string, unknown>;
}) {
  return startLoadTestingBackend({
    database: {
      client: 'better-sqlite3',
      connection: { directory: path.join(options.dir, 'db') },
    },
    loadTesting: {
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
          workDir: options.dir,
          ...options.kubernetes,
        },
      },
      webhook: { signingKey: 'test-key' },
      ...options.loadTesting,
    },
  });
}

/** The test cluster of dev/k8s (cluster.sh start exports KUBECONFIG), as an admin. */
export function testCluster() {
  const file = process.env.KUBECONFIG;
  if (!file || !fs.existsSync(file)) return undefined;
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  const core = kc.makeApiClient(CoreV1Api);
  const batch = kc.makeApiClient(BatchV1Api);
  const objects = KubernetesObjectApi.makeApiClient(kc);
  const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

  async function until<T>(
    what: string,
    fn: () => Promise<T | undefined | false>,
    timeoutMs = 30_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < deadline) {
      try {
        const v = await fn();
        if (v) return v as T;
      } catch (e) {
        last = e;
      }
      await sleep(100);
    }
    throw new Error(`Timed out waiting for ${what}${last ? `: ${last}` : ''}`);
  }

  /** Creates each object of a YAML file, or merges it into the one there. */
  async function applyFile(manifest: string, edit = (o: any) => o) {
    for (const doc of YAML.parseAllDocuments(
      fs.readFileSync(manifest, 'utf8'),
    )) {
      const o = doc.toJSON();
      if (!o) continue;
      try {
        await objects.create(edit(o));
      } catch (e) {
        if ((e as { code?: number }).code !== 409) throw e;
        await objects.patch(
          edit(o),
          undefined,
          undefined,
          undefined,
          undefined,
          PatchStrategy.MergePatch,
        );
      }
    }
  }

  /** Clients of the test cluster that authenticate with `token` only. */
  const asToken = (token: string) => {
    const cluster = kc.getCurrentCluster()!;
    const other = new KubeConfig();
    other.loadFromOptions({
      clusters: [cluster],
      users: [{ name: 'token', token }],
      contexts: [{ name: 'token', cluster: cluster.name, user: 'token' }],
      currentContext: 'token',
    });
    return {
      core: other.makeApiClient(CoreV1Api),
      batch: other.makeApiClient(BatchV1Api),
    };
  };

  /** Waits until the admission policy refuses the token outside the instance's namespaces and lets it in them. */
  async function policyInForce(token: string, instance: string) {
    const probe = `load-test-probe-${process.pid}`;
    await core
      .createNamespace({
        body: {
          metadata: { name: probe, labels: { [LABELS.instance]: instance } },
        },
      })
      .catch(() => {});
    const api = asToken(token);
    const tryIn = (namespace: string) =>
      api.core
        .createNamespacedConfigMap({
          namespace,
          dryRun: 'All',
          body: { metadata: { name: 'probe' } },
        })
        .then(
          () => 'allowed',
          e => ((e as { code?: number }).code === 403 ? 'refused' : 'error'),
        );
    try {
      await until('the admission policy', async () => {
        return (
          (await tryIn('default')) === 'refused' &&
          (await tryIn(probe)) === 'allowed'
        );
      });
    } finally {
      await core.deleteNamespace({ name: probe }).catch(() => {});
    }
  }

  const pods = async (namespace: string, role?: 'master' | 'worker') =>
    (
      await core.listNamespacedPod({
        namespace,
        labelSelector: role ? `${LABELS.role}=${role}` : undefined,
      })
    ).items;

  return {
    kc,
    asToken,
    core,
    batch,
    objects,
    until,
    pods,
    /** Run namespaces of this backend instance that still exist (terminating or not). */
    async runNamespaces(instance: string) {
      return (
        await core.listNamespace({
          labelSelector: `${LABELS.managedBy}=${MANAGED_BY},${LABELS.instance}=${instance}`,
        })
      ).items.map(n => n.metadata!.name!);
    },
    async namespaceGone(name: string) {
      try {
        await core.readNamespace({ name });
        return false;
      } catch (e) {
        return (e as { code?: number }).code === 404;
      }
    },
    /** Ends pods the way kwok's test stages do: Succeeded or Failed on annotation. */
    async finishPods(pod: V1Pod[], phase: 'Succeeded' | 'Failed') {
      await Promise.all(
        pod.map(p =>
          core.patchNamespacedPod(
            {
              name: p.metadata!.name!,
              namespace: p.metadata!.namespace!,
              body: { metadata: { annotations: { 'kwok.test/phase': phase } } },
            },
            setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
          ),
        ),
      );
    },
    /**
     * A token of the service account of deploy/rbac.yaml, applied with its namespaces
     * and a Secret `shop-token` (keys token, admin) to read, and with the admission policy
     * of deploy/admission-policy.yaml in force for `instance`.
     */
    async leastPrivilegeToken(instance: string): Promise<string> {
      for (const name of ['backstage', 'load-testing'])
        await core
          .createNamespace({ body: { metadata: { name } } })
          .catch(() => {});
      await core
        .createNamespacedSecret({
          namespace: 'load-testing',
          body: {
            metadata: { name: 'shop-token' },
            data: {
              token: Buffer.from('s3cret').toString('base64'),
              admin: Buffer.from('root').toString('base64'),
            },
          },
        })
        .catch(() => {});
      const deploy = path.resolve(__dirname, '../../../../deploy');
      await applyFile(path.join(deploy, 'rbac.yaml'));
      // as a platform engineer sets it up for the backend's instance
      await applyFile(path.join(deploy, 'admission-policy.yaml'), o => {
        for (const v of o.spec?.variables ?? [])
          if (v.name === 'instance') v.expression = `'${instance}'`;
        return o;
      });
      const { status } = await core.createNamespacedServiceAccountToken({
        name: 'backstage-load-testing',
        namespace: 'backstage',
        body: { spec: { expirationSeconds: 3600 } } as any,
      });
      const token = status!.token!;
      await policyInForce(token, instance);
      return token;
    },
    applyFile,
  };
}

export type TestCluster = NonNullable<ReturnType<typeof testCluster>>;
