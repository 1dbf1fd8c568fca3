import {
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  ExecutorName,
  LoadTestingSettings,
} from '@internal/plugin-load-testing-common';
import os from 'os';
import path from 'path';
import {
  KubernetesExecutorConfig,
  kubernetesSettings,
  readKubernetesConfig,
} from './executors/kubernetes/config';
import {
  RetentionConfig,
  readRetentionConfig,
} from './services/housekeeping/retentionConfig';

/** Resolved plugin configuration with defaults applied. */
export interface LoadTestingConfig {
  settings: LoadTestingSettings;
  local: {
    enabled: boolean;
    locustCommand: string;
    workDir: string;
    stopGraceSeconds: number;
    maxLogBytes: number;
    keepRunFilesDays: number;
  };
  /** Present when the kubernetes executor is enabled. */
  kubernetes?: KubernetesExecutorConfig;
  webhook: {
    baseUrl?: string;
    signingKey?: string;
    toleranceSeconds: number;
  };
  scripts: {
    /** Python that checks scripts' syntax at save, without running them. */
    python?: string;
  };
  sources: {
    /** How often scenarios kept in repositories are read again. */
    schedule: SchedulerServiceTaskScheduleDefinition;
  };
  /** What is kept of finished runs, and for how long. */
  retention: RetentionConfig;
}

export function readLoadTestingConfig(root: Config): LoadTestingConfig {
  const c = root.getOptionalConfig('loadTesting');
  const localEnabled =
    c?.getOptionalBoolean('executors.local.enabled') ?? false;
  const kubernetes = readKubernetesConfig(root);
  const executors: ExecutorName[] = [
    ...(localEnabled ? (['local'] as const) : []),
    ...(kubernetes ? (['kubernetes'] as const) : []),
  ];
  // the executors modules add are known at the plugin's start: it settles the default
  const defaultExecutor =
    c?.getOptionalString('defaultExecutor') ?? executors[0] ?? 'local';
  const signingKey = c?.getOptionalString('webhook.signingKey');
  if (!signingKey && process.env.NODE_ENV === 'production') {
    throw new Error(
      'loadTesting.webhook.signingKey is required in production: the secret of each run derives from it (for example signingKey: ${LOAD_TESTING_SIGNING_KEY})',
    );
  }
  if (kubernetes && !signingKey) {
    throw new Error(
      'loadTesting.webhook.signingKey is required with the kubernetes executor: its runs outlive backend restarts and must still be able to report',
    );
  }
  return {
    settings: {
      executors,
      defaultExecutor,
      limits: {
        maxUsers: c?.getOptionalNumber('limits.maxUsers') ?? 1000,
        maxWorkers: c?.getOptionalNumber('limits.maxWorkers') ?? 8,
        maxDurationSeconds:
          c?.getOptionalNumber('limits.maxDurationSeconds') ?? 3600,
        maxConcurrentRunsPerEntity:
          c?.getOptionalNumber('limits.maxConcurrentRunsPerEntity') ?? 2,
      },
      targets: { allow: c?.getOptionalStringArray('targets.allow') ?? [] },
      sampleIntervalSeconds: c?.getOptionalNumber('sampleIntervalSeconds') ?? 5,
      ...(kubernetes ? { kubernetes: kubernetesSettings(kubernetes) } : {}),
    },
    local: {
      enabled: localEnabled,
      locustCommand:
        c?.getOptionalString('executors.local.locustCommand') ??
        process.env.LOCUST_BIN ??
        'locust',
      workDir: path.resolve(
        c?.getOptionalString('executors.local.workDir') ??
          path.join(os.tmpdir(), 'backstage-load-testing'),
      ),
      stopGraceSeconds:
        c?.getOptionalNumber('executors.local.stopGraceSeconds') ?? 15,
      maxLogBytes:
        c?.getOptionalNumber('limits.maxLogBytes') ?? 32 * 1024 * 1024,
      keepRunFilesDays:
        c?.getOptionalNumber('executors.local.keepRunFilesDays') ?? 7,
    },
    kubernetes,
    webhook: {
      baseUrl: c?.getOptionalString('webhook.baseUrl'),
      signingKey,
      toleranceSeconds: c?.getOptionalNumber('webhook.toleranceSeconds') ?? 300,
    },
    sources: {
      schedule: c?.has('sources.schedule')
        ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
            c.getConfig('sources.schedule'),
          )
        : {
            frequency: { minutes: 10 },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 30 },
          },
    },
    retention: readRetentionConfig(root),
    scripts: {
      python:
        c?.getOptionalString('scripts.python') ??
        process.env.LOCUST_PYTHON ??
        'python3',
    },
  };
}
