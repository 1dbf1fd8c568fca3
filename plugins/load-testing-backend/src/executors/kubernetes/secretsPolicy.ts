import { Config } from '@backstage/config';
import {
  FieldError,
  KubernetesSecretRule,
  RunParameters,
  normalizeEntityRef,
} from '@internal/plugin-load-testing-common';
import { ClusterClient, apiMessage } from './clusters';
import { KubeObject } from './templates';
import { LABELS, MANAGED_BY } from './values';

const WHERE = 'loadTesting.executors.kubernetes.secrets';
const DNS_SUBDOMAIN =
  /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** The keys a registry credential Secret holds; nothing else of it is copied. */
const PULL_SECRET_KEYS = ['.dockerconfigjson', '.dockercfg'];

/**
 * Reads `secrets`: which Secret each entity's runs may read. A plain name would let
 * every entity's runs read it, so it is refused, as are owner rules (not supported yet).
 */
export function readSecretRules(
  c: Config,
  reserved: string[],
): KubernetesSecretRule[] {
  const raw = c.getOptional<unknown[]>('secrets') ?? [];
  if (!Array.isArray(raw)) throw new Error(`${WHERE} must be a list`);
  const rules = raw.map((item, i): KubernetesSecretRule => {
    const field = `${WHERE}[${i}]`;
    if (typeof item === 'string') {
      throw new Error(
        `${field}: the plain name ${item} would let runs of every entity read that Secret; name the entities whose runs may: {name: ${item}, entities: [component:default/my-service]}`,
      );
    }
    const rule = item as Record<string, unknown>;
    if (rule?.owners !== undefined) {
      throw new Error(
        `${field}.owners: Secrets allowed per owner are not supported yet; list the entities (entities: [...])`,
      );
    }
    const name = rule?.name;
    if (typeof name !== 'string' || !DNS_SUBDOMAIN.test(name))
      throw new Error(`${field}.name must be the name of a Secret`);
    if (reserved.includes(name))
      throw new Error(
        `${field}.name: ${name} is taken by the run's own Secret or an image pull Secret`,
      );
    const entities = rule.entities;
    if (
      !Array.isArray(entities) ||
      !entities.length ||
      !entities.every(e => typeof e === 'string')
    )
      throw new Error(
        `${field}.entities must list the entities whose runs may read ${name}`,
      );
    const keys = rule.keys;
    if (
      keys !== undefined &&
      (!Array.isArray(keys) ||
        !keys.length ||
        !keys.every(k => typeof k === 'string' && k))
    )
      throw new Error(`${field}.keys must list keys of ${name}`);
    return {
      name,
      entities: entities.map((e: string, j) => {
        const ref = normalizeEntityRef(e);
        if (!ref)
          throw new Error(
            `${field}.entities[${j}]: ${e} is not an entity ref such as component:default/shop-api`,
          );
        return ref;
      }),
      ...(keys ? { keys: keys as string[] } : {}),
    };
  });
  const seen = new Set<string>();
  for (const r of rules) {
    if (seen.has(r.name))
      throw new Error(`${WHERE}: ${r.name} is listed twice`);
    seen.add(r.name);
  }
  return rules;
}

/** Field errors for Secrets or keys the run's entity may not read. */
export function checkSecretEnv(
  params: Pick<RunParameters, 'secretEnv'>,
  entityRef: string | undefined,
  rules: KubernetesSecretRule[],
): FieldError[] {
  const errors: FieldError[] = [];
  const entity = normalizeEntityRef(entityRef);
  const mine = rules.filter(r => entity && r.entities.includes(entity));
  (params.secretEnv ?? []).forEach((s, i) => {
    const rule = mine.find(r => r.name === s.secret);
    if (!rule) {
      errors.push({
        field: `parameters.secretEnv[${i}].secret`,
        message: mine.length
          ? `is not a Secret runs of ${entity} may read; allowed: ${mine.map(r => r.name).join(', ')} (${WHERE})`
          : `no Secrets are allowed for runs of ${entity ?? 'this entity'} (${WHERE})`,
      });
    } else if (rule.keys && !rule.keys.includes(s.key)) {
      errors.push({
        field: `parameters.secretEnv[${i}].key`,
        message: `is not a key runs may read from ${rule.name}; allowed: ${rule.keys.join(', ')}`,
      });
    }
  });
  return errors;
}

/**
 * The Secrets copied into a run's namespace: of each Secret the run reads, only the
 * keys it references; of each image pull Secret, only the registry credentials.
 */
export async function copiedSecrets(options: {
  client: ClusterClient;
  params: Pick<RunParameters, 'secretEnv'>;
  imagePullSecrets: string[];
  from?: string;
  namespace: string;
  instance: string;
}): Promise<KubeObject[]> {
  const { client, params, from, namespace } = options;
  const wanted = new Map<string, { keys: string[]; type?: string }>();
  for (const s of params.secretEnv ?? []) {
    const w = wanted.get(s.secret) ?? { keys: [], type: 'Opaque' };
    if (!w.keys.includes(s.key)) w.keys.push(s.key);
    wanted.set(s.secret, w);
  }
  for (const name of options.imagePullSecrets)
    wanted.set(name, { keys: PULL_SECRET_KEYS });
  if (!wanted.size) return [];
  if (!from) {
    throw new Error(
      'Secrets need loadTesting.executors.kubernetes.secretsNamespace, the namespace they are copied from',
    );
  }
  return Promise.all(
    [...wanted.entries()].map(async ([name, w]) => {
      let secret;
      try {
        secret = await client.core.readNamespacedSecret({
          name,
          namespace: from,
        });
      } catch (e) {
        throw new Error(
          `Secret ${name} could not be read from namespace ${from}: ${apiMessage(e)}`,
        );
      }
      const data: Record<string, string> = {};
      for (const key of w.keys) {
        const value = secret.data?.[key];
        if (value !== undefined) data[key] = value;
        else if (w.type)
          throw new Error(
            `Secret ${name} in namespace ${from} has no key ${key}`,
          );
      }
      return {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name,
          namespace,
          labels: {
            [LABELS.managedBy]: MANAGED_BY,
            [LABELS.instance]: options.instance,
          },
        },
        type: w.type ?? secret.type,
        data,
      };
    }),
  );
}
