import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { loadTestingExecutorsExtensionPoint } from '@internal/plugin-load-testing-node';
import { readLoadTestingConfig } from '../../config';
import { KubernetesExecutor } from './KubernetesExecutor';

/**
 * The `kubernetes` executor: each run in a namespace of its own, Locust as Jobs, when
 * `loadTesting.executors.kubernetes` is configured.
 * @public
 */
export const loadTestingModuleKubernetesExecutor = createBackendModule({
  pluginId: 'load-testing',
  moduleId: 'kubernetes-executor',
  register(env) {
    env.registerInit({
      deps: {
        executors: loadTestingExecutorsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ executors, config, logger }) {
        const { kubernetes, webhook } = readLoadTestingConfig(config);
        if (!kubernetes) return;
        if (!kubernetes.webhookBaseUrl && !webhook.baseUrl)
          logger.warn(
            "Kubernetes runs report to the backend's own URL: set loadTesting.executors.kubernetes.webhookBaseUrl (or loadTesting.webhook.baseUrl) to the URL pods reach the backend at",
          );
        executors.addExecutor(
          new KubernetesExecutor(
            kubernetes,
            logger.child({ executor: 'kubernetes' }),
            { webhookBaseUrl: webhook.baseUrl },
          ),
        );
      },
    });
  },
});
