import {
  DatabaseService,
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
    /** The plugin's database (its tables are made when the plugin starts). */
    database: DatabaseService;
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
          database: coreServices.database,
        },
        async init({ executors, config, logger, database }) {
          const executor = create({ config, logger, database });
          if (executor) executors.addExecutor(executor);
        },
      });
    },
  });
}
