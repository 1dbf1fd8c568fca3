import { RunParameters } from '@internal/plugin-load-testing-common';
import { dumpYaml } from '@kubernetes/client-node';
import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import YAML from 'yaml';
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
const SECRETS = 'lt-sec-secrets';
const api = (p: string) => `/api/load-testing${p}`;
const SCRIPT =
  'from locust import HttpUser, task\n\nclass U(HttpUser):\n    @task\n    def t(self):\n        self.client.get("/")\n';
const TOLERATION = {
  key: 'dedicated',
  operator: 'Equal',
  value: 'load',
  effect: 'NoSchedule',
} as const;

let scenarios = 0;
const backends: Array<{ stop(): Promise<void> }> = [];

async function startBackend(kubernetes: Record<string, unknown> = {}) {
  const backend = await startKubernetesBackend({
    dir,
    kubernetes: {
      instance: INSTANCE,
      webhookBaseUrl: 'http://127.0.0.1:7007/api/load-testing',
      secretsNamespace: SECRETS,
      secrets: [
        {
          name: 'shop-token',
          entities: ['component:default/shop-api'],
          keys: ['token'],
        },
      ],
      allowedTolerations: [TOLERATION],
      allowedNodeSelectorKeys: ['type'],
      networkPolicy: { egressCidrs: [{ cidr: '172.16.0.0/16', ports: [443] }] },
      ...kubernetes,
    },
    loadTesting: {
      targets: {
        allow: [
          'http://10.1.2.3:8080',
          'http://10.20.*',
          'http://localhost:7070',
          'https://*.staging.example.com',
        ],
      },
    },
  });
  backends.push(backend);
  return backend.server;
}

type Server = Awaited<ReturnType<typeof startBackend>> | string;

async function postRun(
  server: Server,
  parameters: Partial<RunParameters>,
  entityRef = 'component:default/shop-api',
) {
  const scenario = await request(server)
    .post(api('/scenarios'))
    .send({
      entityRef,
      name: `security ${++scenarios}`,
      script: SCRIPT,
      parameters: { host: 'http://10.1.2.3:8080', executor: 'kubernetes' },
    });
  if (scenario.status !== 201)
    throw new Error(`scenario refused: ${scenario.text}`);
  return request(server)
    .post(api('/runs'))
    .send({
      scenarioId: scenario.body.id,
      parameters: { workers: 1, ...parameters },
    });
}

async function running(
  server: Server,
  parameters: Partial<RunParameters> = {},
) {
  const res = await postRun(server, parameters);
  if (res.status !== 201) throw new Error(`run refused: ${res.text}`);
  return k8s.until(`run ${res.body.id} running`, async () => {
    const run = (await request(server).get(api(`/runs/${res.body.id}`))).body;
    if (run.status === 'failed') throw new Error(run.statusReason);
    return run.status === 'running' && run;
  });
}

const isForbidden = (e: any) =>
  e?.code === 403 &&
  /ValidatingAdmissionPolicy 'backstage-load-testing'/.test(String(e?.body));

