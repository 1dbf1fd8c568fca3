import {
  FieldError,
  RunParameters,
  isTargetAllowed,
} from '@internal/plugin-load-testing-common';
import dns from 'dns';
import net from 'net';
import { Cidr, cidrContains, formatCidr, parseCidr } from './cidr';
import {
  NETWORK_POLICY_CONFIG,
  NetworkPolicyConfig,
  PeerConfig,
} from './networkPolicyConfig';

const WHERE = NETWORK_POLICY_CONFIG;
const DEFAULT_PORTS: Record<string, number> = {
  'http:': 80,
  'https:': 443,
  'ws:': 80,
  'wss:': 443,
};
const RESOLVE_TIMEOUT_MS = 3000;

/** A network a run may reach; `ports` undefined means any port. */
export interface TargetRange {
  source: string;
  cidr: Cidr;
  ports?: number[];
}

/** What the allowlist and config say about destinations, before any name is resolved. */
export interface EgressPlan {
  /** Networks known without DNS: IP entries, IP prefixes (`10.1.*`), `*`, egressCidrs. */
  ranges: TargetRange[];
  /** Host names resolved when a run is created. */
  names: Array<{ source: string; host: string; ports?: number[] }>;
  /** Entries no NetworkPolicy can express (wildcard names): only egressCidrs cover them. */
  unmapped: string[];
}

type Port = { protocol: 'TCP' | 'UDP'; port: number };
type Peer = Record<string, unknown>;
/** One egress rule of a NetworkPolicy. */
export interface EgressRule {
  to: Peer[];
  ports?: Port[];
}

const ANY_V4 = parseCidr('0.0.0.0/0')!;
const ANY_V6 = parseCidr('::/0')!;

/**
 * What one allowlist entry lets pods reach. `*` matches any characters within the
 * host or port, so a host ending in `*` without a port also matches any port.
 */
function planEntry(pattern: string, plan: EgressPlan) {
  const m = /^([a-z][a-z0-9+.-]*:)\/\/([^/@]+)$/i.exec(
    pattern.trim().replace(/\/+$/, ''),
  );
  if (!m) {
    plan.unmapped.push(pattern);
    return;
  }
  const scheme = m[1].toLowerCase();
  let host: string;
  let port: string | undefined;
  const authority = m[2].toLowerCase();
  const v6 = /^\[([^\]]+)\](?::(.*))?$/.exec(authority);
  if (v6) {
    host = v6[1];
    port = v6[2];
  } else {
    const i = authority.lastIndexOf(':');
    host = i < 0 ? authority : authority.slice(0, i);
    port = i < 0 ? undefined : authority.slice(i + 1);
  }
  let ports: number[] | undefined;
  if (port === undefined) {
    const fixed = DEFAULT_PORTS[scheme];
    ports = host.endsWith('*') || !fixed ? undefined : [fixed];
  } else if (/^\d{1,5}$/.test(port)) {
    ports = [Number(port)];
  } else if (!port.includes('*')) {
    plan.unmapped.push(pattern);
    return;
  }
  const add = (cidr: Cidr) =>
    plan.ranges.push({ source: pattern, cidr, ports });
  if (host === '*') {
    add(ANY_V4);
    add(ANY_V6);
    return;
  }
  if (net.isIP(host)) {
    add(parseCidr(host)!);
    return;
  }
  // 10.* → 10.0.0.0/8, 10.1.2.* → 10.1.2.0/24
  const prefix = /^((?:\d{1,3}\.){1,3})\*$/.exec(host);
  if (prefix) {
    const octets = prefix[1].split('.').filter(Boolean);
    const cidr = parseCidr(
      `${[...octets, '0', '0', '0'].slice(0, 4).join('.')}/${octets.length * 8}`,
    );
    if (cidr) {
      add(cidr);
      return;
    }
  }
  if (host.includes('*') || !/^[a-z0-9.-]+$/.test(host)) {
    plan.unmapped.push(pattern);
    return;
  }
  plan.names.push({ source: pattern, host, ports });
}

/** Sorts the allowlist and config into networks, names to resolve and the rest. */
export function planEgress(config: NetworkPolicyConfig): EgressPlan {
  const plan: EgressPlan = { ranges: [], names: [], unmapped: [] };
  for (const pattern of config.allow) planEntry(pattern, plan);
  for (const e of config.egressCidrs) {
    plan.ranges.push({
      source: `${WHERE}.egressCidrs`,
      cidr: parseCidr(e.cidr)!,
      ports: e.ports,
    });
  }
  return plan;
}

/** A run's hostAliases may only point at networks the plan names without DNS. */
export function checkHostAliases(
  params: Pick<RunParameters, 'hostAliases'>,
  plan: EgressPlan,
): FieldError[] {
  const errors: FieldError[] = [];
  (params.hostAliases ?? []).forEach((alias, i) => {
    if (plan.ranges.some(r => cidrContains(r.cidr, alias.ip))) return;
    const allowed = [...new Set(plan.ranges.map(r => formatCidr(r.cidr)))];
    errors.push({
      field: `parameters.hostAliases[${i}].ip`,
      message: allowed.length
        ? `is outside the networks runs may reach: ${allowed.join(', ')} (IP entries of loadTesting.targets.allow and ${WHERE}.egressCidrs)`
        : `is outside the networks runs may reach: none is configured (IP entries of loadTesting.targets.allow or ${WHERE}.egressCidrs)`,
    });
  });
  return errors;
}

