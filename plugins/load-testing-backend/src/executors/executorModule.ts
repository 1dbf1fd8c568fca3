import {
  LoggerService,
  RootConfigService,
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { loadTestingExecutorsExtensionPoint } from '@internal/plugin-load-testing-node';
import { Executor } from './types';

/**
 * A backend module that adds one executor of this package, when `create` makes one (its
 * configuration enables it).
 */
export function executorModule(
  moduleId: string,
  create: (deps: {
    config: RootConfigService;
    logger: LoggerService;
  }) => Executor | undefined,
) {
  return createBackendModule({
    pluginId: 'load-testing',
    moduleId,
    register(env) {
      env.registerInit({
        deps: {
          executors: loadTestingExecutorsExtensionPoint,
          config: coreServices.rootConfig,
          logger: coreServices.logger,
        },
        async init({ executors, config, logger }) {
          const executor = create({ config, logger });
          if (executor) executors.addExecutor(executor);
        },
      });
    },
  });
}