describeCluster('the security of Kubernetes runs, on a real API server', () => {
  beforeAll(async () => {
    await k8s.core
      .createNamespace({ body: { metadata: { name: SECRETS } } })
      .catch(() => {});
    await k8s.core
      .createNamespacedSecret({
        namespace: SECRETS,
        body: {
          metadata: { name: 'shop-token' },
          data: {
            token: Buffer.from('s3cret').toString('base64'),
            admin: Buffer.from('root').toString('base64'),
          },
        },
      })
      .catch(() => {});
  });

  afterEach(async () => {
    await Promise.all(backends.splice(0).map(b => b.stop().catch(() => {})));
    for (const name of await k8s.runNamespaces(INSTANCE))
      await k8s.core.deleteNamespace({ name }).catch(() => {});
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives each run namespace an egress NetworkPolicy of the allowlist, DNS and the webhook', async () => {
    const server = await startBackend();
    const run = await running(server);
    const ns = run.kubernetes.namespace;
    const { items } = await k8s.objects.list(
      'networking.k8s.io/v1',
      'NetworkPolicy',
      ns,
    );
    expect(items.map(p => p.metadata!.name)).toEqual(['load-test']);
    const stored = await k8s.objects.read({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'load-test', namespace: ns },
    });
    // the object as the API server stored it, in its wire form
    const spec = YAML.parse(dumpYaml(stored)).spec;
    expect(spec.podSelector).toEqual({});
    expect(spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(spec.ingress).toEqual([{ from: [{ podSelector: {} }] }]);
    const tcp = (port: number) => [{ protocol: 'TCP', port }];
    const block = (cidr: string) => ({ ipBlock: { cidr } });
    // as the API server stored them
    expect(spec.egress).toEqual([
      { to: [{ podSelector: {} }], ports: tcp(5557) },
      {
        to: [
          {
            namespaceSelector: {
              matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' },
            },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          },
        ],
        ports: [
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 53 },
        ],
      },
      { to: [block('127.0.0.1/32')], ports: tcp(7007) },
      // 10.20.* takes any port; the others theirs
      { to: [block('10.20.0.0/16')] },
      { to: [block('172.16.0.0/16')], ports: tcp(443) },
      // localhost, resolved when the run was created
      expect.objectContaining({ ports: tcp(7070) }),
      { to: [block('10.1.2.3/32')], ports: tcp(8080) },
    ]);
    expect(spec.egress[5].to).toContainEqual(block('127.0.0.1/32'));
    // what the entry allows and nothing wider
    const cidrs = spec.egress.flatMap((r: any) =>
      r.to.map((t: any) => t.ipBlock?.cidr).filter(Boolean),
    );
    expect(cidrs).not.toContain('0.0.0.0/0');
  });

  it('tells the UI which tolerations, node labels and Secrets runs may choose', async () => {
    const server = await startBackend();
    const settings = (await request(server).get(api('/settings'))).body;
    expect(settings.kubernetes).toMatchObject({
      allowedTolerations: [TOLERATION],
      allowedNodeSelectorKeys: ['type'],
      secrets: [
        {
          name: 'shop-token',
          entities: ['component:default/shop-api'],
          keys: ['token'],
        },
      ],
    });
  });

  it('refuses host aliases, tolerations, node labels and Secrets outside the policy, per field', async () => {
    const server = await startBackend();
    const res = await postRun(server, {
      hostAliases: [
        { ip: '10.20.4.5', hostnames: ['shop.internal'] },
        { ip: '169.254.169.254', hostnames: ['shop.staging.example.com'] },
      ],
      tolerations: [
        TOLERATION,
        { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' },
      ],
      nodeSelector: {
        type: 'kwok',
        'node-role.kubernetes.io/control-plane': '',
      },
      secretEnv: [{ name: 'T', secret: 'shop-token', key: 'admin' }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: any) => f.field)).toEqual([
      'parameters.hostAliases[1].ip',
      'parameters.tolerations[1]',
      'parameters.nodeSelector.node-role.kubernetes.io/control-plane',
      'parameters.secretEnv[0].key',
    ]);
    // another entity's runs may not read the Secret at all
    const other = await postRun(
      server,
      { secretEnv: [{ name: 'T', secret: 'shop-token', key: 'token' }] },
      'component:default/checkout',
    );
    expect(other.status).toBe(400);
    expect(other.body.error.fields).toEqual([
      {
        field: 'parameters.secretEnv[0].secret',
        message:
          'no Secrets are allowed for runs of component:default/checkout (loadTesting.executors.kubernetes.secrets)',
      },
    ]);
  });

  it('copies only the key a run reads into its namespace, never the whole Secret', async () => {
    const server = await startBackend();
    const run = await running(server, {
      secretEnv: [{ name: 'API_TOKEN', secret: 'shop-token', key: 'token' }],
    });
    const copy = await k8s.core.readNamespacedSecret({
      name: 'shop-token',
      namespace: run.kubernetes.namespace,
    });
    expect(Object.keys(copy.data!)).toEqual(['token']);
    expect(copy.type).toBe('Opaque');
  });

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

  it("confines the least-privilege account's writes to its run namespaces, in the cluster", async () => {
    const token = await k8s.leastPrivilegeToken(INSTANCE);
    const as = k8s.asToken(token);
    const name = `lt-${process.pid}`;
    const refusals: Record<string, () => Promise<unknown>> = {
      'a ConfigMap in default': () =>
        as.core.createNamespacedConfigMap({
          namespace: 'default',
          body: { metadata: { name } },
        }),
      'a Secret in the secrets namespace': () =>
        as.core.createNamespacedSecret({
          namespace: 'load-testing',
          body: { metadata: { name }, data: {} },
        }),
      'a Job in backstage': () =>
        as.batch.createNamespacedJob({
          namespace: 'backstage',
          body: {
            metadata: { name },
            spec: {
              template: {
                spec: {
                  restartPolicy: 'Never',
                  containers: [{ name: 'x', image: 'busybox' }],
                },
              },
            },
          },
        }),
      'a labelled namespace without the prefix': () =>
        as.core.createNamespace({
          body: {
            metadata: {
              name: `not-a-run-${process.pid}`,
              labels: { [LABELS.instance]: INSTANCE },
            },
          },
        }),
      'deleting the secrets namespace': () =>
        as.core.deleteNamespace({ name: 'load-testing' }),
    };
    for (const [what, attempt] of Object.entries(refusals)) {
      const error = await attempt().then(
        () => undefined,
        e => e,
      );
      expect([what, isForbidden(error)]).toEqual([what, true]);
    }
    // the normal run path goes through, NetworkPolicy and copied key included
    const apiServer = k8s.kc.getCurrentCluster()!;
    const server = await startBackend({
      clusters: [
        {
          name: 'test',
          url: apiServer.server,
          serviceAccountToken: token,
          caData: apiServer.caData,
          caFile: apiServer.caFile,
        },
      ],
      secretsNamespace: 'load-testing',
    });
    const run = await running(server, {
      secretEnv: [{ name: 'API_TOKEN', secret: 'shop-token', key: 'token' }],
    });
    const ns = run.kubernetes.namespace;
    expect(
      (await k8s.objects.list('networking.k8s.io/v1', 'NetworkPolicy', ns))
        .items,
    ).toHaveLength(1);
    await request(server).post(api(`/runs/${run.id}/cancel`));
    await k8s.until('the run namespace deleted', () => k8s.namespaceGone(ns));
  });
});
