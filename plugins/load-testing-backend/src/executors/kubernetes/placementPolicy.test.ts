import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import {
  Toleration,
  describeToleration,
  toleratesNoMoreThan,
} from '@internal/plugin-load-testing-common';
import { checkPlacement, readPlacementPolicy } from './placementPolicy';

const read = (c: object) =>
  readPlacementPolicy(new ConfigReader(c as JsonObject));

const LOAD: Toleration = {
  key: 'dedicated',
  operator: 'Equal',
  value: 'load',
  effect: 'NoSchedule',
};
const SPOT: Toleration = { key: 'spot', operator: 'Exists' };
const BOUNDED: Toleration = {
  key: 'node.kubernetes.io/unreachable',
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: 60,
};

describe('toleratesNoMoreThan', () => {
  it.each([
    [LOAD, LOAD, true],
    [{ ...LOAD, operator: undefined }, LOAD, true],
    [{ ...LOAD, value: 'other' }, LOAD, false],
    // no effect tolerates every effect of the key
    [{ ...LOAD, effect: undefined }, LOAD, false],
    [{ key: 'dedicated', operator: 'Exists' }, LOAD, false],
    [{ operator: 'Exists' }, SPOT, false],
    [{ key: 'spot', operator: 'Equal', value: 'x' }, SPOT, true],
    [{ ...SPOT, effect: 'NoSchedule' }, SPOT, true],
    [
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' },
      SPOT,
      false,
    ],
    [{ ...BOUNDED, tolerationSeconds: 30 }, BOUNDED, true],
    [{ ...BOUNDED, tolerationSeconds: 3600 }, BOUNDED, false],
    [{ ...BOUNDED, tolerationSeconds: undefined }, BOUNDED, false],
    // a platform may allow everything, explicitly
    [LOAD, { operator: 'Exists' }, true],
  ] as Array<[Toleration, Toleration, boolean]>)(
    '%j within %j: %s',
    (asked, allowed, expected) => {
      expect(toleratesNoMoreThan(asked, allowed)).toBe(expected);
    },
  );

  it('describes tolerations as kubectl does', () => {
    expect(describeToleration(LOAD)).toBe('dedicated=load:NoSchedule');
    expect(describeToleration(SPOT)).toBe('spot op=Exists');
    expect(describeToleration(BOUNDED)).toBe(
      'node.kubernetes.io/unreachable:NoExecute op=Exists for 60s',
    );
    expect(describeToleration({ operator: 'Exists' })).toBe('op=Exists');
  });
});

describe('placement policy', () => {
  const policy = read({
    allowedTolerations: [LOAD, SPOT],
    allowedNodeSelectorKeys: ['pool', 'kubernetes.io/arch'],
  });

  it('lets a run choose only allowed tolerations and node label keys, per field', () => {
    expect(
      checkPlacement(
        {
          tolerations: [
            LOAD,
            {
              key: 'node-role.kubernetes.io/control-plane',
              operator: 'Exists',
            },
            { operator: 'Exists' },
            SPOT,
          ],
          nodeSelector: {
            pool: 'load',
            'node-role.kubernetes.io/control-plane': '',
          },
        },
        policy,
      ),
    ).toEqual([
      {
        field: 'parameters.tolerations[1]',
        message:
          'is not a toleration runs may add; allowed: dedicated=load:NoSchedule, spot op=Exists (loadTesting.executors.kubernetes.allowedTolerations)',
      },
      {
        field: 'parameters.tolerations[2]',
        message: expect.stringMatching(/^is not a toleration runs may add/),
      },
      {
        field: 'parameters.nodeSelector.node-role.kubernetes.io/control-plane',
        message:
          'is not a node label runs may select on; allowed: pool, kubernetes.io/arch (loadTesting.executors.kubernetes.allowedNodeSelectorKeys)',
      },
    ]);
  });

  it('allows nothing by default', () => {
    expect(
      checkPlacement(
        { tolerations: [SPOT], nodeSelector: { pool: 'a' } },
        read({}),
      ).map(e => e.message),
    ).toEqual([
      'runs may add no tolerations (loadTesting.executors.kubernetes.allowedTolerations)',
      'runs may select on no node labels (loadTesting.executors.kubernetes.allowedNodeSelectorKeys)',
    ]);
  });

  it('refuses a policy that is no valid Kubernetes at startup', () => {
    expect(() =>
      read({ allowedTolerations: [{ key: 'x', operator: 'Sometimes' }] }),
    ).toThrow(
      'loadTesting.executors.kubernetes.allowedTolerations[0].operator must be Exists or Equal',
    );
    expect(() => read({ allowedNodeSelectorKeys: ['a b'] })).toThrow(
      'loadTesting.executors.kubernetes.allowedNodeSelectorKeys: a b is not a valid label key',
    );
  });
});
