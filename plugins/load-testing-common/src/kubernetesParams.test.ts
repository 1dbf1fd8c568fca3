import { checkKubernetesParameters } from './kubernetesParams';

describe('checkKubernetesParameters', () => {
  it('accepts a full set of Kubernetes parameters', () => {
    expect(
      checkKubernetesParameters({
        cluster: 'prod-eu',
        engine: 'locust 2.43',
        resources: {
          master: { requests: { cpu: '500m', memory: '512Mi' } },
          worker: { requests: { cpu: '1' }, limits: { memory: '1.5Gi' } },
        },
        hostAliases: [{ ip: '10.0.0.7', hostnames: ['shop.internal'] }],
        nodeSelector: { 'node.kubernetes.io/pool': 'load' },
        tolerations: [
          {
            key: 'dedicated',
            operator: 'Equal',
            value: 'load',
            effect: 'NoSchedule',
          },
          { operator: 'Exists' },
        ],
        secretEnv: [{ name: 'API_TOKEN', secret: 'shop-token', key: 'token' }],
      }),
    ).toEqual([]);
  });

  it('names each bad field', () => {
    const errors = checkKubernetesParameters({
      resources: {
        worker: { requests: { cpu: 'lots' } },
        extra: {},
      } as any,
      hostAliases: [{ ip: '10.0.0', hostnames: ['Shop_Internal'] }],
      nodeSelector: { 'bad key!': 'x' },
      tolerations: [
        { operator: 'Exists', value: 'x', effect: 'Sometimes' } as any,
      ],
      secretEnv: [{ name: '1X', secret: 'Shop', key: '' }],
    }).map(e => e.field);
    expect(errors).toEqual([
      'parameters.resources.worker.requests.cpu',
      'parameters.resources.extra',
      'parameters.hostAliases[0].ip',
      'parameters.hostAliases[0].hostnames',
      'parameters.nodeSelector.bad key!',
      'parameters.tolerations[0].value',
      'parameters.tolerations[0].effect',
      'parameters.secretEnv[0].name',
      'parameters.secretEnv[0].secret',
      'parameters.secretEnv[0].key',
    ]);
  });
});
