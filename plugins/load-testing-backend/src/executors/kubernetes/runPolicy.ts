import {
  FieldError,
  RunParameters,
} from '@internal/plugin-load-testing-common';
import { KubernetesExecutorConfig } from './config';
import { EgressPlan, checkHostAliases } from './networkPolicy';
import { checkPlacement } from './placementPolicy';
import { checkSecretEnv } from './secretsPolicy';
import { parseQuantity } from './values';

/** Who asks for a run: the entity whose scenario it runs. */
export interface RunContext {
  entityRef?: string;
}

/**
 * Field errors for what a run may not have on this backend: unknown clusters and
 * engines, requests above limits, tolerations, node labels, Secrets and host
 * aliases outside the platform's policy.
 */
export function checkRunParameters(
  params: RunParameters,
  context: RunContext,
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
  errors.push(...checkSecretEnv(params, context.entityRef, config.secrets));
  return errors;
}
