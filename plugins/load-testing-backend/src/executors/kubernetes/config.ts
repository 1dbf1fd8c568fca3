import {
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY,
} from '@backstage/plugin-kubernetes-common';
import { Config } from '@backstage/config';
import {
  KubernetesSecretRule,
  KubernetesSettings,
  PodResources,
  Toleration,
} from '@internal/plugin-load-testing-common';
import os from 'os';
import path from 'path';
import {
  NetworkPolicyConfig,
  readNetworkPolicyConfig,
} from './networkPolicyConfig';
import { PlacementPolicy, readPlacementPolicy } from './placementPolicy';
import { readSecretRules } from './secretsPolicy';
import { runNames } from './values';

/** One cluster, in the shape of the Backstage kubernetes plugin's config. */
export interface ClusterConfig {
  name: string;
  url?: string;
  authProvider: 'serviceAccount' | 'kubeconfig' | 'inCluster';
  serviceAccountToken?: string;
  kubeconfig?: string;
  context?: string;
  caData?: string;
  caFile?: string;
  skipTLSVerify: boolean;
}

export interface EngineConfig {
  name: string;
  image: string;
  description?: string;
}

export type TemplateName =
  | 'namespace'
  | 'secret'
  | 'configMap'
  | 'masterService'
  | 'masterJob'
  | 'workerJob'
  | 'networkPolicy';

export const TEMPLATE_NAMES: TemplateName[] = [
  'namespace',
  'secret',
  'configMap',
  'masterService',
  'masterJob',
  'workerJob',
  'networkPolicy',
];

export interface KubernetesExecutorConfig {
  clusters: ClusterConfig[];
  defaultCluster: string;
  webhookBaseUrl?: string;
  engines: EngineConfig[];
  namespacePrefix: string;
  instance: string;
  secretsNamespace?: string;
  /** Which entities' runs may read which Secret (and keys). */
  secrets: KubernetesSecretRule[];
  imagePullSecrets: string[];
  serviceAccountName?: string;
  serviceAccountAnnotations: Record<string, string>;
  podSecurityContext: Record<string, unknown>;
  containerSecurityContext: Record<string, unknown>;
  affinity?: Record<string, unknown>;
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
  /** Tolerations and node labels a run may choose. */
  placement: PlacementPolicy;
  networkPolicy: NetworkPolicyConfig;
  resources: { master: PodResources; worker: PodResources };
  startTimeoutSeconds: number;
  stopGraceSeconds: number;
  deadlineSlackSeconds: number;
  ttlSecondsAfterFinished: number;
  sweepIntervalMinutes: number;
  workDir: string;
  templates: Partial<Record<TemplateName, string>>;
}

/** The default engine image: the Locust release the monitor plugin is tested with. */
export const DEFAULT_ENGINES: EngineConfig[] = [
  {
    name: 'locust-2.47',
    image: 'locustio/locust:2.47.0',
    description: 'Locust 2.47, the official image',
  },
];

const DEFAULT_RESOURCES = {
  master: {
    requests: { cpu: '500m', memory: '512Mi' },
    limits: { memory: '1Gi' },
  },
  worker: {
    requests: { cpu: '1', memory: '512Mi' },
    limits: { memory: '1Gi' },
  },
};

function plain(c: Config | undefined): Record<string, any> | undefined {
  return c?.get() as Record<string, any> | undefined;
}

const AUTH_PROVIDERS = ['serviceAccount', 'kubeconfig', 'inCluster'];

/**
 * One cluster of `loadTesting.executors.kubernetes.clusters`: given in full, or by its
 * `name` alone, then read from the Kubernetes plugin's own configuration
 * (`kubernetes.clusterLocatorMethods` of `type: config`) with its URL, CA and auth.
 */
function clusterOf(k: Config, root: Config): ClusterConfig {
  const name = k.getString('name');
  const given = ['url', 'kubeconfig', 'authProvider'].some(key => k.has(key));
  const source = given ? k : kubernetesPluginCluster(root, name);
  // authMetadata keys hold dots (kubernetes.io/…): read as a plain object
  const authMetadata = (source.getOptional('authMetadata') ?? {}) as Record<
    string,
    unknown
  >;
  const meta = (key: string) => {
    const v = authMetadata[key];
    return typeof v === 'string' ? v : undefined;
  };
  const authProvider = (source.getOptionalString('authProvider') ??
    meta(ANNOTATION_KUBERNETES_AUTH_PROVIDER) ??
    (source.has('kubeconfig')
      ? 'kubeconfig'
      : 'serviceAccount')) as ClusterConfig['authProvider'];
  if (!AUTH_PROVIDERS.includes(authProvider)) {
    throw new Error(
      given
        ? `loadTesting.executors.kubernetes.clusters: authProvider ${authProvider} is not one of ${AUTH_PROVIDERS.join(', ')}`
        : `kubernetes.clusterLocatorMethods: cluster ${name} uses authProvider ${authProvider}; load tests reach clusters of the Kubernetes plugin with serviceAccount (a token of the backend's own), else give the cluster in full under loadTesting.executors.kubernetes.clusters`,
    );
  }
  return {
    name,
    url: source.getOptionalString('url'),
    authProvider,
    serviceAccountToken:
      source.getOptionalString('serviceAccountToken') ??
      meta('serviceAccountToken'),
    kubeconfig: source.getOptionalString('kubeconfig'),
    context: source.getOptionalString('context'),
    caData: source.getOptionalString('caData'),
    caFile: source.getOptionalString('caFile'),
    skipTLSVerify:
      source.getOptionalBoolean('skipTLSVerify') ??
      meta(ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY) === 'true',
  };
}

