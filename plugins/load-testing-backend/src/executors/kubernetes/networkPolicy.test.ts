import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { cidrContains, formatCidr, parseCidr } from './cidr';
import { checkHostAliases, egressRules, planEgress } from './networkPolicy';
import {
  NetworkPolicyConfig,
  readNetworkPolicyConfig,
} from './networkPolicyConfig';

const read = (allow: string[], networkPolicy: JsonObject = {}) =>
  readNetworkPolicyConfig(
    new ConfigReader({
      loadTesting: {
        targets: { allow },
        executors: { kubernetes: { networkPolicy } },
      },
    }),
  );

const DNS = {
  'shop.example.com': ['203.0.113.7', '2001:db8::7'],
  'api.staging.example.com': ['198.51.100.20'],
  'backstage.example.com': ['192.0.2.10'],
};
const resolve = jest.fn(
  async (host: string) => DNS[host as keyof typeof DNS] ?? [],
);

function rules(
  config: NetworkPolicyConfig,
  runHost = 'http://10.1.2.3:8080',
  webhookUrl = 'https://backstage.example.com/api/load-testing/webhooks/runs/r',
) {
  const warnings: string[] = [];
  return egressRules({
    config,
    plan: planEgress(config),
    runHost,
    webhookUrl,
    resolve,
    warn: m => warnings.push(m),
  }).then(r => ({ ...r, warnings }));
}

describe('cidr', () => {
  it('parses, masks and compares IPv4 and IPv6 networks', () => {
    expect(formatCidr(parseCidr('10.1.2.3/16')!)).toBe('10.1.0.0/16');
    expect(formatCidr(parseCidr('10.1.2.3')!)).toBe('10.1.2.3/32');
    expect(formatCidr(parseCidr('2001:db8:0:0:1::9/64')!)).toBe(
      '2001:db8::/64',
    );
    expect(formatCidr(parseCidr('::1')!)).toBe('::1/128');
    expect(parseCidr('10.1.2.3/33')).toBeUndefined();
    expect(parseCidr('shop.example.com/8')).toBeUndefined();
    expect(cidrContains(parseCidr('10.0.0.0/8')!, '10.200.3.4')).toBe(true);
    expect(cidrContains(parseCidr('10.0.0.0/8')!, '11.0.0.1')).toBe(false);
    expect(cidrContains(parseCidr('fd00::/8')!, 'fd12::1')).toBe(true);
    expect(cidrContains(parseCidr('0.0.0.0/0')!, '::1')).toBe(false);
  });
});

describe('planEgress', () => {
  it('maps IP entries, IP prefixes and * to networks, names to resolve, wildcard names to nothing', () => {
    const plan = planEgress(
      read(
        [
          'http://10.1.2.3:8080',
          'http://10.20.*:*',
          'https://shop.example.com',
          'https://*.staging.example.com',
          'http://[fd00::5]',
          'http://192.168.*',
        ],
        { egressCidrs: [{ cidr: '172.16.5.9/16', ports: [443] }] },
      ),
    );
    expect(
      plan.ranges.map(r => [formatCidr(r.cidr), r.ports ?? 'any']),
    ).toEqual([
      ['10.1.2.3/32', [8080]],
      ['10.20.0.0/16', 'any'],
      ['fd00::5/128', [80]],
      // the * may take the port too
      ['192.168.0.0/16', 'any'],
      ['172.16.0.0/16', [443]],
    ]);
    expect(plan.names).toEqual([
      {
        source: 'https://shop.example.com',
        host: 'shop.example.com',
        ports: [443],
      },
    ]);
    expect(plan.unmapped).toEqual(['https://*.staging.example.com']);
  });

  it('reads * as every address on every port', () => {
    const plan = planEgress(read(['http://*']));
    expect(plan.ranges.map(r => [formatCidr(r.cidr), r.ports])).toEqual([
      ['0.0.0.0/0', undefined],
      ['::/0', undefined],
    ]);
  });

  it('refuses a CIDR that is none at startup', () => {
    expect(() => read([], { egressCidrs: [{ cidr: '10.0.0.0/40' }] })).toThrow(
      'loadTesting.executors.kubernetes.networkPolicy.egressCidrs[0].cidr: 10.0.0.0/40 is not an IP network (CIDR)',
    );
  });
});