/** Addresses of a host name as this backend resolves it; none when it does not resolve in time. */
export async function resolveHost(host: string): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string[]>(resolve => {
    timer = setTimeout(() => resolve([]), RESOLVE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      dns.promises
        .lookup(host, { all: true, verbatim: true })
        .then(list => list.map(a => a.address))
        .catch(() => []),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const ipBlock = (cidr: string): Peer => ({ ipBlock: { cidr } });
const tcp = (ports?: number[]): Port[] | undefined =>
  ports?.map(port => ({ protocol: 'TCP', port }));

function peers(p: PeerConfig): Peer[] {
  const out: Peer[] = [];
  if (p.podLabels) {
    out.push({
      ...(p.namespace
        ? {
            namespaceSelector: {
              matchLabels: { 'kubernetes.io/metadata.name': p.namespace },
            },
          }
        : {}),
      podSelector: { matchLabels: p.podLabels },
    });
  }
  return [...out, ...p.cidrs.map(ipBlock)];
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');
const hostCidr = (ip: string) => formatCidr(parseCidr(ip)!);

/** The egress rules of one run: DNS, the backend's webhook, and the targets. */
export async function egressRules(options: {
  config: NetworkPolicyConfig;
  plan: EgressPlan;
  runHost: string;
  webhookUrl: string;
  resolve: (host: string) => Promise<string[]>;
  warn: (message: string) => void;
}): Promise<{
  dns: EgressRule[];
  webhook: EgressRule[];
  targets: EgressRule[];
}> {
  const { config, plan, resolve, warn } = options;
  const byPorts = new Map<string, { ports?: number[]; cidrs: Set<string> }>();
  const allow = (cidr: string, ports?: number[]) => {
    const key = ports ? [...ports].sort((a, b) => a - b).join(',') : '*';
    const group = byPorts.get(key) ?? { ports, cidrs: new Set<string>() };
    group.cidrs.add(cidr);
    byPorts.set(key, group);
  };
  for (const r of plan.ranges) allow(formatCidr(r.cidr), r.ports);

  const names = config.resolveHostNames ? [...plan.names] : [];
  // the run's own host, when only a wildcard name (or nothing the plan maps) allowed it
  const run = new URL(options.runHost);
  const runPort = Number(run.port || DEFAULT_PORTS[run.protocol]);
  const runIp = hostOf(run);
  const onPort = (r: TargetRange) => !r.ports || r.ports.includes(runPort);
  const covered = (ip: string) =>
    plan.ranges.some(r => cidrContains(r.cidr, ip) && onPort(r));
  const everywhere = plan.ranges.some(
    r => r.cidr.prefix === 0 && r.cidr.bytes.length === 4 && onPort(r),
  );
  if (isTargetAllowed(options.runHost, config.allow)) {
    if (net.isIP(runIp)) {
      if (!covered(runIp)) allow(hostCidr(runIp), [runPort]);
    } else if (
      config.resolveHostNames &&
      !names.some(n => n.host === runIp) &&
      !everywhere
    ) {
      names.push({ source: options.runHost, host: runIp, ports: [runPort] });
    }
  }
  await Promise.all(
    names.map(async n => {
      const ips = await resolve(n.host);
      if (!ips.length)
        warn(
          `${n.host} (${n.source}) did not resolve: runs reach it only through ${WHERE}.egressCidrs`,
        );
      for (const ip of ips) allow(hostCidr(ip), n.ports);
    }),
  );
  const targets = [...byPorts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, g]) => ({
      to: [...g.cidrs].sort().map(ipBlock),
      ...(g.ports ? { ports: tcp(g.ports) } : {}),
    }));

  const dnsRule: EgressRule = {
    to: peers(config.dns),
    ports: [
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 53 },
    ],
  };

  const hook = new URL(options.webhookUrl);
  const hookPort =
    config.webhook?.port ?? Number(hook.port || DEFAULT_PORTS[hook.protocol]);
  let hookPeers: Peer[];
  if (
    config.webhook &&
    (config.webhook.podLabels || config.webhook.cidrs.length)
  ) {
    hookPeers = peers(config.webhook);
  } else {
    const host = hostOf(hook);
    const ips = net.isIP(host) ? [host] : await resolve(host);
    if (!ips.length) {
      throw new Error(
        `The run's NetworkPolicy needs the address of the webhook: ${host} did not resolve (set ${WHERE}.webhook)`,
      );
    }
    hookPeers = [...new Set(ips.map(hostCidr))].sort().map(ipBlock);
  }
  return {
    dns: [dnsRule],
    webhook: [{ to: hookPeers, ports: tcp([hookPort]) }],
    targets,
  };
}