/** A cluster the Kubernetes plugin's configuration lists, by name. */
function kubernetesPluginCluster(root: Config, name: string): Config {
  const methods =
    root.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  for (const m of methods) {
    if (m.getOptionalString('type') !== 'config') continue;
    const found = (m.getOptionalConfigArray('clusters') ?? []).find(
      k => k.getOptionalString('name') === name,
    );
    if (found) return found;
  }
  throw new Error(
    `loadTesting.executors.kubernetes.clusters: cluster ${name} has neither a url nor a kubeconfig, and kubernetes.clusterLocatorMethods (type: config) has no cluster of that name`,
  );
}

/** Reads `loadTesting.executors.kubernetes`; undefined when it is not enabled. */
export function readKubernetesConfig(
  root: Config,
): KubernetesExecutorConfig | undefined {
  const c = root.getOptionalConfig('loadTesting.executors.kubernetes');
  if (!c?.getOptionalBoolean('enabled')) return undefined;
  const clusters: ClusterConfig[] = c
    .getConfigArray('clusters')
    .map(k => clusterOf(k, root));
  if (!clusters.length) {
    throw new Error(
      'loadTesting.executors.kubernetes.clusters must name at least one cluster',
    );
  }
  const defaultCluster =
    c.getOptionalString('defaultCluster') ?? clusters[0].name;
  if (!clusters.some(k => k.name === defaultCluster)) {
    throw new Error(
      `loadTesting.executors.kubernetes.defaultCluster ${defaultCluster} is not among the clusters`,
    );
  }
  const engines =
    c.getOptionalConfigArray('engines')?.map(e => ({
      name: e.getString('name'),
      image: e.getString('image'),
      description: e.getOptionalString('description'),
    })) ?? DEFAULT_ENGINES;
  const resources = plain(c.getOptionalConfig('resources')) ?? {};
  const security = c.getOptionalConfig('securityContext');
  const imagePullSecrets = c.getOptionalStringArray('imagePullSecrets') ?? [];
  const templates: Partial<Record<TemplateName, string>> = {};
  for (const name of TEMPLATE_NAMES) {
    const file = c.getOptionalString(`templates.${name}`);
    if (file) templates[name] = path.resolve(file);
  }
  return {
    clusters,
    defaultCluster,
    webhookBaseUrl: c.getOptionalString('webhookBaseUrl'),
    engines,
    namespacePrefix: c.getOptionalString('namespacePrefix') ?? 'load-test-',
    instance: c.getOptionalString('instance') ?? 'backstage',
    secretsNamespace: c.getOptionalString('secretsNamespace'),
    secrets: readSecretRules(c, [runNames('', '').secret, ...imagePullSecrets]),
    imagePullSecrets,
    serviceAccountName: c.getOptionalString('serviceAccountName'),
    serviceAccountAnnotations: (plain(
      c.getOptionalConfig('serviceAccountAnnotations'),
    ) ?? {}) as Record<string, string>,
    podSecurityContext: plain(security?.getOptionalConfig('pod')) ?? {
      runAsNonRoot: true,
      runAsUser: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containerSecurityContext: plain(
      security?.getOptionalConfig('container'),
    ) ?? {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    },
    affinity: plain(c.getOptionalConfig('affinity')),
    nodeSelector: (plain(c.getOptionalConfig('nodeSelector')) ?? {}) as Record<
      string,
      string
    >,
    tolerations: (c.getOptionalConfigArray('tolerations')?.map(t => t.get()) ??
      []) as Toleration[],
    placement: readPlacementPolicy(c),
    networkPolicy: readNetworkPolicyConfig(root),
    resources: {
      master: resources.master ?? DEFAULT_RESOURCES.master,
      worker: resources.worker ?? DEFAULT_RESOURCES.worker,
    },
    startTimeoutSeconds: c.getOptionalNumber('startTimeoutSeconds') ?? 600,
    stopGraceSeconds: c.getOptionalNumber('stopGraceSeconds') ?? 15,
    deadlineSlackSeconds: c.getOptionalNumber('deadlineSlackSeconds') ?? 240,
    ttlSecondsAfterFinished:
      c.getOptionalNumber('ttlSecondsAfterFinished') ?? 600,
    sweepIntervalMinutes: c.getOptionalNumber('sweepIntervalMinutes') ?? 10,
    workDir: path.resolve(
      c.getOptionalString('workDir') ??
        path.join(os.tmpdir(), 'backstage-load-testing'),
    ),
    templates,
  };
}

/** What the UI may choose from. */
export function kubernetesSettings(
  k: KubernetesExecutorConfig,
): KubernetesSettings {
  return {
    clusters: k.clusters.map(c => c.name),
    defaultCluster: k.defaultCluster,
    engines: k.engines,
    defaultEngine: k.engines[0].name,
    secrets: k.secrets,
    allowedTolerations: k.placement.allowedTolerations,
    allowedNodeSelectorKeys: k.placement.allowedNodeSelectorKeys,
    defaultResources: k.resources,
  };
}
