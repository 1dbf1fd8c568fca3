import { readLoadTestingConfig } from '../../config';
import { executorModule } from '../executorModule';
import { LocalExecutor } from './LocalExecutor';

/**
 * The `local` executor: Locust master and workers as processes on the backend's host,
 * when `loadTesting.executors.local.enabled` is true. For development and trials.
 * @public
 */
export const loadTestingModuleLocalExecutor = executorModule(
  'local-executor',
  ({ config, logger }) => {
    const { local } = readLoadTestingConfig(config);
    if (!local.enabled) return undefined;
    logger.warn(
      'The local executor is enabled: Locust scripts run as processes on this host',
    );
    return new LocalExecutor({
      ...local,
      logger: logger.child({ executor: 'local' }),
    });
  },
);
