import {
  KubernetesSettings,
  PodResources,
  RunParameters,
  Toleration,
} from '@internal/plugin-load-testing-common';

export const ROLES = ['master', 'worker'] as const;
export const KINDS = ['requests', 'limits'] as const;
export const AMOUNTS = ['cpu', 'memory'] as const;
export type Role = (typeof ROLES)[number];
export type Kind = (typeof KINDS)[number];
export type Amount = (typeof AMOUNTS)[number];

export const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
export type Effect = (typeof EFFECTS)[number];
export type Operator = 'Equal' | 'Exists';

export interface HostAliasRow {
  ip: string;
  /** Host names as typed, separated by commas. */
  hostnames: string;
}
export interface NodeSelectorRow {
  key: string;
  value: string;
}
export interface TolerationRow {
  key: string;
  operator: Operator;
  value: string;
  /** '' tolerates every effect. */
  effect: Effect | '';
  /** '' tolerates for ever. */
  tolerationSeconds: string;
}
export interface SecretEnvRow {
  name: string;
  secret: string;
  key: string;
}

export type ResourceValues = Record<Role, Record<Kind, Record<Amount, string>>>;

/** The Kubernetes parameters of a run, as typed in the Run dialog. */
export interface KubernetesValues {
  /** '' until picked: the scenario's, else the configured default. */
  cluster: string;
  engine: string;
  /** '' leaves the amount to the platform default. */
  resources: ResourceValues;
  hostAliases: HostAliasRow[];
  nodeSelector: NodeSelectorRow[];
  tolerations: TolerationRow[];
  secretEnv: SecretEnvRow[];
}

export const emptyRows = {
  hostAliases: (): HostAliasRow => ({ ip: '', hostnames: '' }),
  nodeSelector: (): NodeSelectorRow => ({ key: '', value: '' }),
  tolerations: (): TolerationRow => ({
    key: '',
    operator: 'Equal',
    value: '',
    effect: '',
    tolerationSeconds: '',
  }),
  secretEnv: (): SecretEnvRow => ({ name: '', secret: '', key: '' }),
};

export type ListKey = keyof typeof emptyRows;

/** A row the user left blank is not sent; a row with anything in it is. */
const isBlank: {
  [K in ListKey]: (row: KubernetesValues[K][number]) => boolean;
} = {
  hostAliases: r => !r.ip.trim() && !r.hostnames.trim(),
  nodeSelector: r => !r.key.trim() && !r.value.trim(),
  tolerations: r =>
    r.operator === 'Equal' &&
    !r.key.trim() &&
    !r.value.trim() &&
    !r.effect &&
    !r.tolerationSeconds,
  secretEnv: r => !r.name.trim() && !r.secret && !r.key.trim(),
};

function toResourceValues(r: RunParameters['resources']): ResourceValues {
  const out = {} as ResourceValues;
  for (const role of ROLES) {
    out[role] = {} as ResourceValues[Role];
    for (const kind of KINDS) {
      out[role][kind] = {
        cpu: r?.[role]?.[kind]?.cpu ?? '',
        memory: r?.[role]?.[kind]?.memory ?? '',
      };
    }
  }
  return out;
}

export function toTolerationRow(t: Toleration): TolerationRow {
  return {
    key: t.key ?? '',
    operator: t.operator ?? 'Equal',
    value: t.value ?? '',
    effect: t.effect ?? '',
    tolerationSeconds: t.tolerationSeconds?.toString() ?? '',
  };
}

export function fromTolerationRow(r: TolerationRow): Toleration {
  const t: Toleration = { operator: r.operator };
  if (r.key.trim()) t.key = r.key.trim();
  // Exists matches any value: a value typed before switching is kept but not sent
  if (r.operator === 'Equal' && r.value.trim()) t.value = r.value.trim();
  if (r.effect) t.effect = r.effect;
  if (r.tolerationSeconds.trim())
    t.tolerationSeconds = Number(r.tolerationSeconds.trim());
  return t;
}

/** Starts from what the scenario sets; the rest is left to the platform defaults. */
export function toKubernetesValues(
  p: Partial<RunParameters>,
): KubernetesValues {
  return {
    cluster: p.cluster ?? '',
    engine: p.engine ?? '',
    resources: toResourceValues(p.resources),
    hostAliases: (p.hostAliases ?? []).map(a => ({
      ip: a.ip,
      hostnames: a.hostnames.join(', '),
    })),
    nodeSelector: Object.entries(p.nodeSelector ?? {}).map(([key, value]) => ({
      key,
      value,
    })),
    tolerations: (p.tolerations ?? []).map(toTolerationRow),
    secretEnv: (p.secretEnv ?? []).map(s => ({ ...s })),
  };
}

/** The cluster and engine the run gets: the picked one, else the configured default. */
export function effectiveChoice(
  values: KubernetesValues,
  settings?: KubernetesSettings,
): { cluster: string; engine: string } {
  return {
    cluster: values.cluster || settings?.defaultCluster || '',
    engine: values.engine || settings?.defaultEngine || '',
  };
}

/**
 * Position of each row in the list sent to the backend (blank rows are left out),
 * so the API's `hostAliases[1]` finds the row it is about.
 */
