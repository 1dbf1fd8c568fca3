import {
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
} from '@kubernetes/client-node';
import fs from 'fs';
import { ClusterConfig } from './config';

const TOKEN_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** API clients of one configured cluster. */
export interface ClusterClient {
  name: string;
  kubeConfig: KubeConfig;
  core: CoreV1Api;
  batch: BatchV1Api;
  objects: KubernetesObjectApi;
}

export function kubeConfigFor(c: ClusterConfig): KubeConfig {
  const kc = new KubeConfig();
  if (c.authProvider === 'kubeconfig') {
    if (!c.kubeconfig)
      throw new Error(
        `Cluster ${c.name}: authProvider kubeconfig needs kubeconfig (a file path)`,
      );
    kc.loadFromFile(c.kubeconfig);
    if (c.context) kc.setCurrentContext(c.context);
  } else if (c.authProvider === 'inCluster') {
    kc.loadFromCluster();
  } else {
    if (!c.url) throw new Error(`Cluster ${c.name}: url is required`);
    const token =
      c.serviceAccountToken ??
      (fs.existsSync(TOKEN_FILE)
        ? fs.readFileSync(TOKEN_FILE, 'utf8').trim()
        : undefined);
    if (!token)
      throw new Error(
        `Cluster ${c.name}: serviceAccountToken is required outside a cluster`,
      );
    kc.loadFromClusterAndUser(
      {
        name: c.name,
        server: c.url,
        caData: c.caData,
        caFile: c.caFile,
        skipTLSVerify: c.skipTLSVerify,
      },
      { name: 'backstage-load-testing', token },
    );
  }
  return kc;
}

export function clusterClient(c: ClusterConfig): ClusterClient {
  const kubeConfig = kubeConfigFor(c);
  return {
    name: c.name,
    kubeConfig,
    core: kubeConfig.makeApiClient(CoreV1Api),
    batch: kubeConfig.makeApiClient(BatchV1Api),
    objects: KubernetesObjectApi.makeApiClient(kubeConfig),
  };
}

/** HTTP status of an API error, if it is one. */
export function apiStatus(e: unknown): number | undefined {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}

/** The API server's own message for an error, e.g. why it refused an object. */
export function apiMessage(e: unknown): string {
  const body = (e as { body?: unknown })?.body;
  if (typeof body === 'string') {
    try {
      const parsed = JSON.parse(body);
      if (parsed?.message) return String(parsed.message);
    } catch {
      // not JSON: the text itself
    }
    if (body.trim()) return body.trim().slice(0, 500);
  } else if (body && typeof body === 'object' && 'message' in body) {
    return String((body as { message: unknown }).message);
  }
  return (e as Error)?.message ?? String(e);
}
