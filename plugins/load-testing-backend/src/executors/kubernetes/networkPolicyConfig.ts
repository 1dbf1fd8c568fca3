import { Config } from '@backstage/config';
import { formatCidr, parseCidr } from './cidr';

/** Where the NetworkPolicy of run namespaces is configured. */
export const NETWORK_POLICY_CONFIG =
  'loadTesting.executors.kubernetes.networkPolicy';
const WHERE = NETWORK_POLICY_CONFIG;

/** Pods (by namespace and labels) and/or networks, and the TCP port to reach them on. */
export interface PeerConfig {
  namespace?: string;
  podLabels?: Record<string, string>;
  cidrs: string[];
  port?: number;
}

/** How a run namespace's NetworkPolicy is built. */
export interface NetworkPolicyConfig {
  enabled: boolean;
  /** Resolve the allowlist's host names (and a run's host matched by a wildcard) at run creation. */
  resolveHostNames: boolean;
  /** Networks runs may reach besides the allowlist's; undefined ports: any. */
  egressCidrs: Array<{ cidr: string; ports?: number[] }>;
  dns: PeerConfig;
  /** How pods reach the backend's webhook; default: the webhook URL's host, resolved. */
  webhook?: PeerConfig;
  /** `loadTesting.targets.allow`, the allowlist the policy is built from. */
  allow: string[];
}

function cidrOf(text: string, field: string): string {
  const c = parseCidr(text);
  if (!c) throw new Error(`${field}: ${text} is not an IP network (CIDR)`);
  return formatCidr(c);
}

function readPorts(c: Config, key: string, field: string) {
  const ports = c.getOptional<unknown>(key);
  if (ports === undefined) return undefined;
  if (
    !Array.isArray(ports) ||
    !ports.every(p => Number.isInteger(p) && p > 0 && p < 65536)
  )
    throw new Error(`${field}.${key} must be a list of TCP ports`);
  return ports as number[];
}

function readPeer(c: Config | undefined, field: string): PeerConfig {
  const port = c?.getOptionalNumber('port');
  if (
    port !== undefined &&
    !(Number.isInteger(port) && port > 0 && port < 65536)
  )
    throw new Error(`${field}.port must be a TCP port`);
  return {
    namespace: c?.getOptionalString('namespace'),
    podLabels: c?.getOptional<Record<string, string>>('podLabels'),
    cidrs: (c?.getOptionalStringArray('cidrs') ?? []).map((t, i) =>
      cidrOf(t, `${field}.cidrs[${i}]`),
    ),
    port,
  };
}

/** Reads `networkPolicy` of the kubernetes executor and the target allowlist. */
export function readNetworkPolicyConfig(root: Config): NetworkPolicyConfig {
  const c = root.getOptionalConfig(WHERE);
  const dnsConfig = c?.getOptionalConfig('dns');
  const webhook = c?.getOptionalConfig('webhook');
  const dnsPeer = readPeer(dnsConfig, `${WHERE}.dns`);
  return {
    enabled: c?.getOptionalBoolean('enabled') ?? true,
    resolveHostNames: c?.getOptionalBoolean('resolveHostNames') ?? true,
    egressCidrs: (c?.getOptionalConfigArray('egressCidrs') ?? []).map(
      (e, i) => {
        const field = `${WHERE}.egressCidrs[${i}]`;
        return {
          cidr: cidrOf(e.getString('cidr'), `${field}.cidr`),
          ports: readPorts(e, 'ports', field),
        };
      },
    ),
    dns: {
      ...dnsPeer,
      namespace: dnsPeer.namespace ?? 'kube-system',
      podLabels: dnsPeer.podLabels ?? { 'k8s-app': 'kube-dns' },
    },
    webhook: webhook ? readPeer(webhook, `${WHERE}.webhook`) : undefined,
    allow: root.getOptionalStringArray('loadTesting.targets.allow') ?? [],
  };
}
