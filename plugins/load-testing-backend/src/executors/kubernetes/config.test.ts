import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import path from 'path';
import { readLoadTestingConfig } from '../../config';
import { DEFAULT_ENGINES, readKubernetesConfig } from './config';

const CLUSTER = {
  name: 'c',
  url: 'https://127.0.0.1:1',
  serviceAccountToken: 't',
};

const read = (kubernetes: JsonObject) =>
  readKubernetesConfig(
    new ConfigReader({ loadTesting: { executors: { kubernetes } } }),
  );

describe('readKubernetesConfig', () => {
  it('is undefined unless enabled', () => {
    expect(readKubernetesConfig(new ConfigReader({}))).toBeUndefined();
    expect(read({ enabled: false, clusters: [CLUSTER] })).toBeUndefined();
  });

  it('needs a cluster', () => {
    expect(() => read({ enabled: true, clusters: [] })).toThrow(
      'loadTesting.executors.kubernetes.clusters must name at least one cluster',
    );
    expect(() => read({ enabled: true })).toThrow(/clusters/);
  });

  it('refuses an unknown default cluster', () => {
    expect(() =>
      read({ enabled: true, clusters: [CLUSTER], defaultCluster: 'other' }),
    ).toThrow(
      'loadTesting.executors.kubernetes.defaultCluster other is not among the clusters',
    );
  });

  it('refuses an unknown auth provider', () => {
    expect(() =>
      read({
        enabled: true,
        clusters: [{ ...CLUSTER, authProvider: 'oidc' }],
      }),
    ).toThrow(/authProvider oidc is not one of/);
  });

  it('applies the defaults', () => {
    const k = read({ enabled: true, clusters: [CLUSTER] })!;
    expect(k.clusters).toEqual([
      {
        name: 'c',
        url: 'https://127.0.0.1:1',
        authProvider: 'serviceAccount',
        serviceAccountToken: 't',
        kubeconfig: undefined,
        context: undefined,
        caData: undefined,
        caFile: undefined,
        skipTLSVerify: false,
      },
    ]);
    expect(k.defaultCluster).toBe('c');
    expect(k.engines).toEqual(DEFAULT_ENGINES);
    expect(k.namespacePrefix).toBe('load-test-');
    expect(k.instance).toBe('backstage');
    expect(k.startTimeoutSeconds).toBe(600);
    expect(k.stopGraceSeconds).toBe(15);
    expect(k.deadlineSlackSeconds).toBe(240);
    expect(k.ttlSecondsAfterFinished).toBe(600);
    expect(k.secrets).toEqual([]);
    expect(k.nodeSelector).toEqual({});
    expect(k.tolerations).toEqual([]);
    expect(k.placement).toEqual({
      allowedTolerations: [],
      allowedNodeSelectorKeys: [],
    });
    expect(k.networkPolicy).toMatchObject({
      enabled: true,
      resolveHostNames: true,
      egressCidrs: [],
      dns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } },
    });
    expect(k.templates).toEqual({});
    expect(k.podSecurityContext).toMatchObject({ runAsNonRoot: true });
    expect(k.resources.worker.requests).toEqual({ cpu: '1', memory: '512Mi' });
  });

  it('reads what is configured', () => {
    const k = read({
      enabled: true,
      clusters: [CLUSTER, { name: 'local', kubeconfig: '/k' }],
      defaultCluster: 'local',
      engines: [{ name: 'e', image: 'reg/locust:1' }],
      namespacePrefix: 'lt-',
      startTimeoutSeconds: 30,
      templates: { workerJob: 'rel/worker.yaml' },
    })!;
    expect(k.clusters[1].authProvider).toBe('kubeconfig');
    expect(k.defaultCluster).toBe('local');
    expect(k.engines).toEqual([
      { name: 'e', image: 'reg/locust:1', description: undefined },
    ]);
    expect(k.namespacePrefix).toBe('lt-');
    expect(k.startTimeoutSeconds).toBe(30);
    expect(k.templates.workerJob).toBe(path.resolve('rel/worker.yaml'));
  });
});

