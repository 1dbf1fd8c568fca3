import { RunRow } from '../../database/Store';
import { KubernetesExecutorConfig } from './config';
import { RunTemplates } from './templates';
import { LABELS, templateValues } from './values';

/**
 * Renders the templates once at startup, so a broken override fails early: pods must
 * carry the run and role labels the executor watches them by, and every object must
 * stay in the run's namespace, which must carry the instance label (the sweep and the
 * admission policy of deploy/ go by it).
 */
export function checkRunTemplates(
  templates: RunTemplates,
  config: KubernetesExecutorConfig,
) {
  const values = templateValues({
    run: {
      id: '00000000-0000-4000-8000-000000000000',
      scenarioId: '00000000-0000-4000-8000-000000000001',
      scenarioName: 'check',
      entityRef: 'component:default/check',
      script: '',
      parameters: {
        users: 1,
        spawnRate: 1,
        duration: 1,
        workers: 1,
        host: 'http://127.0.0.1',
        executor: 'kubernetes',
      },
    } as RunRow,
    spec: {
      webhookUrl: 'http://127.0.0.1/',
      secret: 'x',
      intervalSeconds: 5,
    },
    config,
    engine: config.engines[0],
  });
  const objects = templates.renderAll(values);
  for (const [name, role] of [
    ['masterJob', 'master'],
    ['workerJob', 'worker'],
  ] as const) {
    const job = objects[name] as any;
    const labels = job.spec?.template?.metadata?.labels ?? {};
    if (labels[LABELS.run] === undefined || labels[LABELS.role] !== role) {
      throw new Error(
        `Kubernetes template ${name}: its pods must carry the labels ${LABELS.run} and ${LABELS.role}=${role} (use \${${role}.labels})`,
      );
    }
  }
  const ns = objects.namespace.metadata;
  if (
    ns.name !== values.namespace ||
    ns.labels?.[LABELS.instance] !== config.instance
  ) {
    throw new Error(
      `Kubernetes template namespace: it must be named \${namespace} and carry the label ${LABELS.instance}=${config.instance} (use \${labels})`,
    );
  }
  for (const [name, o] of Object.entries(objects)) {
    if (o.kind !== 'Namespace' && o.metadata.namespace !== values.namespace) {
      throw new Error(
        `Kubernetes template ${name}: it must be in the run's namespace (namespace: \${namespace})`,
      );
    }
  }
}