describe('checkHostAliases', () => {
  const plan = planEgress(
    read(['http://10.1.2.3:8080', 'https://shop.example.com'], {
      egressCidrs: [{ cidr: '172.16.0.0/16' }],
    }),
  );

  it('lets host aliases point only inside the networks the platform wrote down', () => {
    expect(
      checkHostAliases(
        {
          hostAliases: [
            { ip: '10.1.2.3', hostnames: ['a.internal'] },
            { ip: '172.16.40.1', hostnames: ['b.internal'] },
            { ip: '169.254.169.254', hostnames: ['shop.example.com'] },
          ],
        },
        plan,
      ),
    ).toEqual([
      {
        field: 'parameters.hostAliases[2].ip',
        message: expect.stringMatching(
          /^is outside the networks runs may reach: 10\.1\.2\.3\/32, 172\.16\.0\.0\/16 /,
        ),
      },
    ]);
  });

  it('refuses every alias when no network is configured', () => {
    expect(
      checkHostAliases(
        { hostAliases: [{ ip: '10.0.0.1', hostnames: ['x'] }] },
        planEgress(read(['https://*.example.com'])),
      )[0].message,
    ).toMatch(/none is configured/);
  });
});

describe('egressRules', () => {
  it('allows DNS, the webhook and the targets, grouped by port', async () => {
    const r = await rules(
      read([
        'http://10.1.2.3:8080',
        'https://shop.example.com',
        'https://*.staging.example.com',
      ]),
      'https://api.staging.example.com',
    );
    expect(r.dns).toEqual([
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
    ]);
    expect(r.webhook).toEqual([
      {
        to: [{ ipBlock: { cidr: '192.0.2.10/32' } }],
        ports: [{ protocol: 'TCP', port: 443 }],
      },
    ]);
    // the run's host, allowed by a wildcard name, is resolved too
    expect(r.targets).toEqual([
      {
        to: [
          { ipBlock: { cidr: '198.51.100.20/32' } },
          { ipBlock: { cidr: '2001:db8::7/128' } },
          { ipBlock: { cidr: '203.0.113.7/32' } },
        ],
        ports: [{ protocol: 'TCP', port: 443 }],
      },
      {
        to: [{ ipBlock: { cidr: '10.1.2.3/32' } }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      },
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('uses the configured DNS and webhook peers, and resolves nothing when told not to', async () => {
    resolve.mockClear();
    const r = await rules(
      read(['https://shop.example.com', 'http://10.1.2.3:8080'], {
        resolveHostNames: false,
        dns: { cidrs: ['169.254.20.10/32'] },
        webhook: {
          namespace: 'backstage',
          podLabels: { app: 'backstage' },
          port: 7007,
        },
      }),
    );
    expect(resolve).not.toHaveBeenCalled();
    expect(r.dns[0].to[1]).toEqual({ ipBlock: { cidr: '169.254.20.10/32' } });
    expect(r.webhook).toEqual([
      {
        to: [
          {
            namespaceSelector: {
              matchLabels: { 'kubernetes.io/metadata.name': 'backstage' },
            },
            podSelector: { matchLabels: { app: 'backstage' } },
          },
        ],
        ports: [{ protocol: 'TCP', port: 7007 }],
      },
    ]);
    expect(r.targets).toEqual([
      {
        to: [{ ipBlock: { cidr: '10.1.2.3/32' } }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      },
    ]);
  });

  it('names a host that did not resolve, and refuses a webhook it cannot name', async () => {
    const r = await rules(read(['https://gone.example.com']));
    expect(r.warnings).toEqual([
      'gone.example.com (https://gone.example.com) did not resolve: runs reach it only through loadTesting.executors.kubernetes.networkPolicy.egressCidrs',
    ]);
    expect(r.targets).toEqual([]);
    await expect(
      rules(read([]), 'http://10.1.2.3', 'http://backstage.internal/api'),
    ).rejects.toThrow(
      "The run's NetworkPolicy needs the address of the webhook: backstage.internal did not resolve (set loadTesting.executors.kubernetes.networkPolicy.webhook)",
    );
  });

  it('takes an IP webhook as it is, and adds nothing for a host the allowlist does not allow', async () => {
    const r = await rules(
      read(['http://10.1.2.3:8080']),
      'http://10.9.9.9',
      'http://127.0.0.1:7007/api/load-testing/webhooks/runs/r',
    );
    expect(r.webhook[0]).toEqual({
      to: [{ ipBlock: { cidr: '127.0.0.1/32' } }],
      ports: [{ protocol: 'TCP', port: 7007 }],
    });
    expect(r.targets).toHaveLength(1);
  });
});
