import {
  describeKubernetesParameters,
  describeResources,
  describeToleration,
} from './describeKubernetes';
import { scenario } from '../../__fixtures__';

describe('describeKubernetes', () => {
  it('writes tolerations as kubectl shows them', () => {
    expect(
      describeToleration({
        key: 'dedicated',
        operator: 'Equal',
        value: 'load',
        effect: 'NoSchedule',
      }),
    ).toBe('dedicated=load:NoSchedule');
    expect(describeToleration({ key: 'gpu', operator: 'Exists' })).toBe(
      'gpu exists (any effect)',
    );
    expect(
      describeToleration({
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 30,
      }),
    ).toBe('any taint:NoExecute for 30 s');
  });

  it('lists the resources a run set per role, and the defaults otherwise', () => {
    expect(
      describeResources({
        master: { limits: { memory: '1Gi' } },
        worker: { requests: { cpu: '1', memory: '2Gi' } },
      }),
    ).toEqual([
      'master: limits memory 1Gi',
      'worker: requests CPU 1, memory 2Gi',
    ]);
    expect(
      describeKubernetesParameters(
        { ...scenario.parameters, executor: 'kubernetes' },
        { cluster: 'dev-eu' },
      ),
    ).toEqual({
      cluster: 'dev-eu',
      engine: 'default',
      resources: 'platform defaults',
    });
  });
});
