import {
  PodResources,
  RunParameters,
  Toleration,
} from '@internal/plugin-load-testing-common';
import fs from 'fs';
import path from 'path';
import { RunRow } from '../../database/Store';
import {
  ENGINE_DIR,
  ENGINE_FILES,
  masterArgs,
  monitorEnv,
  shellQuote,
  workerArgs,
} from '../../engines/locust/command';
import { ExecutorRunSpec } from '../types';
import { EngineConfig, KubernetesExecutorConfig } from './config';
import type { EgressRule } from './networkPolicy';

/** The egress rules of a run's NetworkPolicy, by what they let pods reach. */
export interface RunEgress {
  dns: EgressRule[];
  webhook: EgressRule[];
  targets: EgressRule[];
}

/** Where the ConfigMap is mounted in every pod. */
export const MOUNT = '/mnt/load-test';
export const MASTER_PORT = 5557;

export const LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  instance: 'load-testing.dev/instance',
  run: 'load-testing.dev/run',
  scenario: 'load-testing.dev/scenario',
  entity: 'load-testing.dev/entity',
  role: 'load-testing.dev/role',
};
export const MANAGED_BY = 'backstage-load-testing';

/** A label value from any text: at most 63 characters of [A-Za-z0-9-_.]. */
export function labelValue(text: string): string {
  return text
    .replace(/[^A-Za-z0-9-_.]+/g, '.')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

const UNITS: Record<string, number> = {
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The number a Kubernetes quantity stands for, e.g. `500m` → 0.5, `1Gi` → 1073741824. */
export function parseQuantity(q: string): number {
  const m = /^([0-9.]+)([A-Za-z]*)$/.exec(q);
  if (!m || !(m[2] in UNITS)) return NaN;
  return Number(m[1]) * UNITS[m[2]];
}

/**
 * The run's resources of one role over the configured defaults, key by key. A limit
 * the run sets below a default request lowers that request, and a request above a
 * default limit raises that limit, as Kubernetes requires requests ≤ limits.
 */
export function mergeResources(
  defaults: PodResources,
  own: PodResources | undefined,
): PodResources {
  const requests = { ...defaults.requests, ...own?.requests };
  const limits = { ...defaults.limits, ...own?.limits };
  for (const r of ['cpu', 'memory'] as const) {
    const request = requests[r];
    const limit = limits[r];
    if (!request || !limit || !(parseQuantity(limit) < parseQuantity(request)))
      continue;
    // the run's own value wins over the default it contradicts
    if (own?.limits?.[r] && !own?.requests?.[r]) requests[r] = limit;
    else if (own?.requests?.[r] && !own?.limits?.[r]) limits[r] = request;
  }
  const out: PodResources = {};
  if (Object.keys(requests).length) out.requests = requests;
  if (Object.keys(limits).length) out.limits = limits;
  return out;
}

function orUndefined<T>(list: T[] | undefined): T[] | undefined {
  return list && list.length ? list : undefined;
}

/** The Jobs' start command: `sh start.sh master|worker`. */
export function startScript(
  params: RunParameters,
  serviceName: string,
  startTimeoutSeconds: number,
  shapeDriven = false,
): string {
  const common = {
    shapeDriven,
    scriptFile: `${MOUNT}/locustfile.py`,
    engineDir: MOUNT,
    params,
    masterPort: MASTER_PORT,
    expectWorkersMaxWait: startTimeoutSeconds,
  };
  const line = (args: string[]) => args.map(shellQuote).join(' ');
  return [
    '#!/bin/sh',
    '# Started by the Jobs of a load test run: sh start.sh master|worker',
    'set -e',
    'cd /tmp',
    'case "$1" in',
    `  master) exec locust ${line(masterArgs({ ...common, masterHost: '0.0.0.0' }))} ;;`,
    `  worker) exec locust ${line(workerArgs({ ...common, masterHost: serviceName }))} ;;`,
    '  *) echo "usage: start.sh master|worker" >&2; exit 2 ;;',
    'esac',
    '',
  ].join('\n');
}

let engineFiles: Record<string, string> | undefined;

/** The engine's Python files by name, as the run's ConfigMap holds them. */
function readEngineFiles() {
  engineFiles ??= Object.fromEntries(
    ENGINE_FILES.map(name => [
      name,
      fs.readFileSync(path.join(ENGINE_DIR, name), 'utf8'),
    ]),
  );
  return engineFiles;
}

export interface RunNames {
  namespace: string;
  secret: string;
  configMap: string;
  service: string;
  master: string;
  workers: string;
  networkPolicy: string;
}

export function runNames(prefix: string, runId: string): RunNames {
  return {
    namespace: `${prefix}${runId}`,
    secret: 'webhook',
    configMap: 'load-test',
    service: 'master',
    master: 'master',
    workers: 'workers',
    networkPolicy: 'load-test',
  };
}

/** Everything the templates can use for one run. */
export function templateValues(options: {
  run: RunRow;
  spec: Pick<ExecutorRunSpec, 'webhookUrl' | 'secret' | 'intervalSeconds'> &
    Partial<Pick<ExecutorRunSpec, 'limits'>>;
  config: KubernetesExecutorConfig;
  engine: EngineConfig;
  /** The NetworkPolicy's egress rules (networkPolicy.ts); none until resolved. */
  egress?: RunEgress;
}) {
  const { run, spec, config, engine } = options;
  const params = run.parameters;
  const names = runNames(config.namespacePrefix, run.id);
  const labels: Record<string, string> = {
    [LABELS.managedBy]: MANAGED_BY,
    [LABELS.instance]: config.instance,
    [LABELS.run]: run.id,
    [LABELS.scenario]: run.scenarioId,
    [LABELS.entity]: labelValue(run.entityRef.replace(/[:/]/g, '.')),
  };
  const annotations = {
    'load-testing.dev/entity-ref': run.entityRef,
    'load-testing.dev/scenario-name': run.scenarioName,
    'load-testing.dev/created-by': run.createdBy,
  };
  const env = monitorEnv({
    runId: run.id,
    webhookUrl: spec.webhookUrl,
    secret: spec.secret,
    intervalSeconds: spec.intervalSeconds,
    params,
    limits: spec.limits,
  });
  // the secret comes from the run's Secret, not from the pod spec
  delete env.LT_WEBHOOK_SECRET;
  const baseEnv = [
    ...Object.entries({
      ...env,
      PYTHONUNBUFFERED: '1',
      PYTHONDONTWRITEBYTECODE: '1',
    }).map(([name, value]) => ({ name, value })),
    ...(params.secretEnv ?? []).map(s => ({
      name: s.name,
      valueFrom: { secretKeyRef: { name: s.secret, key: s.key } },
    })),
  ];
  const role = (r: 'master' | 'worker') => ({
    labels: { ...labels, [LABELS.role]: r },
    selector: { [LABELS.run]: run.id, [LABELS.role]: r },
    resources: mergeResources(config.resources[r], params.resources?.[r]),
    env: [
      ...baseEnv,
      r === 'master'
        ? { name: 'LT_NODE_NAME', value: 'master' }
        : {
            name: 'LT_NODE_NAME',
            valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
          },
    ],
  });
  const files = readEngineFiles();
  const tolerations: Toleration[] = [
    ...config.tolerations,
    ...(params.tolerations ?? []),
  ];
  const nodeSelector = { ...config.nodeSelector, ...params.nodeSelector };
  const pullSecrets = config.imagePullSecrets.map(name => ({ name }));
  return {
    run: {
      id: run.id,
      entityRef: run.entityRef,
      scenarioId: run.scenarioId,
      scenarioName: run.scenarioName,
    },
    namespace: names.namespace,
    names,
    labels,
    annotations,
    image: engine.image,
    workers: params.workers,
    workerBackoffLimit: Math.max(6, params.workers * 2),
    masterPort: MASTER_PORT,
    master: role('master'),
    worker: role('worker'),
    hostAliases: orUndefined(params.hostAliases),
    nodeSelector: Object.keys(nodeSelector).length ? nodeSelector : undefined,
    tolerations: orUndefined(tolerations),
    affinity: config.affinity,
    imagePullSecrets: orUndefined(pullSecrets),
    serviceAccountName: config.serviceAccountName,
    securityContext: {
      pod: config.podSecurityContext,
      container: config.containerSecurityContext,
    },
    activeDeadlineSeconds:
      config.startTimeoutSeconds +
      params.duration +
      config.deadlineSlackSeconds,
    ttlSecondsAfterFinished: config.ttlSecondsAfterFinished,
    egress: options.egress ?? { dns: [], webhook: [], targets: [] },
    secretData: { LT_WEBHOOK_SECRET: spec.secret },
    files: {
      'locustfile.py': run.script,
      ...files,
      'start.sh': startScript(
        params,
        names.service,
        config.startTimeoutSeconds,
        Boolean(run.shape),
      ),
    },
  };
}