export function sentIndexes<K extends ListKey>(
  key: K,
  rows: KubernetesValues[K],
): Array<number | undefined> {
  let next = 0;
  const blank = isBlank[key] as (row: KubernetesValues[K][number]) => boolean;
  return rows.map(r => (blank(r) ? undefined : next++));
}

function sent<K extends ListKey>(
  key: K,
  rows: KubernetesValues[K],
): KubernetesValues[K] {
  const blank = isBlank[key] as (row: KubernetesValues[K][number]) => boolean;
  return rows.filter(r => !blank(r)) as KubernetesValues[K];
}

/**
 * The Kubernetes parameters to send: the cluster and engine, and only what the user
 * filled in. A list the scenario sets is sent even when emptied, so that clearing it
 * takes effect.
 */
export function fromKubernetesValues(
  values: KubernetesValues,
  base: Partial<RunParameters>,
  settings?: KubernetesSettings,
): Partial<RunParameters> {
  const out: Partial<RunParameters> = {};
  const { cluster, engine } = effectiveChoice(values, settings);
  if (cluster) out.cluster = cluster;
  if (engine) out.engine = engine;

  const resources: { master?: PodResources; worker?: PodResources } = {};
  for (const role of ROLES) {
    for (const kind of KINDS) {
      for (const amount of AMOUNTS) {
        const v = values.resources[role][kind][amount].trim();
        if (!v) continue;
        const r = (resources[role] ??= {});
        (r[kind] ??= {})[amount] = v;
      }
    }
  }
  if (Object.keys(resources).length || base.resources)
    out.resources = resources;

  const hostAliases = sent('hostAliases', values.hostAliases).map(a => ({
    ip: a.ip.trim(),
    hostnames: a.hostnames
      .split(/[\s,]+/)
      .map(h => h.trim())
      .filter(Boolean),
  }));
  if (hostAliases.length || base.hostAliases?.length)
    out.hostAliases = hostAliases;

  const nodeSelector: Record<string, string> = {};
  for (const r of sent('nodeSelector', values.nodeSelector))
    nodeSelector[r.key.trim()] = r.value.trim();
  if (
    Object.keys(nodeSelector).length ||
    Object.keys(base.nodeSelector ?? {}).length
  )
    out.nodeSelector = nodeSelector;

  const tolerations = sent('tolerations', values.tolerations).map(
    fromTolerationRow,
  );
  if (tolerations.length || base.tolerations?.length)
    out.tolerations = tolerations;

  const secretEnv = sent('secretEnv', values.secretEnv).map(r => ({
    name: r.name.trim(),
    secret: r.secret,
    key: r.key.trim(),
  }));
  if (secretEnv.length || base.secretEnv?.length) out.secretEnv = secretEnv;
  return out;
}

/** Field paths the section shows an input for, as the API names them. */
export function kubernetesFieldPaths(values: KubernetesValues): string[] {
  const paths = ['parameters.cluster', 'parameters.engine'];
  for (const role of ROLES)
    for (const kind of KINDS)
      for (const amount of AMOUNTS)
        paths.push(`parameters.resources.${role}.${kind}.${amount}`);
  const list = <K extends ListKey>(key: K, names: string[]) =>
    sentIndexes(key, values[key]).forEach(i => {
      if (i !== undefined)
        for (const n of names) paths.push(`parameters.${key}[${i}].${n}`);
    });
  list('hostAliases', ['ip', 'hostnames']);
  sentIndexes('tolerations', values.tolerations).forEach(i => {
    if (i === undefined) return;
    // a toleration is chosen whole: a message on any part of it is the row's
    paths.push(`parameters.tolerations[${i}]`);
    for (const n of ['key', 'operator', 'value', 'effect', 'tolerationSeconds'])
      paths.push(`parameters.tolerations[${i}].${n}`);
  });
  list('secretEnv', ['name', 'secret', 'key']);
  for (const r of sent('nodeSelector', values.nodeSelector))
    paths.push(`parameters.nodeSelector.${r.key.trim()}`);
  return paths;
}

/** Fields of the Kubernetes section: a field error here opens it. */
export function isKubernetesField(field: string): boolean {
  return /^parameters\.(cluster|engine|resources|hostAliases|nodeSelector|tolerations|secretEnv)\b/.test(
    field,
  );
}

/** What the user changed beyond cluster and engine, for the collapsed summary. */
export function describeCustomizations(values: KubernetesValues): string[] {
  const parts: string[] = [];
  const plural = (n: number, one: string, many = `${one}s`) =>
    `${n} ${n === 1 ? one : many}`;
  const amounts = ROLES.flatMap(role =>
    KINDS.flatMap(kind =>
      AMOUNTS.map(a => values.resources[role][kind][a].trim()),
    ),
  ).filter(Boolean).length;
  if (amounts) parts.push('custom resources');
  const count = (key: ListKey) => sent(key, values[key] as never[]).length;
  const n = {
    hostAliases: count('hostAliases'),
    nodeSelector: count('nodeSelector'),
    tolerations: count('tolerations'),
    secretEnv: count('secretEnv'),
  };
  if (n.hostAliases)
    parts.push(plural(n.hostAliases, 'host alias', 'host aliases'));
  if (n.nodeSelector) parts.push(plural(n.nodeSelector, 'node label'));
  if (n.tolerations) parts.push(plural(n.tolerations, 'toleration'));
  if (n.secretEnv) parts.push(plural(n.secretEnv, 'secret variable'));
  return parts;
}
