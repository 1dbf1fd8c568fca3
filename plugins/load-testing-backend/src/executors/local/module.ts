import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { loadTestingExecutorsExtensionPoint } from '@internal/plugin-load-testing-node';
import { readLoadTestingConfig } from '../../config';
import { LocalExecutor } from './LocalExecutor';

/**
 * The `local` executor: Locust master and workers as processes on the backend's host,
 * when `loadTesting.executors.local.enabled` is true. For development and trials.
 * @public
 */
export const loadTestingModuleLocalExecutor = createBackendModule({
  pluginId: 'load-testing',
  moduleId: 'local-executor',
  register(env) {
    env.registerInit({
      deps: {
        executors: loadTestingExecutorsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ executors, config, logger }) {
        const { local } = readLoadTestingConfig(config);
        if (!local.enabled) return;
        executors.addExecutor(
          new LocalExecutor({
            ...local,
            logger: logger.child({ executor: 'local' }),
          }),
        );
        logger.warn(
          'The local executor is enabled: Locust scripts run as processes on this host',
        );
      },
    });
  },
});