describe('readLoadTestingConfig with the kubernetes executor', () => {
  const kubernetes = { enabled: true, clusters: [CLUSTER] };

  it('requires a webhook signing key', () => {
    expect(() =>
      readLoadTestingConfig(
        new ConfigReader({ loadTesting: { executors: { kubernetes } } }),
      ),
    ).toThrow(
      /loadTesting\.webhook\.signingKey is required with the kubernetes executor/,
    );
  });

  it('offers kubernetes when the key is set', () => {
    const c = readLoadTestingConfig(
      new ConfigReader({
        loadTesting: {
          executors: { kubernetes },
          webhook: { signingKey: 'k' },
        },
      }),
    );
    expect(c.settings.executors).toEqual(['kubernetes']);
    expect(c.settings.defaultExecutor).toBe('kubernetes');
    expect(c.settings.kubernetes?.clusters).toEqual(['c']);
    expect(c.kubernetes?.defaultCluster).toBe('c');
  });

  it('shows the UI what runs may choose, and builds the NetworkPolicy from the allowlist', () => {
    const c = readLoadTestingConfig(
      new ConfigReader({
        loadTesting: {
          executors: {
            kubernetes: {
              ...kubernetes,
              secrets: [
                { name: 'shop-api-token', entities: ['component:shop-api'] },
              ],
              allowedTolerations: [{ key: 'spot', operator: 'Exists' }],
              allowedNodeSelectorKeys: ['pool'],
            },
          },
          targets: { allow: ['http://10.1.2.3:8080'] },
          webhook: { signingKey: 'k' },
        },
      }),
    );
    expect(c.settings.kubernetes).toMatchObject({
      secrets: [
        { name: 'shop-api-token', entities: ['component:default/shop-api'] },
      ],
      allowedTolerations: [{ key: 'spot', operator: 'Exists' }],
      allowedNodeSelectorKeys: ['pool'],
    });
    expect(c.kubernetes?.networkPolicy.allow).toEqual(['http://10.1.2.3:8080']);
  });
});

describe('clusters of the Kubernetes plugin, by name', () => {
  const kubernetes = {
    clusterLocatorMethods: [
      { type: 'catalog' },
      {
        type: 'config',
        clusters: [
          {
            name: 'prod',
            url: 'https://prod.example:6443',
            authProvider: 'serviceAccount',
            serviceAccountToken: 'prod-token',
            caData: 'Q0E=',
          },
          {
            name: 'meta',
            url: 'https://meta.example:6443',
            authMetadata: {
              'kubernetes.io/auth-provider': 'serviceAccount',
              'kubernetes.io/skip-tls-verify': 'true',
              serviceAccountToken: 'meta-token',
            },
          },
          { name: 'gke', url: 'https://gke.example', authProvider: 'google' },
        ],
      },
    ],
  };
  const readWith = (clusters: JsonObject[]) =>
    readKubernetesConfig(
      new ConfigReader({
        kubernetes,
        loadTesting: { executors: { kubernetes: { enabled: true, clusters } } },
      }),
    );

  it('reads a cluster named alone from kubernetes.clusterLocatorMethods, with its auth', () => {
    const config = readWith([{ name: 'prod' }, { name: 'meta' }, CLUSTER]);
    expect(config!.clusters).toEqual([
      expect.objectContaining({
        name: 'prod',
        url: 'https://prod.example:6443',
        authProvider: 'serviceAccount',
        serviceAccountToken: 'prod-token',
        caData: 'Q0E=',
        skipTLSVerify: false,
      }),
      expect.objectContaining({
        name: 'meta',
        url: 'https://meta.example:6443',
        authProvider: 'serviceAccount',
        serviceAccountToken: 'meta-token',
        skipTLSVerify: true,
      }),
      expect.objectContaining({ name: 'c', url: 'https://127.0.0.1:1' }),
    ]);
  });

  it('names what is missing or cannot be used', () => {
    expect(() => readWith([{ name: 'nowhere' }])).toThrow(
      /cluster nowhere has neither a url nor a kubeconfig, and kubernetes.clusterLocatorMethods \(type: config\) has no cluster of that name/,
    );
    expect(() => readWith([{ name: 'gke' }])).toThrow(
      /cluster gke uses authProvider google; load tests reach clusters of the Kubernetes plugin with serviceAccount/,
    );
  });
});
