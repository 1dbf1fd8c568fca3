import { ConfigReader } from '@backstage/config';
import {
  checkSecretEnv,
  copiedSecrets,
  readSecretRules,
} from './secretsPolicy';
import { ClusterClient } from './clusters';

const read = (secrets: unknown) =>
  readSecretRules(new ConfigReader({ secrets } as any), [
    'webhook',
    'registry',
  ]);

describe('readSecretRules', () => {
  it('reads rules per entity, as the catalog compares refs', () => {
    expect(
      read([
        {
          name: 'shop-api-token',
          entities: ['Component:default/Shop-API', 'component:checkout'],
          keys: ['token'],
        },
      ]),
    ).toEqual([
      {
        name: 'shop-api-token',
        entities: ['component:default/shop-api', 'component:default/checkout'],
        keys: ['token'],
      },
    ]);
  });

  it('refuses a plain name, which would let every entity read the Secret', () => {
    expect(() => read(['shop-api-token'])).toThrow(
      'loadTesting.executors.kubernetes.secrets[0]: the plain name shop-api-token would let runs of every entity read that Secret; name the entities whose runs may: {name: shop-api-token, entities: [component:default/my-service]}',
    );
  });

  it('refuses owner rules, rules without entities and names taken by the run', () => {
    expect(() =>
      read([{ name: 'x', owners: ['group:default/team-a'] }]),
    ).toThrow(
      /secrets\[0\]\.owners: Secrets allowed per owner are not supported yet/,
    );
    expect(() => read([{ name: 'x', entities: [] }])).toThrow(
      'loadTesting.executors.kubernetes.secrets[0].entities must list the entities whose runs may read x',
    );
    expect(() => read([{ name: 'x', entities: ['shop-api'] }])).toThrow(
      /secrets\[0\]\.entities\[0\]: /,
    );
    expect(() =>
      read([{ name: 'webhook', entities: ['component:a'] }]),
    ).toThrow(
      /webhook is taken by the run's own Secret or an image pull Secret/,
    );
  });
});

describe('checkSecretEnv', () => {
  const rules = read([
    {
      name: 'shop-api-token',
      entities: ['component:default/shop-api'],
      keys: ['token'],
    },
    { name: 'payments', entities: ['component:default/checkout'] },
  ]);

  it("lets a run read only its entity's Secrets, and only their allowed keys", () => {
    const env = [
      { name: 'A', secret: 'shop-api-token', key: 'token' },
      { name: 'B', secret: 'shop-api-token', key: 'admin-token' },
      { name: 'C', secret: 'payments', key: 'k' },
    ];
    expect(
      checkSecretEnv({ secretEnv: env }, 'Component:default/Shop-Api', rules),
    ).toEqual([
      {
        field: 'parameters.secretEnv[1].key',
        message:
          'is not a key runs may read from shop-api-token; allowed: token',
      },
      {
        field: 'parameters.secretEnv[2].secret',
        message:
          'is not a Secret runs of component:default/shop-api may read; allowed: shop-api-token (loadTesting.executors.kubernetes.secrets)',
      },
    ]);
    expect(
      checkSecretEnv(
        { secretEnv: env.slice(0, 1) },
        'component:default/other',
        rules,
      ),
    ).toEqual([
      {
        field: 'parameters.secretEnv[0].secret',
        message:
          'no Secrets are allowed for runs of component:default/other (loadTesting.executors.kubernetes.secrets)',
      },
    ]);
  });
});

describe('copiedSecrets', () => {
  const stored: Record<string, any> = {
    'shop-api-token': {
      type: 'Opaque',
      data: { token: 'dA==', 'admin-token': 'YQ==' },
    },
    registry: {
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': 'e30=', note: 'bg==' },
    },
  };
  const client = {
    core: {
      readNamespacedSecret: async ({ name }: { name: string }) => stored[name],
    },
  } as unknown as ClusterClient;
  const copy = (key: string) =>
    copiedSecrets({
      client,
      params: { secretEnv: [{ name: 'T', secret: 'shop-api-token', key }] },
      imagePullSecrets: ['registry'],
      from: 'load-testing',
      namespace: 'load-test-r',
      instance: 'i',
    });

  it('copies only the referenced key, and of pull Secrets only the credentials', async () => {
    const objects = await copy('token');
    expect(objects.map(o => [o.metadata.name, o.type, o.data])).toEqual([
      ['shop-api-token', 'Opaque', { token: 'dA==' }],
      [
        'registry',
        'kubernetes.io/dockerconfigjson',
        { '.dockerconfigjson': 'e30=' },
      ],
    ]);
  });

  it('names a key the Secret does not have', async () => {
    await expect(copy('tokn')).rejects.toThrow(
      'Secret shop-api-token in namespace load-testing has no key tokn',
    );
  });
});
