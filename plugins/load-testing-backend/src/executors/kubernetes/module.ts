import { readLoadTestingConfig } from '../../config';
import { executorModule } from '../executorModule';
import { KubernetesExecutor } from './KubernetesExecutor';
import { RunLogStore } from '../../database/RunLogStore';

/**
 * The `kubernetes` executor: each run in a namespace of its own, Locust as Jobs, when
 * `loadTesting.executors.kubernetes` is configured.
 * @public
 */
export const loadTestingModuleKubernetesExecutor = executorModule(
  'kubernetes-executor',
  ({ config, logger, database }) => {
    const { kubernetes, webhook, local } = readLoadTestingConfig(config);
    if (!kubernetes) return undefined;
    if (!kubernetes.webhookBaseUrl && !webhook.baseUrl)
      logger.warn(
        "Kubernetes runs report to the backend's own URL: set loadTesting.executors.kubernetes.webhookBaseUrl (or loadTesting.webhook.baseUrl) to the URL pods reach the backend at",
      );
    return new KubernetesExecutor(
      kubernetes,
      logger.child({ executor: 'kubernetes' }),
      {
        webhookBaseUrl: webhook.baseUrl,
        logs: {
          store: new RunLogStore(() => database.getClient()),
          maxLogBytes: local.maxLogBytes,
        },
      },
    );
  },
);
