import {
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { HumanDuration } from '@backstage/types';

/** What retention keeps, and how often it looks. */
export interface RetentionConfig {
  /** When the task runs; always global, one replica at a time. */
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Raw samples of runs finished longer ago are dropped; `false` keeps them. */
  rawSamples: HumanDuration | false;
  /** Runs finished longer ago are deleted (unless archived or a baseline); `false` keeps them. */
  runs: HumanDuration | false;
}

export const DEFAULT_RETENTION_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { hours: 1 },
    timeout: { minutes: 30 },
    initialDelay: { minutes: 5 },
  };

function readAge(
  c: Config | undefined,
  key: string,
  fallback: HumanDuration,
): HumanDuration | false {
  if (!c?.has(key)) return fallback;
  if (c.get(key) === false) return false;
  return readDurationFromConfig(c, { key });
}

/** `loadTesting.retention`: defaults every hour, raw samples 30 days, runs 365 days. */
export function readRetentionConfig(root: Config): RetentionConfig {
  const c = root.getOptionalConfig('loadTesting.retention');
  const schedule = c?.has('schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        c.getConfig('schedule'),
      )
    : DEFAULT_RETENTION_SCHEDULE;
  return {
    schedule: { ...schedule, scope: 'global' },
    rawSamples: readAge(c, 'rawSamples', { days: 30 }),
    runs: readAge(c, 'runs', { days: 365 }),
  };
}
