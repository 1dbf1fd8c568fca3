import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  FieldError,
  RunParameters,
  checkLimits,
  isTargetAllowed,
  resolveRunParameters,
} from '@internal/plugin-load-testing-common';
import { LoadTestingConfig } from '../config';
import { Executor } from '../executors/types';
import { RefusedError, throwIfInvalid } from './errors';
import { ScriptAnalysis, ScriptChecker } from './scriptCheck';

/**
 * What a scenario must satisfy to be saved and a run to start: the same rules for both,
 * so a saved scenario is always runnable by its owner.
 */
export class Admission {
  constructor(
    private readonly deps: {
      config: LoadTestingConfig;
      executors: Map<string, Executor>;
      scripts: ScriptChecker;
      catalog: CatalogService;
      logger: LoggerService;
    },
  ) {}

  /** The entity exists in the catalog and the caller can see it. */
  async requireEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const entity = await this.deps.catalog
      .getEntityByRef(entityRef, { credentials })
      .catch(e => {
        this.deps.logger.warn(`Could not look up ${entityRef}: ${e}`);
        throw e;
      });
    if (!entity) {
      throwIfInvalid([
        { field: 'entityRef', message: `${entityRef} is not in the catalog` },
      ]);
    }
  }

  /** Syntax and classes of a script, without running it. */
  checkScript(script: string): Promise<ScriptAnalysis> {
    return this.deps.scripts.check(script);
  }

  /** What a scenario's parameters default to on this backend. */
  defaults(): Partial<RunParameters> {
    return { executor: this.deps.config.settings.defaultExecutor };
  }

  /**
   * Resolved parameters, or a 400 naming each field the platform refuses, or a 403 for a
   * target outside the allowlist.
   */
  checkParameters(
    base: Partial<RunParameters> | undefined,
    overrides: Partial<RunParameters> | undefined,
    shapeClass: string | undefined,
    /** The entity whose scenario it is: what a run may use can depend on it. */
    entityRef: string,
  ): RunParameters {
    const { config, executors } = this.deps;
    const settings = config.settings;
    const { value: params, errors } = resolveRunParameters(
      { executor: settings.defaultExecutor, ...base },
      overrides,
    );
    throwIfInvalid(errors);
    errors.push(...checkLimits(params, settings.limits));
    if (shapeClass && params.stages?.length) {
      errors.push({
        field: 'parameters.stages',
        message: `cannot apply: the script's LoadTestShape (${shapeClass}) decides users over time`,
      });
    }
    const executor = executors.get(params.executor);
    if (executor?.validate)
      errors.push(...executor.validate(params, { entityRef }));
    if (!executor) {
      errors.push({
        field: 'parameters.executor',
        message:
          params.executor === 'local'
            ? 'the local executor is disabled on this backend (loadTesting.executors.local.enabled)'
            : `the ${params.executor} executor is not configured on this backend`,
      });
    }
    throwIfInvalid(errors);
    this.requireTarget(params.host);
    return params;
  }

  private requireTarget(host: string) {
    const allow = this.deps.config.settings.targets.allow;
    if (isTargetAllowed(host, allow)) return;
    const allowed = allow.join(', ') || 'no targets are allowed';
    const fields: FieldError[] = [
      {
        field: 'parameters.host',
        message: `is not an allowed target; allowed: ${allowed}`,
      },
    ];
    throw new RefusedError(
      `Target ${host} is not in the allowlist (loadTesting.targets.allow): ${allowed}`,
      fields,
    );
  }
}
