import {
  FieldError,
  RunParameters,
} from '@internal/plugin-load-testing-common';
import { KubernetesExecutorConfig } from './config';
import { EgressPlan, checkHostAliases } from './networkPolicy';
import { checkPlacement } from './placementPolicy';
import { parseQuantity } from './values';

/**
 * Field errors for what a run may not have on this backend: unknown clusters and
 * engines, requests above limits, unknown Secrets, host aliases outside the
 * networks runs may reach, tolerations and node labels outside the platform's policy.
 */
export function checkRunParameters(
  params: RunParameters,
  config: KubernetesExecutorConfig,
  plan: EgressPlan,
): FieldError[] {
  const errors: FieldError[] = [];
  const clusters = config.clusters.map(c => c.name);
  if (params.cluster !== undefined && !clusters.includes(params.cluster)) {
    errors.push({
      field: 'parameters.cluster',
      message: `is not a configured cluster; choose one of ${clusters.join(', ')}`,
    });
  }
  if (
    params.engine !== undefined &&
    !config.engines.some(e => e.name === params.engine)
  ) {
    errors.push({
      field: 'parameters.engine',
      message: `is not a configured engine; choose one of ${config.engines.map(e => e.name).join(', ')}`,
    });
  }
  for (const role of ['master', 'worker'] as const) {
    const own = params.resources?.[role];
    for (const r of ['cpu', 'memory'] as const) {
      const request = own?.requests?.[r];
      const limit = own?.limits?.[r];
      if (request && limit && parseQuantity(request) > parseQuantity(limit)) {
        errors.push({
          field: `parameters.resources.${role}.requests.${r}`,
          message: `must not exceed the ${r} limit of ${limit}`,
        });
      }
    }
  }
  errors.push(...checkHostAliases(params, plan));
  errors.push(...checkPlacement(params, config.placement));
  (params.secretEnv ?? []).forEach((s, i) => {
    if (!config.secrets.includes(s.secret)) {
      errors.push({
        field: `parameters.secretEnv[${i}].secret`,
        message: config.secrets.length
          ? `is not an allowed Secret; allowed: ${config.secrets.join(', ')}`
          : 'no Secrets are allowed (loadTesting.executors.kubernetes.secrets)',
      });
    }
  });
  return errors;
}
